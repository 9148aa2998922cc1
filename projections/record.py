"""The pure fold: what each recorded event does to the record of cases and entries.

This is the single place that decides it. The in-memory reads (as of a past
moment), the persisted views (which hand it a `Loader` so it reads only the rows
an event touches) and the rebuild all go through `Record.apply`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

from pydantic import BaseModel, ConfigDict, JsonValue

from domain.case import Case
from domain.recorded import Recorded
from events.citations import OWN_FIELDS, corrected_sources
from events.edtf import parse_edtf
from events.facts import FACT, Fact, with_changes
from events.ids import EventId
from events.sources import Source


class Amendment(BaseModel):
    """A correction or retraction as it shows on the entry it amends."""

    model_config = ConfigDict(frozen=True)

    id: str
    reason: str
    position: int
    recorded: dt.datetime
    changes: dict[str, JsonValue] | None = None
    sources: tuple[Source, ...] = ()


class Corroboration(BaseModel):
    """Sources cited for an event after it was recorded: they confirm it. As it now stands
    (its corrections made) and its history: the `corrections` and the `retraction` that
    withdrew it (`retracted`: it confirms nothing)."""

    model_config = ConfigDict(frozen=True)

    id: str
    position: int
    recorded: dt.datetime
    sources: tuple[Source, ...]
    note: str | None = None
    corrections: tuple[Amendment, ...] = ()
    retracted: bool = False
    retraction: Amendment | None = None


class Dispute(BaseModel):
    """Sources that give other values for fields of an event, held beside it; settled by a
    later correction of one of those fields. As it now stands, with its history, as a
    `Corroboration` (`retracted`: it disputes nothing)."""

    model_config = ConfigDict(frozen=True)

    id: str
    position: int
    recorded: dt.datetime
    values: dict[str, JsonValue]
    sources: tuple[Source, ...]
    note: str | None = None
    settled_by: str | None = None
    corrections: tuple[Amendment, ...] = ()
    retracted: bool = False
    retraction: Amendment | None = None


class TimelineEntry(BaseModel):
    """One dated event as the record now tells it (corrections applied)."""

    model_config = ConfigDict(frozen=True)

    id: str
    case: str
    kind: str
    date: str
    earliest: dt.date | None
    latest: dt.date | None
    people: int | None
    part: str | None = None
    """`early`, `mid` or `late`: the part of the date the source gives (its bounds stay the
    date's own)."""
    group: str | None = None
    """The group of the case the event is about; None: the case's main group."""
    within: str | None = None
    """The group these people are part of (`main group`: the case's main group)."""
    place: str | None
    actors: tuple[str, ...]
    agencies: tuple[str, ...]
    text: str
    sources: tuple[Source, ...]
    details: dict[str, JsonValue]
    position: int
    recorded: dt.datetime
    corrected: bool
    corrections: tuple[Amendment, ...]
    retracted: bool
    retraction: Amendment | None
    citations: tuple[Corroboration, ...] = ()
    disputes: tuple[Dispute, ...] = ()
    disputed: bool = False
    """Some dispute of the event is neither settled nor retracted."""

    def open_disputes(self) -> tuple[Dispute, ...]:
        """The disputes neither settled nor retracted."""
        return tuple(d for d in self.disputes if d.settled_by is None and not d.retracted)

    def live_citations(self) -> tuple[Corroboration, ...]:
        """The citations that confirm the event: those not retracted."""
        return tuple(c for c in self.citations if not c.retracted)

    def live_disputes(self) -> tuple[Dispute, ...]:
        """The disputes not retracted, settled or not."""
        return tuple(d for d in self.disputes if not d.retracted)

    def all_sources(self) -> tuple[Source, ...]:
        """Every source of the event: its own, its corrections', its citations' and its
        disputes' (none retracted), each once, in that order."""
        return tuple(dict.fromkeys(self.each_source()))

    def each_source(self) -> Iterator[Source]:
        """Every source of the event in the order of `all_sources`, a source cited twice
        given twice: a caller that keeps only what it draws from each (a citation) skips
        hashing the sources themselves."""
        if not (self.corrections or self.citations or self.disputes):
            return iter(self.sources)  # most events: a case view asks this of each
        return self._each_source()

    def _each_source(self) -> Iterator[Source]:
        yield from self.sources
        for amended in (self.corrections, self.live_citations(), self.live_disputes()):
            for item in amended:
                yield from item.sources

    def supporting(self) -> tuple[Source, ...]:
        """The sources that say what the record says: its own, its corrections' and its
        citations' not retracted (a dispute's sources say otherwise)."""
        found = [*self.sources, *(s for c in self.corrections for s in c.sources)]
        cited = (s for c in self.live_citations() for s in c.sources)
        return tuple(dict.fromkeys([*found, *cited]))

    def graded_at_least(self, minimum: str) -> bool:
        """Some source that supports the event is graded `minimum` (`B2`) or better."""
        return any(s.graded_at_least(minimum) for s in self.supporting())

    def rests_on_low_grades(self) -> bool:
        """Every source that supports the event is graded low (reliability D-F or
        credibility 4-6): the summary says the report is unconfirmed."""
        return all(s.graded_low() for s in self.supporting())

    @property
    def version(self) -> int:
        return int(self.id.rpartition(":")[2])

    def sort_key(self) -> tuple[dt.date, dt.date, int]:
        """Earliest possible day, then latest possible day, then recorded position."""
        return (self.earliest or dt.date.min, self.latest or dt.date.max, self.position)

    def fact(self) -> Fact:
        """The fact as the record now tells it."""
        common = {name: getattr(self, name) for name in _COMMON}
        return FACT.validate_python({**common, **self.details})


_COMMON = ("kind", "date", "part", "place", "people", "group", "within", "actors", "agencies",
           "text", "sources")  # fmt: skip
NOT_DETAILS: set[str] = set(_COMMON)
"""The fields of a fact that are not its `details`: what `model_dump` takes to exclude."""


def make_entry(
    event_id: EventId,
    fact: Fact,
    position: int,
    recorded: dt.datetime,
    corrections: tuple[Amendment, ...] = (),
) -> TimelineEntry:
    parsed = parse_edtf(fact.date)
    # validated, not constructed: its nested models are instances already, which pydantic
    # takes as they are, and its checks of the rest run in pydantic-core, where
    # `model_construct`'s loop over the fields runs in Python (about twice the time)
    return TimelineEntry.model_validate(
        {
            "id": str(event_id),
            "case": event_id.case,
            "kind": fact.kind,
            "date": fact.date,
            "part": fact.part,
            "earliest": parsed.earliest,
            "latest": parsed.latest,
            "people": fact.people,
            "group": fact.group,
            "within": fact.within,
            "place": fact.place,
            "actors": fact.actors,
            "agencies": fact.agencies,
            "text": fact.text,
            "sources": fact.sources,
            "details": fact.model_dump(mode="json", exclude=NOT_DETAILS),
            "position": position,
            "recorded": recorded,
            "corrected": bool(corrections),
            "corrections": corrections,
            "retracted": False,
            "retraction": None,
        }
    )


class Loader(Protocol):
    """Where the fold finds rows it has not seen in this run: a persisted view."""

    def load_case(self, case_id: UUID) -> CaseRecord | None: ...

    def load_entry(self, case_id: UUID, version: int) -> TimelineEntry | None: ...


class _Entries(dict[int, TimelineEntry]):
    """A case's entries, read from the loader only when an event needs one."""

    def __init__(self, case_id: UUID, loader: Loader | None) -> None:
        super().__init__()
        self.case_id, self.loader = case_id, loader

    def __missing__(self, version: int) -> TimelineEntry:
        entry = self.loader.load_entry(self.case_id, version) if self.loader else None
        if entry is None:
            raise KeyError(version)
        self[version] = entry
        return entry


@dataclass
class CaseRecord:
    """What the record holds about one case."""

    slug: str
    title: str
    opened: int
    closed: bool = False
    entries: dict[int, TimelineEntry] = field(default_factory=dict)


@dataclass
class Record:
    """Cases and their entries, folded from the recorded events one at a time.

    `changed` collects what the events applied so far touched: the case ids, and
    the (case id, version) of every entry made or amended.
    """

    loader: Loader | None = None
    cases: dict[UUID, CaseRecord] = field(default_factory=dict)
    touched: set[UUID] = field(default_factory=set)
    changed: set[tuple[UUID, int]] = field(default_factory=set)
    erased: set[UUID] = field(default_factory=set)
    """Cases erased by the events applied so far: to be removed from every view."""

    def apply(self, at: Recorded) -> None:
        handler = _HANDLERS.get(type(at.event))
        if handler is None:
            return
        self.touched.add(at.case_id)
        version = handler(self, at)
        if version is not None:
            self.changed.add((at.case_id, version))

    def case(self, case_id: UUID) -> CaseRecord:
        if case_id not in self.cases:
            loaded = self.loader.load_case(case_id) if self.loader else None
            if loaded is None:
                raise KeyError(case_id)
            loaded.entries = _Entries(case_id, self.loader)
            self.cases[case_id] = loaded
        return self.cases[case_id]

    def entries(self, include_retracted: bool = False) -> list[TimelineEntry]:
        """Every entry in timeline order."""
        found = [
            entry
            for case in self.cases.values()
            for entry in case.entries.values()
            if include_retracted or not entry.retracted
        ]
        return sorted(found, key=TimelineEntry.sort_key)


def fold(recorded: Iterable[Recorded]) -> Record:
    record = Record()
    for at in recorded:
        record.apply(at)
    return record


def _opened(record: Record, at: Recorded) -> None:
    e = at.event
    record.cases[at.case_id] = CaseRecord(slug=e.slug, title=e.title, opened=at.position)
    if record.loader is not None:
        record.cases[at.case_id].entries = _Entries(at.case_id, record.loader)


def _fact_recorded(record: Record, at: Recorded) -> int:
    case = record.case(at.case_id)
    version: int = at.event.originator_version
    case.entries[version] = make_entry(
        EventId(case.slug, version), at.event.fact, at.position, at.recorded
    )
    return version


def amendment_by(case: CaseRecord, at: Recorded, **extra: Any) -> Amendment:
    """The amendment `at` (of an event of `case`) makes: its id, reason and moment, and
    `extra` (a correction's changes and sources)."""
    event_id = str(EventId(case.slug, at.event.originator_version))
    return Amendment(
        id=event_id, reason=at.event.reason, position=at.position, recorded=at.recorded, **extra
    )


def _fact_corrected(record: Record, at: Recorded) -> int:
    case = record.case(at.case_id)
    target: int = at.event.target
    old = case.entries[target]
    amendment = amendment_by(case, at, changes=at.event.changes, sources=at.event.sources)
    # a correction of a disputed field settles the dispute
    disputes = tuple(
        d.model_copy(update={"settled_by": amendment.id})
        if d.settled_by is None and not d.retracted and set(d.values) & set(at.event.changes)
        else d
        for d in old.disputes
    )
    corrected = make_entry(
        EventId(case.slug, target),
        with_changes(old.fact(), at.event.changes),
        old.position,
        old.recorded,
        (*old.corrections, amendment),
    )
    case.entries[target] = corrected.model_copy(
        update={"citations": old.citations, "disputes": disputes,
                "disputed": any(d.settled_by is None and not d.retracted for d in disputes)}
    )  # fmt: skip
    return target


def _source_cited(record: Record, at: Recorded) -> int:
    case = record.case(at.case_id)
    target: int = at.event.target
    old = case.entries[target]
    cited = Corroboration(
        id=str(EventId(case.slug, at.event.originator_version)), position=at.position,
        recorded=at.recorded, sources=at.event.sources, note=at.event.note,
    )  # fmt: skip
    case.entries[target] = old.model_copy(update={"citations": (*old.citations, cited)})
    return target


def _value_disputed(record: Record, at: Recorded) -> int:
    case = record.case(at.case_id)
    target: int = at.event.target
    old = case.entries[target]
    dispute = Dispute(
        id=str(EventId(case.slug, at.event.originator_version)), position=at.position,
        recorded=at.recorded, values=at.event.values, sources=at.event.sources,
        note=at.event.note,
    )  # fmt: skip
    case.entries[target] = old.model_copy(
        update={"disputes": (*old.disputes, dispute), "disputed": True}
    )
    return target


def _fact_retracted(record: Record, at: Recorded) -> int:
    case = record.case(at.case_id)
    target: int = at.event.target
    case.entries[target] = case.entries[target].model_copy(
        update={"retracted": True, "retraction": amendment_by(case, at)}
    )
    return target


def _citation_corrected(record: Record, at: Recorded) -> int:
    """The citation or dispute `target` of the entry `about` as corrected: its sources, note
    and (a dispute's) values as the changes give them, the correction kept in its history."""
    case = record.case(at.case_id)
    about: int = at.event.about
    changes = at.event.changes
    amendment = amendment_by(case, at, changes=changes)

    def corrected(item: Corroboration | Dispute) -> dict[str, Any]:
        sources = [s.model_dump(mode="json") for s in item.sources]
        update: dict[str, Any] = {
            "sources": tuple(map(Source.model_validate, corrected_sources(sources, changes))),
            "corrections": (*item.corrections, amendment),
        }
        if "note" in changes:
            update["note"] = changes["note"]
        if isinstance(item, Dispute):
            values = {k: v for k, v in changes.items() if k not in OWN_FIELDS}
            update["values"] = {**item.values, **values}
        return update

    return _amend_citation(case, about, at.event.target, corrected)


def _citation_retracted(record: Record, at: Recorded) -> int:
    """The citation or dispute `target` of the entry `about`, withdrawn: kept, marked."""
    case = record.case(at.case_id)
    retraction = amendment_by(case, at)
    return _amend_citation(
        case, at.event.about, at.event.target,
        lambda _: {"retracted": True, "retraction": retraction},
    )  # fmt: skip


def _amend_citation(
    case: CaseRecord,
    about: int,
    target: int,
    update: Callable[[Corroboration | Dispute], dict[str, Any]],
) -> int:
    old = case.entries[about]
    cited = str(EventId(case.slug, target))
    citations = tuple(c.model_copy(update=update(c)) if c.id == cited else c for c in old.citations)
    disputes = tuple(d.model_copy(update=update(d)) if d.id == cited else d for d in old.disputes)
    case.entries[about] = old.model_copy(
        update={"citations": citations, "disputes": disputes,
                "disputed": any(d.settled_by is None and not d.retracted for d in disputes)}
    )  # fmt: skip
    return about


def _closed(record: Record, at: Recorded) -> None:
    record.case(at.case_id).closed = True


def _reopened(record: Record, at: Recorded) -> None:
    record.case(at.case_id).closed = False


def _erased(record: Record, at: Recorded) -> None:
    """The case leaves the record: nothing of it is shown again (its events before this one
    are read back as `domain.erasure.ErasedEvent`, which no handler folds)."""
    record.cases.pop(at.case_id, None)
    record.touched.discard(at.case_id)
    record.changed = {(case, version) for case, version in record.changed if case != at.case_id}
    record.erased.add(at.case_id)


_HANDLERS: dict[type[Any], Callable[[Record, Recorded], int | None]] = {
    Case.Opened: _opened,
    Case.FactRecorded: _fact_recorded,
    Case.FactCorrected: _fact_corrected,
    Case.SourceCited: _source_cited,
    Case.ValueDisputed: _value_disputed,
    Case.FactRetracted: _fact_retracted,
    Case.CitationCorrected: _citation_corrected,
    Case.CitationRetracted: _citation_retracted,
    Case.Closed: _closed,
    Case.Reopened: _reopened,
    Case.Erased: _erased,
}
