"""The summary as HTML: its periods, sentences citing numbered sources, counts and totals,
in the words of the text and markdown summaries."""

from __future__ import annotations

from html import escape

from projections.exports.common import Write
from projections.summary import Counts, SummaryStream
from projections.wording import as_of, capitalise, counted, number, people


def _figures(c: Counts) -> str:
    return "; ".join(
        f"{'about ' if f.about else ''}{number(f.people)} {f.population} in {f.region}"
        f" ({as_of(f.date)})"
        for f in c.figures
    )


def write_summary(told: SummaryStream, write: Write) -> None:
    """`<section class="summary">` with a heading and list per period, then the totals."""
    n = len(told.cases)
    scope = f"{number(n)} case{'s' if n != 1 else ''}, by {told.by}"
    write(f'<section class="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary '
          f"<small>of {escape(scope)}</small></h2>")  # fmt: skip
    for period in told.periods():
        write(f'<div class="period"><h3>{escape(capitalise(period.name))}</h3><ul>')
        for s in period.sentences():
            notes = "".join(f" ({escape(note)})" for note in s.notes)
            cites = "".join(f'<a href="#source-{c}">[{c}]</a>' for c in s.cites)
            write(f"<li>{escape(s.text)}{notes} <sup>{cites}</sup></li>")
        write("</ul>")
        found = counted(period.counts)
        if found:
            write(f'<p class="counted">Counted: {escape("; ".join(found))}.</p>')
        write("</div>")
    totals = counted(told.totals)
    lines = [f"In the whole record: {'; '.join(totals) if totals else 'no outcome counted'}."]
    lines.append(f"Still pending at the end of the record: {people(told.still_pending)}.")
    if told.totals.figures:
        lines.append(f"Figures reported: {_figures(told.totals)}.")
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    write(f"<h3>In all</h3><ul>{items}</ul></section>")
