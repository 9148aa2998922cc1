"""A recorded fact as a rebuild folds it: `Record.apply` compiled for the one event that
makes most rows, building no model.

`Record.apply` stays the definition: a recorded fact's entry is `make_entry` of the fact,
and its row that entry's JSON. A rebuild meets hundreds of thousands of facts, and
validating an entry, then serialising it, cost more than reading the event; so here the
row is written by orjson from the fact's values and the date's bounds, in the entry's
field order (its sources by pydantic's own serializer, as the entry writes them), and the
case view keeps the entry's `Gist`. orjson writes strings, numbers, booleans, nulls,
arrays, days and (told to write UTC as `Z`) moments as pydantic's serializer does. Any
other event, and any later read of such an entry (an amendment of it), goes through
`Record.apply` with the entry read back from its row, as a catch-up reads it
(`Fresh.entry`).

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

from events.edtf import parse_edtf
from events.facts import each_agency_named
from events.sources import Source
from projections.case_view import Gist
from projections.record import NOT_DETAILS, TimelineEntry


class Fresh(NamedTuple):
    """A recorded fact's entry as the fold makes it, before any amendment: its row's parts
    (its case's apart)."""

    version: int
    earliest: dt.date | None
    latest: dt.date | None
    position: int
    json: bytes
    """The entry's JSON, as `TimelineEntry`'s serializer writes it."""

    def entry(self) -> TimelineEntry:
        """The entry itself, read from its JSON as a catch-up reads a stored row."""
        return TimelineEntry.model_validate(orjson.loads(self.json))


_DETAILS: dict[type[Any], tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}
"""Each kind's own fields (an entry's `details`), in the order of the kind's fields, and a
function giving a fact's values of them."""


_UNAMENDED = orjson.dumps({
    "corrected": False, "corrections": (), "retracted": False, "retraction": None,
    "citations": (), "disputes": (), "disputed": False,
})  # fmt: skip
"""The last fields of a fresh entry's JSON, the same for every one: written once, and put at
the end of each entry's JSON rather than written again."""

_SOURCES = TypeAdapter(tuple[Source, ...]).serializer.to_json
"""A fact's sources as the entry's serializer writes them, in one call for all of them."""


def fresh_entry(slug: str, position: int, event: Any) -> tuple[Fresh, Gist]:
    """The entry `Record.apply` makes of `event`, a fact recorded in case `slug` at
    `position` (as `Fresh`), and its gist."""
    fact = event.fact
    version: int = event.originator_version
    found = _DETAILS.get(type(fact))
    if found is None:
        names = tuple(n for n in type(fact).model_fields if n not in NOT_DETAILS)
        found = _DETAILS[type(fact)] = (names, _values_of(names))
    names, values = found
    details = values(fact)
    earliest, latest = _bounds(fact.date)
    entry = {  # `TimelineEntry`'s fields, in its order
        "id": f"{slug}:{version}", "case": slug, "kind": fact.kind, "date": fact.date,
        "earliest": earliest, "latest": latest, "people": fact.people, "part": fact.part,
        "group": fact.group, "within": fact.within, "place": fact.place,
        "actors": fact.actors, "agencies": fact.agencies, "text": fact.text,
        "sources": orjson.Fragment(_SOURCES(fact.sources)),
        "details": dict(zip(names, details, strict=True)),
        "position": position, "recorded": event.timestamp,  # then `_UNAMENDED`
    }  # fmt: skip
    json = orjson.dumps(entry, default=_model_json, option=orjson.OPT_UTC_Z)[:-1]
    json += b"," + _UNAMENDED[1:]
    told = Gist.of(position, False, fact.kind, fact.date, earliest, latest, fact.people,
                   fact.group, fact.within, fact.place, _named(fact.agencies, names, details),
                   tuple(map(Source.citation, fact.sources)))  # fmt: skip
    return tuple.__new__(Fresh, (version, earliest, latest, position, json)), told


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
def _bounds(date: str) -> tuple[dt.date | None, dt.date | None]:
    """The earliest and latest possible days of an EDTF date."""
    dates = parse_edtf(date)
    return dates.earliest, dates.latest


def _model_json(model: BaseModel) -> orjson.Fragment:
    """A model within an entry (a source), as pydantic's serializer writes it."""
    return orjson.Fragment(model.__pydantic_serializer__.to_json(model))
