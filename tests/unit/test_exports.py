"""The export formats as pure functions of timeline entries: CSV read back, TimelineJS dates at
their real precision, Markdown cells, the drawing's marks in order and without overlap."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import UTC, datetime
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from events.edtf import Precision, parse_edtf
from events.facts import FACT
from events.ids import EventId
from projections.record import Amendment, TimelineEntry, make_entry
from reports.exports.common import SourceNumbers
from reports.exports.drawing import drawing
from reports.exports.jsonl import replayable
from reports.exports.markdown import cell, write_table
from reports.exports.marks import BASE_WIDTH, MIN_WIDTH, pieces, rows, scale_of
from reports.exports.table import COLUMNS, write_csv
from reports.exports.timelinejs import date_words, slide_dates, write_timelinejs
from tests.strategies import edtf_dates, fact_fields, slugs

NOW = datetime(2026, 11, 28, tzinfo=UTC)

awkward = st.lists(
    st.sampled_from(['"', ",", "\n", "\r\n", "\r", ";", "|", "*", "<", "é", "朝", " ", "a", "="]),
    min_size=1, max_size=20,
).map("".join).filter(lambda s: s.strip() != "")  # fmt: skip


@st.composite
def entries(draw: st.DrawFn, text: st.SearchStrategy[str] | None = None) -> list[TimelineEntry]:
    """Entries of a few cases in timeline order, some retracted, text possibly awkward."""
    cases = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    found = []
    for position, fields in enumerate(draw(st.lists(fact_fields(), max_size=8)), 1):
        if text is not None:
            fields["text"] = draw(text)
        case = draw(st.sampled_from(cases))
        made = make_entry(EventId(case, position + 1), FACT.validate_python(fields), position, NOW)
        if draw(st.booleans()):
            gone = Amendment(id=f"{case}:99", reason="duplicate", position=99, recorded=NOW)
            made = made.model_copy(update={"retracted": True, "retraction": gone})
        found.append(made)
    return sorted(found, key=TimelineEntry.sort_key)


def written(write_to: Any, *args: Any) -> str:
    out: list[str] = []
    write_to(*args, out.append)
    return "".join(out)


@settings(max_examples=150, deadline=None)
@given(timeline=entries(text=awkward))
def test_csv_read_back_with_the_csv_module_gives_the_timelines_values(
    timeline: list[TimelineEntry],
) -> None:
    text = written(write_csv, timeline)
    read = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(read) == len(timeline)
    for row, entry in zip(read, timeline, strict=True):
        assert list(row) == list(COLUMNS)
        assert (row["id"], row["case"], row["kind"], row["date"], row["text"]) == (
            entry.id, entry.case, entry.kind, entry.date, entry.text,
        )  # fmt: skip
        assert row["earliest"] == (entry.earliest.isoformat() if entry.earliest else "")
        assert row["latest"] == (entry.latest.isoformat() if entry.latest else "")
        assert row["people"] == ("" if entry.people is None else str(entry.people))
        assert row["place"] == (entry.place or "")
        graded: dict[str, str] = {}
        for source in entry.sources:
            graded.setdefault(source.citation(), source.graded_citation())
        assert row["sources"] == "; ".join(graded.values())
        assert row["retracted"] == ("yes" if entry.retracted else "")
        assert row["disputes"] == ""


def test_csv_quotes_what_a_spreadsheet_would_split() -> None:
    fields = {"kind": "observation", "date": "2009", "text": 'He said "no",\nthen left.',
              "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip
    entry = make_entry(EventId("c", 2), FACT.validate_python(fields), 1, NOW)
    line = written(write_csv, [entry]).split("\r\n", 1)[1]
    assert line.startswith('c:2,c,observation,2009,,2009-01-01,2009-12-31,,,"He said ""no"",\n')


@settings(max_examples=300, deadline=None)
@given(date=edtf_dates())
def test_timelinejs_dates_give_only_the_parts_the_date_has(date: str) -> None:
    parsed = parse_edtf(date)
    dated = slide_dates(date)
    first = parsed.start or parsed.end
    assert first is not None
    assert ("month" in dated["start_date"]) == (first.precision in (Precision.MONTH, Precision.DAY))
    assert ("day" in dated["start_date"]) == (first.precision is Precision.DAY)
    assert int(dated["start_date"]["year"]) == first.earliest.year
    if "end_date" in dated:
        last = parsed.end if parsed.start and parsed.end else first
        assert last is not None and int(dated["end_date"]["year"]) == last.latest.year


def test_an_event_whose_start_is_unknown_is_an_open_range_to_its_known_end() -> None:
    assert slide_dates("../2009-12", opening=parse_edtf("2004").start) == {
        "start_date": {"year": "2004", "display_date": "Start unknown"},
        "end_date": {"year": "2009", "month": "12"},
    }
    assert slide_dates("../2009-12") == {
        "start_date": {"year": "2009", "month": "12", "display_date": "Start unknown"},
        "end_date": {"year": "2009", "month": "12"},
    }
    assert slide_dates("2007/2009") == {
        "start_date": {"year": "2007"},
        "end_date": {"year": "2009"},
    }
    assert slide_dates("199X") == {"start_date": {"year": "1990"}, "end_date": {"year": "1999"}}


@settings(max_examples=100, deadline=None)
@given(timeline=entries(text=awkward))
def test_timelinejs_has_a_slide_for_every_event_with_its_date_in_words(
    timeline: list[TimelineEntry],
) -> None:
    document = orjson.loads(written(write_timelinejs, timeline, []))
    said = [e["display_date"] for e in document["events"]]
    assert said == [date_words(e.date, e.part) for e in timeline]
    assert not any("/" in d or ".." in d or "X" in d for d in said)
    assert all("<" not in e["text"]["headline"] for e in document["events"])
    assert "headline" in document["title"]["text"]


@settings(max_examples=200, deadline=None)
@given(text=awkward)
def test_a_markdown_cell_never_breaks_its_row_or_table(text: str) -> None:
    written_cell = cell(text)
    assert "\n" not in written_cell and "\r" not in written_cell
    assert written_cell.replace("\\|", "").count("|") == 0


@settings(max_examples=100, deadline=None)
@given(timeline=entries(text=awkward))
def test_the_markdown_table_has_a_row_per_event_citing_numbered_sources(
    timeline: list[TimelineEntry],
) -> None:
    numbers = SourceNumbers()
    table = written(write_table, timeline, numbers).splitlines()
    rows_of_events = [line for line in table if line.startswith("| ") and "---" not in line][1:]
    assert len(rows_of_events) == len(timeline)
    for line, entry in zip(rows_of_events, timeline, strict=True):
        assert all(f"[^{n}]" in line for n in numbers.numbers(entry))


@settings(max_examples=300, deadline=None)
@given(dates=st.lists(edtf_dates(), min_size=1, max_size=12))
def test_marks_start_along_the_axis_in_timeline_order(dates: list[str]) -> None:
    parsed = sorted((parse_edtf(d) for d in dates), key=_order)
    scale = scale_of(dates)
    starts = [pieces(p.text, scale)[0].x for p in parsed]
    assert starts == sorted(starts)
    for p in parsed:
        assert all(piece.x >= 0 and piece.x + piece.w <= BASE_WIDTH + MIN_WIDTH + 1e-6
                   for piece in pieces(p.text, scale))  # fmt: skip


def _order(p: Any) -> tuple[Any, Any]:
    from datetime import date

    return (p.earliest or date.min, p.latest or date.max)


@settings(max_examples=300, deadline=None)
@given(spans=st.lists(st.tuples(st.floats(0, 900), st.floats(0, 200)), max_size=30))
def test_no_two_marks_of_a_row_overlap(spans: list[tuple[float, float]]) -> None:
    ordered = sorted((left, left + width) for left, width in spans)
    chosen = rows(ordered)
    for row in set(chosen):
        held = [span for span, r in zip(ordered, chosen, strict=True) if r == row]
        assert all(a[1] < b[0] for a, b in itertools.pairwise(held))


@settings(max_examples=60, deadline=None)
@given(timeline=entries(text=awkward))
def test_the_drawing_has_one_mark_per_event_and_escapes_every_string(
    timeline: list[TimelineEntry],
) -> None:
    html = drawing(timeline, [], SourceNumbers()).html
    assert html.count('<g class="m ') == len(timeline)
    assert "<script>" not in html and html.count("<script") <= 1


def test_jsonl_of_part_of_a_case_renumbers_its_events_as_a_new_store_will() -> None:
    history = [
        {"id": "c:1", "kind": "case_opened", "case": "c", "title": "T"},
        {"id": "c:2", "kind": "arrived", "case": "c", "date": "2004"},
        {"id": "c:3", "kind": "arrived", "case": "c", "date": "2009"},
        {"id": "c:4", "kind": "correction", "event": "c:2", "changes": {}, "reason": "r"},
        {"id": "c:5", "kind": "retraction", "event": "c:3", "reason": "r"},
    ]
    kept = list(replayable(history, keep={"c:3"}))
    assert [line["kind"] for line in kept] == ["case_opened", "arrived", "retraction"]
    assert kept[2]["event"] == "c:2" and "id" not in kept[0]


def test_many_lanes_are_grouped_by_status_and_many_events_start_collapsed() -> None:
    from projections.case_view import CaseView
    from reports.exports.drawing import COLLAPSED_OVER, GROUPED_OVER

    statuses = ["arrived", "pending"]
    cases = [
        CaseView(
            slug=f"c{i}",
            title=f"Case {i}",
            status=statuses[i % 2],
            closed=False,
            people=1,
            earliest=None,
            latest=None,
            places=(),
            agencies=(),
            events=1,
            retracted=0,
            sources=(),
        )
        for i in range(GROUPED_OVER + 1)
    ]
    fields = {"kind": "arrived", "date": "2009", "destination": "South Korea", "text": "t",
              "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip
    timeline = [
        make_entry(EventId(f"c{i % len(cases)}", i + 2), FACT.validate_python(fields), i, NOW)
        for i in range(COLLAPSED_OVER + 1)
    ]
    html = drawing(timeline, cases, SourceNumbers()).html
    assert "<h3>Arrived <small>(7 cases)</small></h3>" in html
    assert "<h3>Pending <small>(6 cases)</small></h3>" in html
    assert html.count('class="tl-lane tl-collapsed"') == len(cases)
