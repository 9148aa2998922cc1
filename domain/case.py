"""The Case aggregate: the facts recorded about one case, and the rules for changing them.

Nothing is edited in place: a correction and a retraction are events of their
own that name the event they amend. Every class has a stable topic, so stored
events outlive renames and moves of this module.
"""

from __future__ import annotations

from typing import Any
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
        """A case was opened under a slug, with a title."""

        TOPIC = "timeline:Case.Opened"
        slug: str
        title: str

    class FactRecorded(Aggregate.Event):
        """A dated fact was recorded in the case."""

        TOPIC = "timeline:Case.FactRecorded"
        fact: Fact

        def apply(self, case: Any) -> None:
            case.facts[self.originator_version] = self.fact

    class FactCorrected(Aggregate.Event):
        """Fields of an earlier fact were given new values, for a reason."""

        TOPIC = "timeline:Case.FactCorrected"
        target: int
        changes: dict[str, JsonValue]
        reason: str
        sources: tuple[Source, ...]

        def apply(self, case: Any) -> None:
            case.facts[self.target] = with_changes(case.facts[self.target], self.changes)

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
        fact = self.check_live_fact(target)
        try:
            corrected = with_changes(fact, changes)
        except ValidationError as error:
            raise InvalidCorrection(str(EventId(self.slug, target)), describe(error)) from None
        except ValueError as error:
            raise InvalidCorrection(str(EventId(self.slug, target)), str(error)) from None
        dumped = corrected.model_dump(mode="json")
        self.trigger_event(
            self.FactCorrected,
            target=target,
            changes={name: dumped[name] for name in changes},
            reason=reason,
            sources=sources,
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

    def check_live_fact(self, target: int) -> Fact:
        name = str(EventId(self.slug, target))
        if target not in self.facts:
            raise EventNotFound(name)
        if target in self.retracted:
            raise EventAlreadyRetracted(name)
        return self.facts[target]
