"""A recorded fact as a rebuild folds it: `Record.apply` compiled for the one event that
makes most rows, and for a correction or retraction of such a fact before anything else
amends it, building no entry.

`Record.apply` stays the definition: a recorded fact's entry is `make_entry` of the fact,
and its row that entry's JSON. A rebuild meets hundreds of thousands of facts, and
validating an entry, then serialising it, cost more than reading the event; so here the
row is written by orjson from the fact's values and the date's bounds, in the entry's
field order (its sources by pydantic's own serializer, as the entry writes them), and the
case view keeps the entry's `Gist`. orjson writes strings, numbers, booleans, nulls,
arrays, days and (told to write UTC as `Z`) moments as pydantic's serializer does. A
correction of such an entry is the entry of the fact as corrected (`with_changes`, as
`Record.apply` corrects it), and a retraction the same row, each with its amendment
(`amendment_by`, as `Record.apply` makes it) in the fields that end the JSON. Any other event,
and any later read of such an entry (a second amendment of it), goes through `Record.apply`
with the entry read back from its row, as a catch-up reads it (`Fresh.entry`).

Checked both ways: `tests/unit/test_compiled.py` compares each row with the JSON of
`make_entry`'s entry over generated facts and moments, and
`tests/integration/test_compiled_rebuild.py` compares every row a rebuild writes with those
folding every event through `Record.apply` writes, over random stores.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

import orjson
from pydantic import BaseModel, TypeAdapter

from domain.recorded import Recorded
from events.edtf import parse_edtf
from events.facts import each_agency_named, with_changes
from events.sources import Source
from projections.case_view import Gist
from projections.layout import FIRST, LAST, day_key
from projections.record import NOT_DETAILS, Amendment, CaseRecord, TimelineEntry, amendment_by


class Fresh(NamedTuple):
    """A recorded fact's entry as the fold makes it, before any amendment: its timeline row,
    its columns in the table's order (`projections.sql_views`), the JSON not yet sealed."""

    case: str
    """Its case's id in hex."""
    version: int
    earliest: str
    """The earliest possible day, ISO (`FIRST` for an open or unknown start)."""
    latest: str
    """The latest possible day, ISO (`LAST` for an open or unknown end)."""
    position: int
    retracted: int
    json: bytes
    """The entry's JSON, as `TimelineEntry`'s serializer writes it."""

    def entry(self) -> TimelineEntry:
        """The entry itself, read from its JSON as a catch-up reads a stored row."""
        return TimelineEntry.model_validate(orjson.loads(self.json))


class _Kind(NamedTuple):
    """What the fold reads of each kind of fact."""

    names: tuple[str, ...]
    """Its own fields (an entry's `details`), in the order of the kind's fields."""
    values: Callable[[Any], tuple[Any, ...]]
    """A fact's values of them, as a tuple."""
    parties: bool
    """Some of them name an agency (`each_agency_named` reads them)."""


_KINDS: dict[type[Any], _Kind] = {}


_UNAMENDED = orjson.dumps({
    "corrected": False, "corrections": (), "retracted": False, "retraction": None,
    "citations": (), "disputes": (), "disputed": False,
})  # fmt: skip
"""The last fields of a fresh entry's JSON, the same for every one: written once, and put at
the end of each entry's JSON rather than written again."""

_TAIL = b"," + _UNAMENDED[1:]

_SOURCES = TypeAdapter(tuple[Source, ...]).serializer.to_json
"""A fact's sources as the entry's serializer writes them, in one call for all of them."""


def fresh_entry(case_hex: str, slug: str, position: int, event: Any) -> tuple[Fresh, Gist]:
    """The entry `Record.apply` makes of `event`, a fact recorded in case `slug` (whose id
    in hex is `case_hex`) at `position` (as `Fresh`), and its gist."""
    return _entry(case_hex, slug, event.originator_version, position, event.timestamp,
                  event.fact, _TAIL, ())  # fmt: skip


def retracted_entry(
    row: Fresh, told: Gist | None, case: CaseRecord, at: Recorded
) -> tuple[Fresh, Gist | None]:
    """The entry `Record.apply` makes of the fresh entry `row` (as recorded, never amended,
    its gist `told`) of `case`, retracted by `at`, and its gist."""
    retraction = amendment_by(case, at)
    json = row.json[: -len(_TAIL)] + _tail(retracted=True, retraction=retraction)
    if told is not None:
        told = told._replace(retracted=True)
    return row._replace(retracted=1, json=json), told


