"""Markdown for reports: the summary, then the timeline as a table whose rows cite numbered
sources.

The summary is told in the words of the summary's own markdown writer, every piece of
it escaped as a table cell is (the record's text is shown as written, never read as
markup or HTML); the sources follow the table as footnotes, numbered as the summary
numbers them.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from projections.record import TimelineEntry
from reports.counts import FIGURES, counted, figure_said, totals
from reports.exports.common import SourceNumbers, Write, kind_words, notes_of
from reports.summary import Told, covered
from reports.wording import amended_said, capitalise, noted, when

_HEADER = (
    "| Date | Event | Case | People | What happened | Sources |\n"
    "| --- | --- | --- | ---: | --- | --- |\n"
)
_ESCAPED = str.maketrans({c: f"\\{c}" for c in "\\|*_`[]<~&"})


def cell(text: str) -> str:
    """Text that stays in its table cell and is shown as written: markup characters
    escaped, line breaks as `<br>`."""
    return "<br>".join(line.translate(_ESCAPED) for line in text.splitlines() or [""])


_NUMBERED = re.compile(r"\d{1,9}(?=[.)])")


def item(text: str) -> str:
    """Text that stays one item of a list and is shown as written: escaped as a cell is,
    and what would open a block there (`> `, `# `, `1. `, `- `, indentation) escaped too."""
    said = cell(text.lstrip())
    numbered = _NUMBERED.match(said)
    if numbered:
        return f"{numbered.group()}\\{said[numbered.end() :]}"
    if said[:1] in string.punctuation and not said.startswith("\\"):
        return f"\\{said}"
    return said


def write_summary(told: Told, write: Write) -> None:
    """`# Summary of ...`: each period's sentences citing numbered sources (`[^1]`), its
    counts, then the totals, as `timeline summary --format markdown` words them; the
    sources are left to `write_sources`, after the table."""
    write(f"# Summary of {cell(covered(told))}\n\n")
    for period in told.periods():
        write(f"## {cell(capitalise(period.name))}\n\n")
        for s in period.sentences():
            cites = "".join(f"[^{c}]" for c in s.cites)
            write(f"- {item(noted(s.text, s.notes))} {cites}{cell(amended_said(s.amended))}\n")
        found = counted(period.counts)
        if found:
            write(f"\n*Counted: {cell('; '.join(found))}.*\n")
        write("\n")
    write("## In all\n")
    for line in totals(told.counted, told.still_pending):
        write(f"\n- {item(line)}")
    said = map(figure_said, told.figures())
    first = next(said, None)
    if first is not None:
        write(f"\n- {item(FIGURES + first)}")
        for part in said:
            write(cell(f"; {part}"))
        write(".")
    write("\n\n")


def write_table(entries: Iterable[TimelineEntry], numbers: SourceNumbers, write: Write) -> None:
    """`## Timeline`, then one row per entry, in the order given."""
    write("## Timeline\n\n")
    empty = True
    for entry in entries:
        if empty:
            write(_HEADER)
            empty = False
        write(_row(entry, numbers))
    if empty:
        write("No events.\n")
    write("\n")


def _row(entry: TimelineEntry, numbers: SourceNumbers) -> str:
    what = cell(entry.text)
    if entry.retracted:
        what = f"~~{what}~~"
    notes = "".join(f"<br>*{cell(note)}*" for note in notes_of(entry))
    place = f"<br>{cell(entry.place)}" if entry.place else ""
    people = "" if entry.people is None else f"{entry.people:,}"
    cites = "; ".join(f"[^{n}]" + (f" \\[{g}\\]" if g else "") for n, g in numbers.graded(entry))
    disputed = " (disputed)" if entry.open_disputes() else ""
    event = f"{cell(entry.id)}<br>{kind_words(entry.kind)}{disputed}"
    date = cell(entry.date) + (f"<br>{cell(_part(entry))}" if entry.part else "")
    cells = (date, event, cell(entry.case), people, what + place + notes, cites)
    return "| " + " | ".join(cells) + " |\n"


def _part(entry: TimelineEntry) -> str:
    """`early March 2015`: the date in words with the part of it the source gives."""
    return when(entry.date, part=entry.part, bracketed=True).removeprefix("in ")


def write_sources(numbers: SourceNumbers, write: Write) -> None:
    """Every source cited, as numbered footnotes: `[^1]: Kyodo, 2009-12-23 (ID 96523).`"""
    for n, text in numbers.listed():
        write(f"[^{n}]: {cell(text)}.\n")
