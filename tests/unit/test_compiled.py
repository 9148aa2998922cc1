"""A recorded fact folded by its compiled form (`projections.compiled`) gives the row, the
entry and the gist that `Record.apply`'s entry (`make_entry`) gives."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from uuid import uuid4

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from domain.case import Case
from domain.recorded import Recorded
from events.facts import FACT, checked_changes, complete, with_changes
from events.ids import EventId
from projections.case_view import gist
from projections.compiled import corrected_entry, fresh_entry, retracted_entry
from projections.layout import FIRST, LAST, day_key
from projections.record import CaseRecord, Record, make_entry
from projections.sql_views import _json
from tests.strategies import fact_changes, fact_fields, slugs, sources

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


def test_a_fresh_entry_corrected_or_retracted_compiled_gives_the_row_and_gist_of_the_fold() -> None:
    reached: Counter[str] = Counter()

    @settings(max_examples=300, deadline=None)
    @given(data=st.data(), fields=fact_fields(), slug=slugs, version=st.integers(2, 10**6),
           position=st.integers(1, 2**52), moment=moments, later=moments)  # fmt: skip
    def check(
        data: st.DataObject, fields: dict[str, Any], slug: str, version: int, position: int,
        moment: dt.datetime, later: dt.datetime,
    ) -> None:  # fmt: skip
        event = recorded(fields, version, moment)
        case_id, amending = event.originator_id, _amending(data, event, later)
        fold = Record(cases={case_id: CaseRecord(slug, "A case", 1)})
        fold.apply(Recorded(position, event))
        fold.apply(at := Recorded(position + 1, amending))
        expected = fold.cases[case_id].entries[version]
        row, told = fresh_entry(case_id.hex, slug, position, event)
        if isinstance(amending, Case.FactRetracted):
            row, amended = retracted_entry(row, told, fold.cases[case_id], at)
        else:
            row, amended = corrected_entry(row, event, fold.cases[case_id], at)
        assert row.json == _json(expected)
        assert amended == gist(expected)
        assert row[:6] == (case_id.hex, version, day_key(expected.earliest, FIRST),
                           day_key(expected.latest, LAST), position, int(expected.retracted))  # fmt: skip
        reached[type(amending).__name__] += 1

    check()
    assert reached["FactCorrected"] >= 50 and reached["FactRetracted"] >= 50, reached


def _amending(data: st.DataObject, event: Any, moment: dt.datetime) -> Any:
    """A correction (as recording checks its changes) or a retraction of the fact `event`
    records, made at `moment`."""
    version, kind = event.originator_version, event.fact.kind
    stamp = {"originator_id": event.originator_id, "originator_version": version + 1,
             "timestamp": moment}  # fmt: skip
    if not data.draw(st.booleans(), label="correct"):
        return Case.FactRetracted(**stamp, target=version, reason="duplicate")
    try:
        changes = checked_changes(kind, data.draw(fact_changes(kind), label="changes"))
        with_changes(event.fact, changes)
    except ValueError:  # a correction recording refuses
        assume(False)
    cited = data.draw(st.lists(sources, max_size=2), label="sources")
    return Case.FactCorrected(**stamp, target=version, changes=changes, reason="recounted",
                              sources=cited)  # fmt: skip
