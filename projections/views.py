"""Persisted views of the record, kept exactly once with eventsourcing's tracking.

A `RecordView` is a tracking recorder of its backend that also holds the case
rows and the timeline rows. Every page of events is folded by the pure fold
(`Record.apply`), and the rows it touched are written in the same transaction as
the tracking position, so a view never applies an event twice nor skips one.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from contextvars import ContextVar
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.projection import Projection

from domain.recorded import Recorded
from projections.case_view import CaseView, case_view
from projections.layout import VIEW_NAME, VIEWS_LAYOUT
from projections.record import CaseRecord, Loader, Record, TimelineEntry

READING: ContextVar[bool] = ContextVar("reading", default=False)
"""Whether this thread's catch-up is a reader's (`projections.runner.catch_up_to_read`):
where the views are written by another for longer than the store's lock timeout, a
reader reads them as they stand instead of waiting."""


class ViewWriter(Loader, ABC):
    """One transaction on a view: read what the fold needs, write what it changed."""

    @abstractmethod
    def put_cases(self, cases: Iterable[tuple[UUID, CaseRecord]]) -> None: ...

    @abstractmethod
    def put_entries(self, entries: Iterable[tuple[UUID, TimelineEntry]]) -> None: ...

    @abstractmethod
    def put_case_views(self, views: Iterable[tuple[UUID, CaseView]]) -> None:
        """Store these case views of cases whose rows are written."""

    @abstractmethod
    def refresh_case_views(self, case_ids: Iterable[UUID] | None) -> None:
        """Recompute the stored case views of these cases (all cases if None)."""

    @abstractmethod
    def clear(self, application_name: str) -> None:
        """Drop every row and the tracking position of `application_name`."""

    @abstractmethod
    def remove_cases(self, case_ids: Iterable[UUID]) -> None:
        """Drop the rows of these (erased) cases."""

    @abstractmethod
    def track(self, tracking: Tracking) -> None:
        """Record the position; raises IntegrityError unless it moves forward."""

    @abstractmethod
    def position(self, application_name: str) -> int:
        """The tracked position as this transaction sees it (0 if none)."""

    def set_layout(self, layout: int) -> None:
        """Record that the views are written in `layout` (after a rebuild)."""


class RecordView(TrackingRecorder, ABC):
    """The case and timeline views, next to the events, with their tracking position."""

    @abstractmethod
    def create_tables(self) -> None:
        """Make the view's tables where they are missing."""

    @abstractmethod
    def writing(self) -> AbstractContextManager[ViewWriter]:
        """A transaction: committed on a clean exit, rolled back on an error."""

    def positions(self, app: Application[UUID]) -> tuple[int, int]:
        """Where the views are (the position tracked for `app`) and where the store is (its
        last event's position), 0 for none; views in a database read both in one statement
        (`storage.sqlite`, `storage.postgres`), so both are of one moment."""
        return self.max_tracking_id(app.name) or 0, app.recorder.max_notification_id() or 0

    @abstractmethod
    def timeline(
        self,
        case_id: UUID | None = None,
        low: date | None = None,
        high: date | None = None,
        include_retracted: bool = False,
    ) -> Iterator[TimelineEntry]:
        """Entries in timeline order, of one case and overlapping [low, high] if given,
        streamed from one snapshot of the view: memory stays bounded."""

    @abstractmethod
    def case_view(self, case_id: UUID) -> CaseView | None: ...

    @abstractmethod
    def case_views(self) -> list[CaseView]:
        """Every case in the order it was opened."""

    @abstractmethod
    def counts(self) -> tuple[int, int]:
        """How many case rows and timeline rows the view holds."""

    def layout(self) -> int:
        """The layout the views were written in (0 where none was recorded)."""
        return VIEWS_LAYOUT


def apply_page(writer: ViewWriter, page: Sequence[Recorded]) -> None:
    """Fold a page of events through the pure fold and write the rows it touched."""
    record = Record(loader=writer)
    for at in page:
        record.apply(at)
    write_changes(writer, record)
    writer.refresh_case_views(record.touched)


def write_changes(writer: ViewWriter, record: Record) -> None:
    """Write the case rows and entries the events folded into `record` touched, and remove
    the cases they erased (case views are the caller's)."""
    writer.put_cases((case_id, record.cases[case_id]) for case_id in record.touched)
    writer.put_entries(
        (case_id, record.cases[case_id].entries[version]) for case_id, version in record.changed
    )
    if record.erased:
        writer.remove_cases(record.erased)


def stored_case_view(case: CaseRecord, entries: Iterable[TimelineEntry]) -> CaseView:
    """The case view of a stored case row and its stored entries."""
    case.entries = {entry.version: entry for entry in entries}
    return case_view(case)


class RecordProjection(Projection[RecordView]):
    """The views as an eventsourcing `Projection`: what `ProjectionRunner` drives where the
    store can be subscribed to (PostgreSQL, and memory). Each event is folded and tracked
    in one transaction of the view, as the pull loop does a page at a time."""

    name = VIEW_NAME

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        with self.view.writing() as writer:
            if writer.position(tracking.application_name) >= tracking.notification_id:
                return  # a reader caught the views up past this event first
            apply_page(writer, [Recorded(tracking.notification_id, domain_event)])
            writer.track(tracking)
