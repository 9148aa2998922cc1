"""What an export says of who says so: an open dispute is shown as a dispute (which value,
by which source, at what grade), its source is never listed among those supporting the
event, and every source that supports it is listed with its grade; the markdown export
shows the record's text as written, never as HTML."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from html import escape, unescape
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from events.facts import FACT
from events.ids import EventId
from events.sources import Source
from projections.record import Corroboration, Dispute, TimelineEntry, make_entry
from reports.exports.common import Cited, SourceNumbers, cited, dispute_said
from reports.exports.drawing import drawing
from reports.exports.markdown import cell, write_sources, write_summary, write_table
from reports.exports.table import write_csv
from reports.exports.timelinejs import write_timelinejs
from reports.summary import SummaryStream
from tests.strategies import fact_fields, grades, slugs

NOW = datetime(2026, 11, 28, tzinfo=UTC)
ENOUGH = 60
"""The fewest examples, of 150, that must reach the assertions with an open dispute."""

# a few outlets, so that one source often both supports and disputes an event
outlets = st.sampled_from(["Kyodo", "Yonhap", "Chosun Ilbo", "NK News", "Daily NK"])
pooled_sources = st.builds(
    Source,
    outlet=outlets,
    published=st.sampled_from(["2009-12-23", "2009-12-24", "2010-01-05"]),
    reference=st.sampled_from([None, "ID 96523"]),
    grade=st.one_of(st.none(), grades),
)


disputed_values = st.one_of(
    st.integers(0, 99).map(lambda n: {"people": n}),
    st.sampled_from(["Seoul", "Moscow"]).map(lambda place: {"place": place}),
)


@st.composite
def disputed_entries(draw: st.DrawFn) -> list[TimelineEntry]:
    """Entries with their own sources, citations and disputes (some settled) drawn from a
    few outlets, in timeline order."""
    case = draw(slugs)
    found = []
    for position in range(1, draw(st.integers(1, 4)) + 1):
        fields = draw(fact_fields())
        fields["sources"] = [
            s.model_dump() for s in draw(st.lists(pooled_sources, min_size=1, max_size=2))
        ]
        entry = make_entry(EventId(case, position), FACT.validate_python(fields), position, NOW)
        n = 100 * position
        citations = tuple(
            Corroboration(id=f"{case}:{n + i}", position=n + i, recorded=NOW, sources=sources)
            for i, sources in enumerate(
                draw(
                    st.lists(
                        st.lists(pooled_sources, min_size=1, max_size=2).map(tuple), max_size=2
                    )
                )
            )
        )
        disputes = tuple(
            Dispute(
                id=f"{case}:{n + 50 + i}",
                position=n + 50 + i,
                recorded=NOW,
                values=values,
                sources=sources,
                settled_by=f"{case}:{n + 90}" if settled else None,
            )
            for i, (values, sources, settled) in enumerate(
                draw(
                    st.lists(
                        st.tuples(
                            disputed_values,
                            st.lists(pooled_sources, min_size=1, max_size=2).map(tuple),
                            st.sampled_from([False, False, True]),  # settled: one in three
                        ),
                        max_size=3,
                    )
                )
            )
        )
        open_ = any(d.settled_by is None for d in disputes)
        found.append(
            entry.model_copy(
                update={"citations": citations, "disputes": disputes, "disputed": open_}
            )
        )
    return sorted(found, key=TimelineEntry.sort_key)


def written(write_to: Any, *args: Any) -> str:
    out: list[str] = []
    write_to(*args, out.append)
    return "".join(out)


def disputing(entry: TimelineEntry) -> set[Cited]:
    return {cited(s) for d in entry.open_disputes() for s in d.sources}


def supporting(entry: TimelineEntry) -> dict[Cited, Source]:
    """What an export must list as supporting: every source of the event, its corrections'
    and citations', but those of open disputes; the first grade given each."""
    found: dict[Cited, Source] = {}
    for s in entry.supporting():
        if cited(s) not in disputing(entry):
            found.setdefault(cited(s), s)
    return found


def graded(source: Source) -> str:
    return source.graded_citation()


def listed_in_csv(entry: TimelineEntry, row: dict[str, str]) -> list[str]:
    return row["sources"].split("; ") if row["sources"] else []


