"""The Case aggregate: the facts recorded about one case, and the rules for changing them.

Nothing is edited in place: a correction and a retraction are events of their
own that name the event they amend. Every class has a stable topic, so stored
events outlive renames and moves of this module.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NotRequired
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from eventsourcing.domain import Snapshot as AggregateSnapshot
from eventsourcing.utils import register_topic
from pydantic import JsonValue
from typing_extensions import TypedDict  # pydantic reads only this one on Python < 3.12

from domain.errors import (
    CaseClosed,
    CaseNotClosed,
    CitationAlreadyRetracted,
    EventAlreadyRetracted,
    EventNotFound,
    InvalidCorrection,
    InvalidDispute,
)
from events.citations import CITATION, DISPUTE, OWN_FIELDS, checked_citation_changes
from events.facts import Fact, check_people, checked_changes
from events.ids import EventId, case_id
from events.sources import Source

Cited = tuple[str, int, int]
"""What the rules need of a citation or dispute: which it is (`citation` or `dispute`), the
version of the dated event it is about, and how many sources it now cites."""


class CaseState(TypedDict):
    slug: str
    title: str
    closed: bool
    kinds: dict[int, str]
    retracted: set[int]
    cited: NotRequired[dict[int, Cited] | None]
    """Absent from a snapshot taken before citations could be amended (`Case.upcast_v1_v2`)."""
    class_version: NotRequired[int]
    _created_on: datetime
    _modified_on: datetime


"""A snapshot's state: the aggregate's attributes, typed so the mapper can read them back."""


class Case(Aggregate):
    """A case: people and what happened to them, as the sources tell it."""

    TOPIC = "timeline:Case"
    class_version = 2
    """Version 2 keeps its citations and disputes (`cited`), to correct or retract them."""

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot of version 1 kept no citations: `cited` is unknown (None), and
        `domain.application.Timeline.get_case` then reads the case from all its events."""
        state["cited"] = None

    class Event(Aggregate.Event):
        """Every event of a case. Defined here, and each event below defined as its subclass:
        eventsourcing would otherwise define it, and each event again as a subclass of it
        (a second dataclass each, made anew at every start of every command)."""

        TOPIC = "timeline:Case.Event"

    class Created(Event, Aggregate.Created):
        TOPIC = "timeline:Case.Created"

    class Opened(Created):
        """A case was opened under a slug, with a title."""

        TOPIC = "timeline:Case.Opened"
        slug: str
        title: str

    class FactRecorded(Event):
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

    class FactCorrected(Event):
        """Fields of an earlier fact were given new values, for a reason."""

        TOPIC = "timeline:Case.FactCorrected"
        target: int
        changes: dict[str, JsonValue]
        reason: str
        sources: tuple[Source, ...]

    class SourceCited(Event):
        """Sources were cited for an earlier fact: they confirm it, and change nothing."""

        TOPIC = "timeline:Case.SourceCited"
        target: int
        sources: tuple[Source, ...]
        note: str | None

        def apply(self, case: Any) -> None:
            case.cited[self.originator_version] = (CITATION, self.target, len(self.sources))

    class ValueDisputed(Event):
        """Sources give other values for fields of an earlier fact; the fact is unchanged."""

        TOPIC = "timeline:Case.ValueDisputed"
        target: int
        values: dict[str, JsonValue]
        sources: tuple[Source, ...]
        note: str | None

        def apply(self, case: Any) -> None:
            case.cited[self.originator_version] = (DISPUTE, self.target, len(self.sources))

    class CitationCorrected(Event):
        """A citation or dispute was given new values, for a reason: its note, its sources
        (all of them anew, or the quote or grade of one, `nth`), a dispute's values. `about`
        is the dated event it confirms or disputes; the event that recorded the citation
        stays as recorded."""

        TOPIC = "timeline:Case.CitationCorrected"
        target: int
        about: int
        changes: dict[str, JsonValue]
        reason: str

        def apply(self, case: Any) -> None:
            sources = self.changes.get("sources")
            if isinstance(sources, list):
                which, about, _ = case.cited[self.target]
                case.cited[self.target] = (which, about, len(sources))

    class CitationRetracted(Event):
        """A citation or dispute was withdrawn, for a reason: it no longer confirms or
        disputes the dated event `about`, and stays in the history."""

        TOPIC = "timeline:Case.CitationRetracted"
        target: int
        about: int
        reason: str

        def apply(self, case: Any) -> None:
            case.retracted.add(self.target)

    class FactRetracted(Event):
        """An earlier fact was withdrawn from the record, for a reason."""

        TOPIC = "timeline:Case.FactRetracted"
        target: int
        reason: str

        def apply(self, case: Any) -> None:
            case.retracted.add(self.target)

    class Closed(Event):
        """The case was closed."""

        TOPIC = "timeline:Case.Closed"
        reason: str

        def apply(self, case: Any) -> None:
            case.closed = True

    class Reopened(Event):
        """The case was reopened."""

        TOPIC = "timeline:Case.Reopened"
        reason: str

        def apply(self, case: Any) -> None:
            case.closed = False

    class Erased(Event):
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
        self.cited: dict[int, Cited] | None = {}

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
        """Correct the dated event at `target`, or the citation or dispute there (whose
        `sources`, where given, are its sources anew: see `correct_citation`)."""
        self.check_open()
        if target in self.citations():
            return self.correct_citation(target, changes, reason, sources)
        kind = self.check_live_fact(target)
        name = str(EventId(self.slug, target))
        if not changes:
            raise InvalidCorrection(name, "give at least one new value")
        cited_only = [k for k in changes if k in OWN_FIELDS and k != "sources"]
        if cited_only:
            raise InvalidCorrection(
                name,
                f"{', '.join(cited_only)}: a field of a citation or dispute, not of a dated "
                f"event ({kind}), whose sources are corrected whole (the field sources)",
            )
        try:
            checked = checked_changes(kind, changes)
            check_people(kind, checked.get("people"))
        except ValueError as error:
            raise InvalidCorrection(name, str(error)) from None
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

    def correct_citation(
        self,
        target: int,
        changes: dict[str, JsonValue],
        reason: str,
        sources: tuple[Source, ...] = (),
    ) -> EventId:
        """New values for the citation or dispute at `target`: `note`, `sources` (given here
        or in `changes`: they replace its sources), `quote` and `grade` of its source `nth`
        (1 for the first; needed where it cites several), and for a dispute the values it
        gives, checked against the kind of the event it disputes."""
        which, about, cites = self.check_live_citation(target, correcting=True)
        name = str(EventId(self.slug, target))
        if sources:
            if "sources" in changes:
                raise InvalidCorrection(name, "sources: give the new sources once")
            changes = {**changes, "sources": [s.model_dump(mode="json") for s in sources]}
        try:
            checked = checked_citation_changes(which, self.kinds[about], cites, changes)
        except ValueError as error:
            raise InvalidCorrection(name, str(error)) from None
        self.trigger_event(
            self.CitationCorrected, target=target, about=about, changes=checked, reason=reason
        )
        return EventId(self.slug, self.version)

    def retract(self, target: int, reason: str) -> EventId:
        """Withdraw the dated event at `target`, or the citation or dispute there."""
        self.check_open()
        if target in self.citations():
            _, about, _ = self.check_live_citation(target, correcting=False)
            self.trigger_event(self.CitationRetracted, target=target, about=about, reason=reason)
            return EventId(self.slug, self.version)
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

    def citations(self) -> dict[int, Cited]:
        """The case's citations and disputes by version (see `Cited`)."""
        if self.cited is None:  # pragma: no cover - `Timeline.get_case` replays such a case
            raise RuntimeError(f"case {self.slug!r} was loaded from a snapshot without them")
        return self.cited

    def check_live_citation(self, target: int, *, correcting: bool) -> Cited:
        """The citation or dispute at version `target`, which must not be retracted."""
        cited = self.citations()[target]
        if target in self.retracted:
            name = str(EventId(self.slug, target))
            raise CitationAlreadyRetracted(cited[0], name, correcting=correcting)
        return cited


register_topic(Case.Snapshot.TOPIC, Case.Snapshot)
