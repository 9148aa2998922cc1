"""The pure fold: what each recorded event does to the record of cases and entries.

This is the single place that decides it; the timeline, the case views, the
as-of reads and (later) the persisted views all reuse it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, JsonValue

from domain.case import Case
from domain.recorded import Recorded
from events.edtf import parse_edtf
from events.facts import Fact, agencies_of, with_changes
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

    def sort_key(self) -> tuple[dt.date, dt.date, int]:
        """Earliest possible day, then latest possible day, then recorded position."""
        return (self.earliest or dt.date.min, self.latest or dt.date.max, self.position)


_COMMON = ("kind", "date", "place", "people", "actors", "agencies", "text", "sources")


def make_entry(
    event_id: EventId,
    fact: Fact,
    position: int,
    recorded: dt.datetime,
    corrections: tuple[Amendment, ...] = (),
    retraction: Amendment | None = None,
) -> TimelineEntry:
    parsed = parse_edtf(fact.date)
    dumped = fact.model_dump(mode="json")
    return TimelineEntry(
        id=str(event_id),
        case=event_id.case,
        kind=fact.kind,
        date=fact.date,
        earliest=parsed.earliest,
        latest=parsed.latest,
        people=fact.people,
        place=fact.place,
        actors=fact.actors,
        agencies=agencies_of(fact),
        text=fact.text,
        sources=fact.sources,
        details={k: v for k, v in dumped.items() if k not in _COMMON},
        position=position,
        recorded=recorded,
        corrected=bool(corrections),
        corrections=corrections,
        retracted=retraction is not None,
        retraction=retraction,
    )


@dataclass
class CaseRecord:
    """What the record holds about one case."""

    slug: str
    title: str
    opened: Recorded
    closed: bool = False
    facts: dict[int, Fact] = field(default_factory=dict)
    entries: dict[int, TimelineEntry] = field(default_factory=dict)


@dataclass
class Record:
    """All cases, folded from the recorded events one at a time."""

    cases: dict[UUID, CaseRecord] = field(default_factory=dict)

    def apply(self, at: Recorded) -> None:
        handler = _HANDLERS.get(type(at.event))
        if handler is not None:
            handler(self, at)

    def slug(self, at: Recorded) -> str:
        return self.cases[at.case_id].slug

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
    record.cases[at.case_id] = CaseRecord(slug=e.slug, title=e.title, opened=at)


def _fact_recorded(record: Record, at: Recorded) -> None:
    case = record.cases[at.case_id]
    version = at.event.originator_version
    case.facts[version] = at.event.fact
    case.entries[version] = make_entry(
        EventId(case.slug, version), at.event.fact, at.position, at.recorded
    )


def _amendment(case: CaseRecord, at: Recorded, **extra: Any) -> Amendment:
    event_id = str(EventId(case.slug, at.event.originator_version))
    return Amendment(
        id=event_id, reason=at.event.reason, position=at.position, recorded=at.recorded, **extra
    )


def _fact_corrected(record: Record, at: Recorded) -> None:
    case = record.cases[at.case_id]
    target = at.event.target
    old = case.entries[target]
    amendment = _amendment(case, at, changes=at.event.changes, sources=at.event.sources)
    case.facts[target] = with_changes(case.facts[target], at.event.changes)
    case.entries[target] = make_entry(
        EventId(case.slug, target),
        case.facts[target],
        old.position,
        old.recorded,
        (*old.corrections, amendment),
    )


def _fact_retracted(record: Record, at: Recorded) -> None:
    case = record.cases[at.case_id]
    target = at.event.target
    entry = case.entries[target]
    case.entries[target] = entry.model_copy(
        update={"retracted": True, "retraction": _amendment(case, at)}
    )


def _closed(record: Record, at: Recorded) -> None:
    record.cases[at.case_id].closed = True


def _reopened(record: Record, at: Recorded) -> None:
    record.cases[at.case_id].closed = False


_HANDLERS: dict[type[Any], Callable[[Record, Recorded], None]] = {
    Case.Opened: _opened,
    Case.FactRecorded: _fact_recorded,
    Case.FactCorrected: _fact_corrected,
    Case.FactRetracted: _fact_retracted,
    Case.Closed: _closed,
    Case.Reopened: _reopened,
}
