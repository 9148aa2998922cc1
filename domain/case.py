"""The Case aggregate: the facts recorded about one case, and the rules for changing them.

Nothing is edited in place: a correction and a retraction are events of their
own that name the event they amend. Every class has a stable topic, so stored
events outlive renames and moves of this module.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from eventsourcing.domain import Snapshot as AggregateSnapshot
from eventsourcing.utils import register_topic
from pydantic import JsonValue
from typing_extensions import TypedDict  # pydantic reads only this one on Python < 3.12

from domain.errors import (
    CaseClosed,
    CaseNotClosed,
    EventAlreadyRetracted,
    EventNotFound,
    InvalidCorrection,
    InvalidDispute,
)
from events.facts import Fact, check_people, checked_changes
from events.ids import EventId, case_id
from events.sources import Source


class CaseState(TypedDict):
    slug: str
    title: str
    closed: bool
    kinds: dict[int, str]
    retracted: set[int]
    _created_on: datetime
    _modified_on: datetime


"""A snapshot's state: the aggregate's attributes, typed so the mapper can read them back."""


class Case(Aggregate):
    """A case: people and what happened to them, as the sources tell it."""

    TOPIC = "timeline:Case"

    class Created(Aggregate.Created):
        TOPIC = "timeline:Case.Created"

    class Opened(Created):
        """A case was opened under a slug, with a title."""

        TOPIC = "timeline:Case.Opened"
        slug: str
        title: str

    class FactRecorded(Aggregate.Event):
        """A dated fact was recorded in the case."""

        TOPIC = "timeline:Case.FactRecorded"
        class_version = 3
        fact: Fact

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 facts named no group: they are about the case's main group."""
            state["fact"].setdefault("group", None)

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            """Version 2 facts were within no group (and a request was for asylum, as one
            that names nothing else still is)."""
            state["fact"].setdefault("within", None)

        def apply(self, case: Any) -> None:
            case.kinds[self.originator_version] = self.fact.kind

    class FactCorrected(Aggregate.Event):
        """Fields of an earlier fact were given new values, for a reason."""

        TOPIC = "timeline:Case.FactCorrected"
        target: int
        changes: dict[str, JsonValue]
        reason: str
        sources: tuple[Source, ...]

    class SourceCited(Aggregate.Event):
        """Sources were cited for an earlier fact: they confirm it, and change nothing."""

        TOPIC = "timeline:Case.SourceCited"
        target: int
        sources: tuple[Source, ...]
        note: str | None

    class ValueDisputed(Aggregate.Event):
        """Sources give other values for fields of an earlier fact; the fact is unchanged."""

        TOPIC = "timeline:Case.ValueDisputed"
        target: int
        values: dict[str, JsonValue]
        sources: tuple[Source, ...]
        note: str | None

    class FactRetracted(Aggregate.Event):
        """An earlier fact was withdrawn from the record, for a reason."""

        TOPIC = "timeline:Case.FactRetracted"
        target: int
        reason: str

        def apply(self, case: Any) -> None:
            case.retracted.add(self.target)

    class Closed(Aggregate.Event):
        """The case was closed."""

        TOPIC = "timeline:Case.Closed"
        reason: str

        def apply(self, case: Any) -> None:
            case.closed = True

    class Reopened(Aggregate.Event):
        """The case was reopened."""

        TOPIC = "timeline:Case.Reopened"
        reason: str

        def apply(self, case: Any) -> None:
            case.closed = False

    class Erased(Aggregate.Event):
        """The case was erased: its data key destroyed, nothing it said readable again. Holds
        the slug and the reason only (who and when are the event's metadata)."""

        TOPIC = "timeline:Case.Erased"
        slug: str
        reason: str

        def apply(self, case: Any) -> None:
            case.closed = True

    def erase(self, reason: str) -> EventId:
        self.trigger_event(self.Erased, slug=self.slug, reason=reason)
        return EventId(self.slug, self.version)

    @staticmethod
    def create_id(slug: str) -> UUID:
        return case_id(slug)

    class Snapshot(AggregateSnapshot):
        """The state of a case at a version, so a long case loads without replaying it all."""

        TOPIC = "timeline:Case.Snapshot"
        state: CaseState  # type: ignore[assignment]  # a dict, typed for the mapper

    @event(Opened)
    def __init__(self, slug: str, title: str) -> None:
        # Only what the rules need: the kind of each fact, by version. The facts
        # themselves live in the events and the views (see `checked_changes`).
        self.slug = slug
        self.title = title
        self.closed = False
        self.kinds: dict[int, str] = {}
        self.retracted: set[int] = set()

    # Commands check, then trigger one event; the state changes only in the
    # event's `apply`. Triggered directly rather than through `@event` methods,
    # whose argument matching costs more than the rest of recording an event.

    def record(self, fact: Fact) -> EventId:
        self.check_open()
        self.trigger_event(self.FactRecorded, fact=fact)
        return EventId(self.slug, self.version)

    def correct(
        self, target: int, changes: dict[str, JsonValue], reason: str, sources: tuple[Source, ...]
    ) -> EventId:
        self.check_open()
        kind = self.check_live_fact(target)
        try:
            checked = checked_changes(kind, changes)
            check_people(kind, checked.get("people"))
        except ValueError as error:
            raise InvalidCorrection(str(EventId(self.slug, target)), str(error)) from None
        self.trigger_event(
            self.FactCorrected, target=target, changes=checked, reason=reason, sources=sources
        )
        return EventId(self.slug, self.version)

    def cite(self, target: int, sources: tuple[Source, ...], note: str | None) -> EventId:
        self.check_open()
        self.check_live_fact(target)
        self.trigger_event(self.SourceCited, target=target, sources=sources, note=note)
        return EventId(self.slug, self.version)

    def dispute(
        self,
        target: int,
        values: dict[str, JsonValue],
        sources: tuple[Source, ...],
        note: str | None,
    ) -> EventId:
        self.check_open()
        kind = self.check_live_fact(target)
        try:
            checked = checked_changes(kind, values)
        except ValueError as error:
            raise InvalidDispute(str(EventId(self.slug, target)), str(error)) from None
        self.trigger_event(
            self.ValueDisputed, target=target, values=checked, sources=sources, note=note
        )
        return EventId(self.slug, self.version)

    def retract(self, target: int, reason: str) -> EventId:
        self.check_open()
        self.check_live_fact(target)
        self.trigger_event(self.FactRetracted, target=target, reason=reason)
        return EventId(self.slug, self.version)

    def close(self, reason: str) -> EventId:
        self.check_open()
        self.trigger_event(self.Closed, reason=reason)
        return EventId(self.slug, self.version)

    def reopen(self, reason: str) -> EventId:
        if not self.closed:
            raise CaseNotClosed(self.slug)
        self.trigger_event(self.Reopened, reason=reason)
        return EventId(self.slug, self.version)

    # guards

    def check_open(self) -> None:
        if self.closed:
            raise CaseClosed(self.slug)

    def check_live_fact(self, target: int) -> str:
        """The kind of the fact at version `target`, which must exist and not be retracted."""
        name = str(EventId(self.slug, target))
        if target not in self.kinds:
            raise EventNotFound(name)
        if target in self.retracted:
            raise EventAlreadyRetracted(name)
        return self.kinds[target]


register_topic(Case.Snapshot.TOPIC, Case.Snapshot)
