"""Markdown for reports: the timeline as a table whose rows cite numbered sources.

The summary before it is told by the summary's own markdown writer; the sources
follow the table as footnotes, numbered as the summary numbers them.
"""

from __future__ import annotations

from collections.abc import Iterable

from projections.exports.common import SourceNumbers, Write, kind_words, notes_of
from projections.record import TimelineEntry

_HEADER = (
    "| Date | Event | Case | People | What happened | Sources |\n"
    "| --- | --- | --- | ---: | --- | --- |\n"
)
_ESCAPED = str.maketrans({c: f"\\{c}" for c in "\\|*_`[]<~"})


def cell(text: str) -> str:
    """Text that stays in its table cell and is shown as written: markup characters
    escaped, line breaks as `<br>`."""
    return "<br>".join(line.translate(_ESCAPED) for line in text.splitlines() or [""])


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
    cites = " ".join(f"[^{n}]" for n in numbers.numbers(entry))
    event = f"{cell(entry.id)}<br>{kind_words(entry.kind)}"
    cells = (cell(entry.date), event, cell(entry.case), people, what + place + notes, cites)
    return "| " + " | ".join(cells) + " |\n"


def write_sources(numbers: SourceNumbers, write: Write) -> None:
    """Every source cited, as numbered footnotes: `[^1]: Kyodo, 2009-12-23 (ID 96523).`"""
    for n, text in numbers.listed():
        write(f"[^{n}]: {cell(text)}.\n")
