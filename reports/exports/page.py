"""The HTML page: the cases, the drawn timeline, the summary and the sources, in one file.

Self-contained: no script, stylesheet, font or image is fetched; every string of
the record is escaped. The same record gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from projections.case_view import CaseView
from projections.record import TimelineEntry
from reports.exports.common import SourceNumbers, Write, cited
from reports.exports.drawing import drawing
from reports.exports.told import write_summary
from reports.summary import SummaryStream

_CSS = """
body { margin: 1.5rem; font: 15px/1.45 system-ui, sans-serif; color: #222; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.scope { color: #555; margin: 0; }
table.cases { border-collapse: collapse; font-size: 14px; }
table.cases th, table.cases td { text-align: left; padding: .2rem .6rem .2rem 0;
  border-bottom: 1px solid #eee; vertical-align: top; }
table.cases td.n { text-align: right; }
.summary li { margin: .2rem 0; }
.summary .period { content-visibility: auto; contain-intrinsic-size: auto 120px; }
.summary sup a, .sources a { text-decoration: none; }
.counted { font-style: italic; color: #444; }
.sources li:target { background: #fff3b0; }
.sources ol { margin: 0; content-visibility: auto; contain-intrinsic-size: auto 1200px; }
body { overflow-wrap: anywhere; }
@media (max-width: 600px) {
  body { margin: .75rem; }
  table.cases, table.cases tbody, table.cases tr, table.cases td { display: block; }
  table.cases thead { position: absolute; left: -9999px; }
  table.cases tr { border: 1px solid #ddd; border-radius: 4px; margin: 0 0 .5rem;
    padding: .3rem .5rem; }
  table.cases td { border: 0; padding: .1rem 0; }
  table.cases td.n { text-align: left; }
  table.cases td::before { content: attr(data-label) ": "; color: #666; font-size: 12px; }
}
@media print { body { margin: 0; font-size: 11pt; } a { color: inherit; }
  .summary .period, .sources ol { content-visibility: visible; } }
"""


def write_page(
    entries: Sequence[TimelineEntry],
    cases: Sequence[CaseView],
    told: SummaryStream,
    write: Write,
) -> None:
    """The whole page for these entries (in timeline order), of these cases."""
    summary: list[str] = []
    write_summary(told, summary.append)  # the summary numbers the sources as it tells them
    numbers = SourceNumbers((c.number, cited(c)) for c in told.sources())
    drawn = drawing(entries, cases, numbers)
    shown = [c for c in cases if c.slug in {e.case for e in entries}] or list(cases)
    title = shown[0].title if len(shown) == 1 else f"Timeline of {len(shown)} cases"
    write(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}{drawn.css}</style></head><body>"
        f'<header><h1>{escape(title)}</h1><p class="scope">{escape(_scope(entries))}</p>'
        "</header>"
    )
    write(_cases(shown, entries))
    write(f'<section aria-labelledby="timeline-h"><h2 id="timeline-h">Timeline</h2>{drawn.html}')
    write("</section>")
    write("".join(summary))
    write(_sources(numbers))
    write(f"<script>{drawn.js}</script></body></html>\n")


def _scope(entries: Sequence[TimelineEntry]) -> str:
    days = [d for e in entries for d in (e.earliest, e.latest) if d is not None]
    count = f"{len(entries):,} event{'s' if len(entries) != 1 else ''}"
    return f"{count}, {min(days).year} to {max(days).year}." if days else f"{count}."


def _cases(cases: Sequence[CaseView], entries: Sequence[TimelineEntry]) -> str:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.case] = counts.get(entry.case, 0) + 1
    rows = "".join(
        f'<tr><td data-label="Case"><a href="#lane-{escape(c.slug)}">{escape(c.slug)}</a></td>'
        f'<td data-label="Title">{escape(c.title)}</td>'
        f'<td data-label="Status">{escape(c.status)}</td>'
        f'<td class="n" data-label="People">{"" if c.people is None else f"{c.people:,}"}</td>'
        f'<td class="n" data-label="Events">{counts.get(c.slug, 0)}</td></tr>'
        for c in cases
    )
    return (
        '<section aria-labelledby="cases-h"><h2 id="cases-h">Cases</h2><table class="cases">'
        "<thead><tr><th>Case</th><th>Title</th><th>Status</th><th>People</th><th>Events</th>"
        f"</tr></thead><tbody>{rows}</tbody></table></section>"
    )


SOURCES_A_LIST = 500
"""The source list is cut into lists of this many, each laid out only when near the view."""


def _sources(numbers: SourceNumbers) -> str:
    """The numbered sources, in lists of SOURCES_A_LIST that each say their first number
    (`start`), a new list where numbers skip: no item carries a number of its own, which
    makes a browser count every item again for each (10,000 sources: 8 s)."""
    lists: list[str] = []
    items: list[str] = []
    last = 0
    for n, text in numbers.listed():
        if items and (n != last + 1 or len(items) == SOURCES_A_LIST):
            lists.append(_list(last - len(items) + 1, items))
            items = []
        items.append(f'<li id="source-{n}">{escape(text)}</li>')
        last = n
    if items:
        lists.append(_list(last - len(items) + 1, items))
    return (
        '<section class="sources" aria-labelledby="sources-h"><h2 id="sources-h">Sources</h2>'
        f"{''.join(lists)}</section>"
    )


def _list(first: int, items: list[str]) -> str:
    start = "" if first == 1 else f' start="{first}"'
    return f"<ol{start}>{''.join(items)}</ol>"
