"""A recorded fact folded by its compiled form (`projections.compiled`) gives the row, the
entry and the gist that `Record.apply`'s entry (`make_entry`) gives."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import uuid4

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from domain.case import Case
from events.facts import FACT, complete
from events.ids import EventId
from projections.case_view import gist
from projections.compiled import fresh_entry
from projections.layout import FIRST, LAST, day_key
from projections.record import make_entry
from projections.sql_views import _json
from tests.strategies import fact_fields, slugs

_MOMENT: TypeAdapter[dt.datetime] = TypeAdapter(dt.datetime)
offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m))
)
moments = st.datetimes(timezones=offsets).map(lambda d: _MOMENT.validate_python(d.isoformat()))
"""When an event was recorded, as the store's mapper reads it back (an offset in minutes)."""


def recorded(fields: dict[str, Any], version: int, moment: dt.datetime) -> Any:
    complete()
    return Case.FactRecorded(originator_id=uuid4(), originator_version=version,
                             timestamp=moment, fact=FACT.validate_python(fields))  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(fields=fact_fields(), slug=slugs, version=st.integers(2, 10**6),
       position=st.integers(1, 2**53), moment=moments)  # fmt: skip
def test_a_fact_folded_compiled_gives_the_row_entry_and_gist_of_its_entry(
    fields: dict[str, Any], slug: str, version: int, position: int, moment: dt.datetime
) -> None:
    event = recorded(fields, version, moment)
    made = make_entry(EventId(slug, version), event.fact, position, event.timestamp)
    fresh, told = fresh_entry(event.originator_id.hex, slug, position, event)
    assert fresh.json == _json(made)
    assert fresh.entry() == made
    assert told == gist(made)
    assert fresh[:6] == (event.originator_id.hex, version, day_key(made.earliest, FIRST),
                         day_key(made.latest, LAST), position, 0)  # fmt: skip


def test_text_of_any_sort_is_written_as_the_entry_writes_it() -> None:
    text = 'Quoted "x", a back\\slash, a tab\t, a line\nbreak, Ünïcödé, 北朝鮮, 𝄞 and ‮'
    fields = {"kind": "observation", "date": "2009-12-23", "text": text, "place": "Tumen ‎",
              "sources": [{"outlet": "Kyodo", "published": "2009", "quote": text}]}  # fmt: skip
    moment = dt.datetime(2009, 12, 23, 1, 2, 3, tzinfo=dt.UTC)
    event = recorded(fields, 7, moment)
    fresh, _ = fresh_entry(event.originator_id.hex, "amur", 12, event)
    assert fresh.json == _json(make_entry(EventId("amur", 7), event.fact, 12, moment))
