"""A date's part (`early`, `mid`, `late` of its month, year or decade) is kept and told in
words, while the date's bounds stay its own: no day is invented. TimelineJS draws an
open-start date as an open range, and says in words what its date fields cannot."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from events.edtf import parse_edtf
from events.facts import FACT
from events.ids import EventId
from projections.record import TimelineEntry, make_entry
from reports.exports.common import SourceNumbers
from reports.exports.markdown import write_table
from reports.exports.table import write_csv
from reports.exports.timelinejs import components, slide_dates, write_timelinejs
from reports.sentences import sentence
from reports.wording import when
from tests.strategies import edtf_dates, edtf_points, fact_fields
from tests.unit.test_export_disputes import written
from tests.unit.test_prose import NOW

parts = st.sampled_from(["early", "mid", "late"])
_SAID = {"early": "early", "mid": "mid", "late": "late"}


def _entry(fields: dict[str, Any], version: int = 2) -> TimelineEntry:
    return make_entry(EventId("c", version), FACT.validate_python(fields), version, NOW)


PARTED: Counter[str] = Counter()


@settings(max_examples=300, deadline=None)
@given(data=st.data(), date=edtf_dates(), part=parts)
def test_a_dates_part_is_told_and_its_bounds_stay_the_dates_own(
    data: st.DataObject, date: str, part: str
) -> None:
    fields = {**data.draw(fact_fields()), "date": date}
    plain, parted = _entry(fields), _entry({**fields, "part": part})
    assert parted.part == part
    assert (parted.earliest, parted.latest) == (plain.earliest, plain.latest)
    assert _SAID[part] in when(date, part=part)
    told = sentence(parted)
    assert _SAID[part] in told.lower(), told
    PARTED["observation" if parted.kind in ("observation", "policy_stated") else "fields"] += 1


def test_the_part_property_reached_its_assertions() -> None:
    PARTED.clear()
    test_a_dates_part_is_told_and_its_bounds_stay_the_dates_own()
    assert PARTED["fields"] >= 200 and PARTED["observation"] >= 8, PARTED


def test_early_march_is_said_in_words_and_spans_the_whole_month() -> None:
    arrived = _entry({"kind": "arrived", "date": "2015-03", "part": "early", "people": 2,
                      "destination": "South Korea", "text": ".",
                      "sources": [{"outlet": "Yonhap", "published": "2015-04-01"}]})  # fmt: skip
    assert sentence(arrived) == "In early March 2015, two people reached South Korea."
    assert (str(arrived.earliest), str(arrived.latest)) == ("2015-03-01", "2015-03-31")
    assert when("199X", part="mid") == "in the mid-1990s" and when("2015", part="late") == (
        "in late 2015"
    )
    (row,) = csv.DictReader(io.StringIO(written(write_csv, [arrived]), newline=""))
    assert row["date"] == "2015-03" and row["part"] == "early"
    assert "2015-03<br>early March 2015" in written(write_table, [arrived], SourceNumbers())
    (slide,) = orjson.loads(written(write_timelinejs, [arrived], []))["events"]
    assert slide["start_date"] == {"year": "2015", "month": "3", "display_date": "Early March 2015"}
    assert "end_date" not in slide


def test_an_approximate_or_uncertain_start_keeps_its_qualifier_in_timelinejs() -> None:
    assert slide_dates("2004~")["start_date"] == {"year": "2004", "display_date": "Around 2004"}
    assert slide_dates("2004?/2006")["start_date"] == {
        "year": "2004",
        "display_date": "Possibly 2004",
    }


OPEN: Counter[str] = Counter()


def _observed(date: str, version: int) -> TimelineEntry:
    fields = {"kind": "observation", "date": date, "text": "t",
              "sources": [{"outlet": "K", "published": "2009"}]}  # fmt: skip
    return _entry(fields, version)


def _fields(date: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in date.items() if k != "display_date"}


@settings(max_examples=200, deadline=None)
@given(
    known=st.lists(edtf_points(), min_size=0, max_size=3),
    open_ends=st.lists(edtf_points(), min_size=1, max_size=3),
)
def test_timelinejs_draws_an_open_start_as_an_open_range_from_the_first_known_date(
    known: list[str], open_ends: list[str]
) -> None:
    """Never a point at its end: it runs from the export's first known date (or its end's own
    start, where that is earlier) to its known end."""
    dates = [f"../{d}" for d in open_ends] + known
    timeline = sorted(
        (_observed(date, i + 2) for i, date in enumerate(dates)), key=TimelineEntry.sort_key
    )
    slides = orjson.loads(written(write_timelinejs, timeline, []))["events"]
    starts = [parse_edtf(e.date).start for e in timeline if parse_edtf(e.date).start]
    opening = min(starts, key=lambda p: p.earliest) if starts else None
    for entry, slide in zip(timeline, slides, strict=True):
        parsed = parse_edtf(entry.date)
        if parsed.start is not None:
            continue
        assert parsed.end is not None
        assert _fields(slide["end_date"]) == components(parsed.end, last=True)
        assert slide["start_date"]["display_date"] == "Start unknown"
        begins = _fields(slide["start_date"])
        if opening is not None and opening.earliest <= parsed.end.earliest:
            assert begins == components(opening)
            OPEN["from the first known date"] += 1
        else:
            assert begins == components(parsed.end)
            OPEN["from its end"] += 1


def test_the_open_range_property_reached_its_assertions() -> None:
    OPEN.clear()
    test_timelinejs_draws_an_open_start_as_an_open_range_from_the_first_known_date()
    assert OPEN["from the first known date"] >= 100 and OPEN["from its end"] >= 50, OPEN