def corrected_entry(
    row: Fresh, recorded: Any, case: CaseRecord, at: Recorded
) -> tuple[Fresh, Gist]:
    """The entry `Record.apply` makes of the fresh entry `row` (as recorded, never amended)
    of `recorded`, a fact recorded, in `case`, corrected by `at`, and its gist."""
    event = at.event
    amendment = amendment_by(case, at, changes=event.changes, sources=event.sources)
    fact = with_changes(recorded.fact, event.changes)
    return _entry(row.case, case.slug, row.version, row.position, recorded.timestamp, fact,
                  _tail(corrected=True, corrections=(amendment,)), amendment.sources)  # fmt: skip


def _entry(
    case_hex: str,
    slug: str,
    version: int,
    position: int,
    recorded: dt.datetime,
    fact: Any,
    tail: bytes,
    amended: tuple[Source, ...],
) -> tuple[Fresh, Gist]:
    """The entry of `fact` recorded at `position` as version `version` of case `slug`, its
    JSON ending with `tail` (its amendments'), and its gist, the sources of its amendments
    `amended`."""
    of_kind = _KINDS.get(type(fact)) or _kind(type(fact))
    names = of_kind.names
    details = of_kind.values(fact)
    earliest, latest, low, high = _bounds(fact.date)
    entry = {  # `TimelineEntry`'s fields, in its order
        "id": f"{slug}:{version}", "case": slug, "kind": fact.kind, "date": fact.date,
        "earliest": earliest, "latest": latest, "people": fact.people, "part": fact.part,
        "group": fact.group, "within": fact.within, "place": fact.place,
        "actors": fact.actors, "agencies": fact.agencies, "text": fact.text,
        "sources": orjson.Fragment(_SOURCES(fact.sources)),
        "details": dict(zip(names, details, strict=True)),
        "position": position, "recorded": recorded,  # then the tail
    }  # fmt: skip
    json = orjson.dumps(entry, default=_model_json, option=orjson.OPT_UTC_Z)[:-1] + tail
    named = _named(fact.agencies, names, details) if of_kind.parties else fact.agencies
    cited = tuple(map(Source.citation, fact.sources))
    if amended:
        cited += tuple(map(Source.citation, amended))
    told = Gist.of(position, False, fact.kind, fact.date, earliest, latest, fact.people,
                   fact.group, fact.within, fact.place, named, cited)  # fmt: skip
    return tuple.__new__(Fresh, (case_hex, version, low, high, position, 0, json)), told


def _tail(
    *,
    corrected: bool = False,
    corrections: tuple[Amendment, ...] = (),
    retracted: bool = False,
    retraction: Amendment | None = None,
) -> bytes:
    """The last fields of an entry's JSON (those `_UNAMENDED` gives a fresh one), with these
    amendments and no citation or dispute, after a comma."""
    tail = {
        "corrected": corrected, "corrections": corrections, "retracted": retracted,
        "retraction": retraction, "citations": (), "disputes": (), "disputed": False,
    }  # fmt: skip
    return b"," + orjson.dumps(tail, default=_model_json, option=orjson.OPT_UTC_Z)[1:]


def _kind(kind: type[Any]) -> _Kind:
    """What the fold reads of facts of this kind, found once."""
    names = tuple(n for n in kind.model_fields if n not in NOT_DETAILS)
    # a kind whose own fields name no agency names only its `agencies`
    parties = bool(list(each_agency_named((), dict.fromkeys(names, "x"))))
    found = _KINDS[kind] = _Kind(names, _values_of(names), parties)
    return found


def _values_of(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving an object's values of `names`, as a tuple."""
    if len(names) > 1:
        return operator.attrgetter(*names)  # a tuple of the values of several names
    if names:
        return lambda fact: (getattr(fact, names[0]),)
    return lambda fact: ()


@lru_cache(maxsize=4096)
def _named(
    agencies: tuple[str, ...], names: tuple[str, ...], values: tuple[Any, ...]
) -> tuple[str, ...]:
    """Every agency a fact names (`each_agency_named`), given its agencies and its own fields'
    names and values: facts of a record name the same few again and again."""
    return tuple(each_agency_named(agencies, dict(zip(names, values, strict=True))))


@lru_cache(maxsize=65_536)
def _bounds(date: str) -> tuple[dt.date | None, dt.date | None, str, str]:
    """The earliest and latest possible days of an EDTF date, and the same as the timeline
    rows write them (`day_key`)."""
    dates = parse_edtf(date)
    return dates.earliest, dates.latest, day_key(dates.earliest, FIRST), day_key(dates.latest, LAST)


def _model_json(model: BaseModel) -> orjson.Fragment:
    """A model within an entry (a source), as pydantic's serializer writes it."""
    return orjson.Fragment(model.__pydantic_serializer__.to_json(model))