def check_csv(timeline: list[TimelineEntry]) -> None:
    rows = list(csv.DictReader(io.StringIO(written(write_csv, timeline), newline="")))
    for entry, row in zip(timeline, rows, strict=True):
        assert listed_in_csv(entry, row) == [graded(s) for s in supporting(entry).values()]
        for dispute in entry.disputes:
            assert dispute_said(entry, dispute) in row["disputes"]


def check_timelinejs(timeline: list[TimelineEntry]) -> None:
    slides = orjson.loads(written(write_timelinejs, timeline, []))["events"]
    for entry, slide in zip(timeline, slides, strict=True):
        text = unescape(slide["text"]["text"])
        listed = re.search(r"Sources: (.*)\.</small>", text)
        assert listed is not None
        expected = "; ".join(graded(s) for s in supporting(entry).values())
        assert listed.group(1) == expected
        assert ("(disputed)" in slide["text"]["headline"]) == bool(entry.open_disputes())
        for dispute in entry.live_disputes():
            said = dispute_said(entry, dispute, with_id=False)
            assert said[0].upper() + said[1:] in text
        assert entry.id not in text  # a reader's slide shows no internal id


def check_markdown(timeline: list[TimelineEntry]) -> None:
    numbers = SourceNumbers()
    rows = [
        line
        for line in written(write_table, timeline, numbers).splitlines()
        if line.startswith("| ") and "---" not in line
    ][1:]
    by_number = {n: text for n, text in numbers.listed()}
    for entry, row in zip(timeline, rows, strict=True):
        cells = row.split(" | ")
        cites = re.findall(r"\[\^(\d+)\](?: \\\[([A-F][1-6])\\\])?", cells[-1])
        shown = [(by_number[int(n)], grade or None) for n, grade in cites]
        assert shown == [(s.citation(), s.grade) for s in supporting(entry).values()]
        for dispute in entry.disputes:
            assert f"*{cell(dispute_said(entry, dispute))}*" in row
        assert ("(disputed)" in cells[1]) == bool(entry.open_disputes())


def check_drawing(timeline: list[TimelineEntry]) -> None:
    html = drawing(timeline, [], SourceNumbers()).html
    data = orjson.loads(re.search(r'id="tl-data">(.*?)</script>', html).group(1))  # type: ignore[union-attr]
    for entry, details in zip(timeline, data["events"], strict=True):
        shown = [data["sources"][str(n)] + grade for n, grade in details[5]]
        assert shown == [graded(s) for s in supporting(entry).values()]
        for dispute in entry.disputes:
            assert dispute_said(entry, dispute) in details[4]


def test_no_export_lists_a_disputing_source_as_support_and_each_dispute_is_told() -> None:
    """For any citations and disputes: csv, markdown, TimelineJS and the page's drawing list
    as supporting exactly the sources that support the event, with their grades, never one
    of an open dispute, and tell every dispute (open or settled) in `show`'s words."""
    reached = {"examples": 0, "open": 0}

    @settings(max_examples=150, deadline=None)
    @given(timeline=disputed_entries())
    def check(timeline: list[TimelineEntry]) -> None:
        check_csv(timeline)
        check_timelinejs(timeline)
        check_markdown(timeline)
        check_drawing(timeline)
        reached["examples"] += 1
        reached["open"] += any(e.open_disputes() for e in timeline)

    check()
    assert reached["open"] >= ENOUGH, reached


def test_the_documented_dispute_reads_in_csv_as_show_reads_it() -> None:
    kyodo = Source(outlet="Kyodo", published="2009-12-23", reference="ID 96523")
    yonhap = Source(outlet="Yonhap", published="2009-12-24", grade="B2")
    chosun = Source(outlet="Chosun Ilbo", published="2010-01-05", grade="C3")
    fact = FACT.validate_python(
        {
            "kind": "arrived",
            "date": "2009-09",
            "people": 12,
            "text": "The twelve arrived.",
            "destination": "South Korea",
            "sources": [kyodo.model_dump()],
        }
    )
    entry = make_entry(EventId("amur-2009-group", 7), fact, 7, NOW).model_copy(
        update={
            "citations": (
                Corroboration(id="amur-2009-group:8", position=8, recorded=NOW, sources=(yonhap,)),
            ),
            "disputes": (
                Dispute(
                    id="amur-2009-group:9",
                    position=9,
                    recorded=NOW,
                    values={"people": 14},
                    sources=(chosun,),
                ),
            ),
            "disputed": True,
        }
    )
    row = next(csv.DictReader(io.StringIO(written(write_csv, [entry]), newline="")))
    assert row["sources"] == "Kyodo, 2009-12-23 (ID 96523); Yonhap, 2009-12-24 [B2]"
    assert row["disputes"] == (
        "disputed (amur-2009-group:9): Chosun Ilbo, 2010-01-05 [C3] gives people 14 "
        "where the record has 12"
    )
    settled = entry.model_copy(
        update={
            "disputes": (
                entry.disputes[0].model_copy(update={"settled_by": "amur-2009-group:10"}),
            ),
            "disputed": False,
        }
    )
    row = next(csv.DictReader(io.StringIO(written(write_csv, [settled]), newline="")))
    assert row["sources"] == "Kyodo, 2009-12-23 (ID 96523); Yonhap, 2009-12-24 [B2]"
    assert row["disputes"] == (
        "dispute (amur-2009-group:9) settled by amur-2009-group:10: "
        "Chosun Ilbo, 2010-01-05 [C3] gave people 14"
    )


