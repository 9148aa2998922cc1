"""A citation's note, and a dispute's, is never lost: every export tells it with the sources it
is about, and the summary's source list gives each source with its grades and the notes of
the citations that cite it."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from projections.record import TimelineEntry
from reports import telling
from reports.exports.common import SourceNumbers
from reports.exports.drawing import drawing
from reports.exports.markdown import cell, write_table
from reports.exports.table import write_csv
from reports.exports.timelinejs import write_timelinejs
from reports.summary import summarise
from tests.unit.test_export_disputes import disputed_entries, written

notes = st.from_regex(r"[a-z][a-z ,;]{2,40}[a-z]", fullmatch=True)


@st.composite
def noted_entries(draw: st.DrawFn) -> list[TimelineEntry]:
    """Entries with citations and disputes, some of them with a note."""
    found = []
    for entry in draw(disputed_entries()):
        update: dict[str, Any] = {
            "citations": tuple(
                c.model_copy(update={"note": draw(st.none() | notes)}) for c in entry.citations
            ),
            "disputes": tuple(
                d.model_copy(update={"note": draw(st.none() | notes)}) for d in entry.disputes
            ),
        }
        found.append(entry.model_copy(update=update))
    return found


def test_every_export_tells_each_citations_note() -> None:
    """CSV (its `notes` column), TimelineJS, the markdown table and the page's drawing tell
    the note of each citation and dispute, after its id."""
    reached = {"notes": 0}

    @settings(max_examples=150, deadline=None)
    @given(timeline=noted_entries())
    def check(timeline: list[TimelineEntry]) -> None:
        rows = list(csv.DictReader(io.StringIO(written(write_csv, timeline), newline="")))
        slides = orjson.loads(written(write_timelinejs, timeline, []))["events"]
        table = written(write_table, timeline, SourceNumbers())
        html = drawing(timeline, [], SourceNumbers()).html
        found = re.search(r'id="tl-data">(.*?)</script>', html)
        assert found is not None
        drawn = orjson.loads(found.group(1))["events"]
        for entry, row, slide, details in zip(timeline, rows, slides, drawn, strict=True):
            for item in (*entry.citations, *entry.disputes):
                if not item.note:
                    continue
                assert f"({item.id}, " in row["notes"] and item.note in row["notes"]
                assert f"): {item.note}" in unescape(slide["text"]["text"])
                assert cell(f"): {item.note}") in table
                assert any(item.note in note and item.id in note for note in details[4])
                reached["notes"] += 1

    check()
    assert reached["notes"] >= 100, reached


def _after(cited: str) -> Any:
    """What a line of the source list gives after the citation `cited`, None for another's."""

    def after(line: str) -> str | None:
        rest = line.split("] ", 1)[1]
        follows = rest[len(cited) :]
        return follows if rest.startswith(cited) and follows[:2] in ("", " [", "; ") else None

    return after


def test_the_summary_lists_each_source_with_its_grade_and_the_notes_that_cite_it() -> None:
    reached = {"graded": 0, "noted": 0}

    @settings(max_examples=100, deadline=None)
    @given(timeline=noted_entries())
    def check(timeline: list[TimelineEntry]) -> None:
        summary = summarise(timeline)
        listed = telling.text(summary, width=10_000).split("\nSources\n")[1].splitlines()
        for entry in timeline:
            for source in entry.all_sources():
                (after,) = [a for a in map(_after(source.citation()), listed) if a is not None]
                if source.grade:
                    grades = re.match(r" \[([A-F1-6, ]+)\]", after)
                    assert grades is not None and source.grade in grades.group(1), after
                    reached["graded"] += 1
            for item in (*entry.citations, *entry.disputes):
                for source in item.sources if item.note else ():
                    assert any(
                        f"; {item.id}: {item.note}" in line and source.citation() in line
                        for line in listed
                    ), listed
                    reached["noted"] += 1

    check()
    assert reached["graded"] >= 100 and reached["noted"] >= 50, reached
