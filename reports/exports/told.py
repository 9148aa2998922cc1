"""The summary as HTML: its periods, sentences citing numbered sources, counts and totals,
in the words of the text and markdown summaries."""

from __future__ import annotations

from html import escape

from reports.counts import counted, totals
from reports.exports.common import Write
from reports.summary import SummaryStream, covered
from reports.wording import amended_said, capitalise, noted


def write_summary(told: SummaryStream, write: Write) -> None:
    """`<section class="summary">` with a heading and list per period, then the totals."""
    write(f'<section class="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary '
          f"<small>of {escape(covered(told))}</small></h2>")  # fmt: skip
    for period in told.periods():
        write(f'<div class="period"><h3>{escape(capitalise(period.name))}</h3><ul>')
        for s in period.sentences():
            cites = "".join(f'<a href="#source-{c}">[{c}]</a>' for c in s.cites)
            amended = escape(amended_said(s.amended))
            write(f"<li>{escape(noted(s.text, s.notes))} <sup>{cites}</sup>{amended}</li>")
        write("</ul>")
        found = counted(period.counts)
        if found:
            write(f'<p class="counted">Counted: {escape("; ".join(found))}.</p>')
        write("</div>")
    lines = totals(told.totals, told.still_pending)
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    write(f"<h3>In all</h3><ul>{items}</ul></section>")