# what a user may type that markdown or HTML would read as markup
marked_up = (
    st.lists(
        st.sampled_from(
            [
                "<script>alert(1)</script>",
                "<b>bold</b>",
                "<",
                ">",
                "&",
                "&lt;",
                "&amp;",
                "<!--",
                "<http://x.org>",
                "*",
                "_",
                "`",
                "[",
                "]",
                "|",
                "\\",
                "~",
                "#",
                "\n",
                " ",
                "a",
                "朝",
            ]
        ),
        min_size=1,
        max_size=12,
    )
    .map("".join)
    .filter(lambda s: s.strip() != "")
)

_RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_OURS = {
    "h1",
    "h2",
    "ul",
    "li",
    "p",
    "em",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "br",
    "s",
    "del",
}


def markdown_export(timeline: list[TimelineEntry]) -> str:
    """The markdown export of these entries, as `timeline export -f markdown` writes it."""
    told = SummaryStream(timeline)
    out: list[str] = []
    write_summary(told, out.append)
    numbers = SourceNumbers((c.number, cited(c)) for c in told.sources())
    write_table(timeline, numbers, out.append)
    write_sources(numbers, out.append)
    return "".join(out)


def test_no_markdown_export_shows_the_records_text_as_html() -> None:
    """For any text, place or note with markup in it, every `<` the markdown export writes
    from the record is escaped, and rendered as CommonMark it makes only the export's own
    elements: the summary part as the table part."""
    reached = {"examples": 0, "in_summary": 0}

    @settings(max_examples=100, deadline=None)
    @given(case=slugs, texts=st.lists(st.tuples(marked_up, fact_fields()), min_size=1, max_size=4))
    def check(case: str, texts: list[tuple[str, dict[str, Any]]]) -> None:
        timeline = []
        for position, (text, fields) in enumerate(texts, 1):
            fields = {**fields, "text": text, "kind": "observation", "people": None}
            fields.pop("place", None)
            for name in list(fields):
                if name not in ("kind", "date", "text", "sources", "actors", "agencies", "group"):
                    fields.pop(name)
            made = make_entry(EventId(case, position), FACT.validate_python(fields), position, NOW)
            timeline.append(made)
        timeline.sort(key=TimelineEntry.sort_key)
        written_md = markdown_export(timeline)
        summary = written_md.split("## Timeline")[0]
        for line in written_md.splitlines():
            assert re.search(r"(?<!\\)<(?!br>)", line.replace("\\\\", "")) is None, line
        tags = set(re.findall(r"<([a-z0-9]+)", _RENDER.render(written_md)))
        assert tags <= _OURS, tags - _OURS
        reached["examples"] += 1
        reached["in_summary"] += any(
            escape(e.text) != e.text and cell(e.text) in summary for e in timeline
        )

    check()
    assert reached["in_summary"] >= 30, reached


def test_the_markdown_summary_escapes_html_as_the_table_does() -> None:
    fact = FACT.validate_python(
        {
            "kind": "observation",
            "date": "2004",
            "text": "<script>alert(1)</script> & <b>bold</b>",
            "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}],
        }
    )
    written_md = markdown_export([make_entry(EventId("c", 1), fact, 1, NOW)])
    escaped = "\\<script>alert(1)\\</script> \\& \\<b>bold\\</b>"
    assert f"- {escaped} (in 2004). [^1]" in written_md
    assert f"| {escaped} |" in written_md
    assert "<script>" not in _RENDER.render(written_md)
