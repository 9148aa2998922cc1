"""CSV: one row per timeline entry, for spreadsheets.

UTF-8, a header row, RFC 4180 quoting (a field with a comma, a quote or a line
break is quoted, quotes doubled) and CRLF line ends, so the `csv` module and
spreadsheets read every value back as it was written.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date

from projections.record import TimelineEntry
from reports.exports.common import Write, citation_notes, disputes_of, supporting_of

COLUMNS = (
    "id", "case", "kind", "date", "part", "earliest", "latest", "people", "place", "text",
    "sources", "retracted", "disputes", "notes",
)  # fmt: skip
SOURCES_SEPARATOR = "; "
DISPUTES_SEPARATOR = " | "


def row(entry: TimelineEntry) -> tuple[str, ...]:
    """The entry's values as the CSV holds them: an unknown day, people, place or part of the
    date (`early`, `mid`, `late`) is empty;
    `sources` the sources that support the entry, each with its grade where it has one;
    `disputes` each dispute in `show`'s words (an open one's source is not in `sources`);
    `notes` the note of each citation and dispute that has one (`citation_notes`)."""
    return (
        entry.id,
        entry.case,
        entry.kind,
        entry.date,
        entry.part or "",
        _day(entry.earliest),
        _day(entry.latest),
        "" if entry.people is None else str(entry.people),
        entry.place or "",
        entry.text,
        SOURCES_SEPARATOR.join(s.graded_citation() for s in supporting_of(entry)),
        "yes" if entry.retracted else "",
        DISPUTES_SEPARATOR.join(disputes_of(entry)),
        DISPUTES_SEPARATOR.join(citation_notes(entry)),
    )


def _day(day: date | None) -> str:
    return "" if day is None else day.isoformat()


class _Sink:
    def __init__(self, write: Write) -> None:
        self.write = write


def write_csv(entries: Iterable[TimelineEntry], write: Write) -> None:
    """The header, then one row per entry, in the order given."""
    out = csv.writer(_Sink(write), lineterminator="\r\n")
    out.writerow(COLUMNS)
    for entry in entries:
        out.writerow(row(entry))
