"""The views of an in-memory (POPO) store: dictionaries behind the recorder's lock."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Tracking
from eventsourcing.popo import POPOTrackingRecorder

from projections.case_view import CaseView
from projections.record import CaseRecord, TimelineEntry
from projections.views import RecordView, ViewWriter, stored_case_view


class _Tables:
    def __init__(self) -> None:
        self.cases: dict[UUID, CaseRecord] = {}
        self.entries: dict[UUID, dict[int, TimelineEntry]] = {}
        self.views: dict[UUID, CaseView] = {}
        self.tracking: dict[str, int] = {}


class MemoryRecordView(POPOTrackingRecorder, RecordView):
    """Case and timeline views kept in memory, for the in-memory store."""

    def __init__(self) -> None:
        super().__init__()
        self._tables = _Tables()

    def create_tables(self) -> None:
        """Nothing to make: the tables are dictionaries."""

    @contextmanager
    def writing(self) -> Iterator[ViewWriter]:
        with self._database_lock:
            staged = copy.deepcopy(self._tables)  # all or nothing: swapped in on success
            staged.tracking = {k: v for k, v in self._max_tracking_ids.items() if v is not None}
            yield _MemoryWriter(staged)
            self._tables = staged
            self._max_tracking_ids.clear()
            self._max_tracking_ids.update(staged.tracking)

    def timeline(
        self,
        case_id: UUID | None = None,
        low: date | None = None,
        high: date | None = None,
        include_retracted: bool = False,
    ) -> Iterator[TimelineEntry]:
        with self._database_lock:
            groups = (
                [self._tables.entries.get(case_id, {})]
                if case_id
                else self._tables.entries.values()
            )
            found = [
                e
                for group in groups
                for e in group.values()
                if (include_retracted or not e.retracted)
                and (low is None or e.latest is None or e.latest >= low)
                and (high is None or e.earliest is None or e.earliest <= high)
            ]
        return iter(sorted(found, key=TimelineEntry.sort_key))

    def case_view(self, case_id: UUID) -> CaseView | None:
        with self._database_lock:
            return self._tables.views.get(case_id)

    def case_views(self) -> list[CaseView]:
        with self._database_lock:
            order = sorted(self._tables.cases, key=lambda c: self._tables.cases[c].opened)
            return [self._tables.views[c] for c in order]

    def counts(self) -> tuple[int, int]:
        with self._database_lock:
            return len(self._tables.cases), sum(map(len, self._tables.entries.values()))


class _MemoryWriter(ViewWriter):
    def __init__(self, tables: _Tables) -> None:
        self.tables = tables

    def load_case(self, case_id: UUID) -> CaseRecord | None:
        case = self.tables.cases.get(case_id)
        return copy.copy(case) if case else None

    def load_entry(self, case_id: UUID, version: int) -> TimelineEntry | None:
        return self.tables.entries.get(case_id, {}).get(version)

    def put_cases(self, cases: Iterable[tuple[UUID, CaseRecord]]) -> None:
        for case_id, case in cases:
            self.tables.cases[case_id] = CaseRecord(case.slug, case.title, case.opened, case.closed)

    def put_entries(self, entries: Iterable[tuple[UUID, TimelineEntry]]) -> None:
        for case_id, entry in entries:
            self.tables.entries.setdefault(case_id, {})[entry.version] = entry

    def put_case_views(self, views: Iterable[tuple[UUID, CaseView]]) -> None:
        for case_id, view in views:
            self.tables.views[case_id] = view

    def refresh_case_views(self, case_ids: Iterable[UUID] | None) -> None:
        for case_id in self.tables.cases if case_ids is None else case_ids:
            case = copy.copy(self.tables.cases[case_id])
            entries = self.tables.entries.get(case_id, {}).values()
            self.tables.views[case_id] = stored_case_view(case, entries)

    def remove_cases(self, case_ids: Iterable[UUID]) -> None:
        for case_id in case_ids:
            for table in (self.tables.cases, self.tables.entries, self.tables.views):
                table.pop(case_id, None)

    def clear(self, application_name: str) -> None:
        self.tables.cases.clear()
        self.tables.entries.clear()
        self.tables.views.clear()
        self.tables.tracking.pop(application_name, None)

    def track(self, tracking: Tracking) -> None:
        if self.position(tracking.application_name) >= tracking.notification_id:
            raise IntegrityError(f"view already tracked past {tracking.notification_id}")
        self.tables.tracking[tracking.application_name] = tracking.notification_id

    def position(self, application_name: str) -> int:
        return self.tables.tracking.get(application_name, 0)
