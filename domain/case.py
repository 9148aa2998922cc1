"""The Case aggregate: the facts recorded about one case, and the rules for changing them.

Nothing is edited in place: a correction and a retraction are events of their
own that name the event they amend. Every class has a stable topic, so stored
events outlive renames and moves of this module.
"""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event
from pydantic import JsonValue, ValidationError

from domain.errors import (
    CaseClosed,
    CaseNotClosed,
    EventAlreadyRetracted,
    EventNotFound,
    InvalidCorrection,
)
from events.errors import describe
from events.facts import Fact, with_changes
from events.ids import EventId
from events.sources import Source

CASE_NAMESPACE = UUID("6f1c2a4e-8a0b-5d7e-9c3f-2b1d4e5f6a70")


class Case(Aggregate):
    """A case: people and what happened to them, as the sources tell it."""

    TOPIC = "timeline:Case"

    class Created(Aggregate.Created):
        TOPIC = "timeline:Case.Created"

    class Opened(Created):
        TOPIC = "timeline:Case.Opened"
        slug: str
        title: str

    class FactRecorded(Aggregate.Event):
        TOPIC = "timeline:Case.FactRecorded"
        fact: Fact

    class FactCorrected(Aggregate.Event):
        TOPIC = "timeline:Case.FactCorrected"
        target: int
        changes: dict[str, JsonValue]
        reason: str
        sources: tuple[Source, ...]

    class FactRetracted(Aggregate.Event):
        TOPIC = "timeline:Case.FactRetracted"
        target: int
        reason: str

    class Closed(Aggregate.Event):
        TOPIC = "timeline:Case.Closed"
        reason: str

    class Reopened(Aggregate.Event):
        TOPIC = "timeline:Case.Reopened"
        reason: str

    @staticmethod
    def create_id(slug: str) -> UUID:
        return uuid5(CASE_NAMESPACE, slug)

    @event(Opened)
    def __init__(self, slug: str, title: str) -> None:
        self.slug = slug
        self.title = title
        self.closed = False
        self.facts: dict[int, Fact] = {}
        self.retracted: set[int] = set()

    # commands: check, then trigger one event

    def record(self, fact: Fact) -> EventId:
        self.check_open()
        self._record(fact)
        return EventId(self.slug, self.version)

    def correct(
        self, target: int, changes: dict[str, JsonValue], reason: str, sources: tuple[Source, ...]
    ) -> EventId:
        self.check_open()
        fact = self.check_live_fact(target)
        try:
            corrected = with_changes(fact, changes)
        except ValidationError as error:
            raise InvalidCorrection(str(EventId(self.slug, target)), describe(error)) from None
        except ValueError as error:
            raise InvalidCorrection(str(EventId(self.slug, target)), str(error)) from None
        dumped = corrected.model_dump(mode="json")
        self._correct(target, {name: dumped[name] for name in changes}, reason, sources)
        return EventId(self.slug, self.version)

    def retract(self, target: int, reason: str) -> EventId:
        self.check_open()
        self.check_live_fact(target)
        self._retract(target, reason)
        return EventId(self.slug, self.version)

    def close(self, reason: str) -> EventId:
        self.check_open()
        self._close(reason)
        return EventId(self.slug, self.version)

    def reopen(self, reason: str) -> EventId:
        if not self.closed:
            raise CaseNotClosed(self.slug)
        self._reopen(reason)
        return EventId(self.slug, self.version)

    # guards

    def check_open(self) -> None:
        if self.closed:
            raise CaseClosed(self.slug)

    def check_live_fact(self, target: int) -> Fact:
        name = str(EventId(self.slug, target))
        if target not in self.facts:
            raise EventNotFound(name)
        if target in self.retracted:
            raise EventAlreadyRetracted(name)
        return self.facts[target]

    # state changes, only where the events are applied

    @event(FactRecorded)
    def _record(self, fact: Fact) -> None:
        # the version moves on after the event is applied: this event's is one more
        self.facts[self.version + 1] = fact

    @event(FactCorrected)
    def _correct(
        self, target: int, changes: dict[str, JsonValue], reason: str, sources: tuple[Source, ...]
    ) -> None:
        self.facts[target] = with_changes(self.facts[target], changes)

    @event(FactRetracted)
    def _retract(self, target: int, reason: str) -> None:
        self.retracted.add(target)

    @event(Closed)
    def _close(self, reason: str) -> None:
        self.closed = True

    @event(Reopened)
    def _reopen(self, reason: str) -> None:
        self.closed = False
