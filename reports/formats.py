"""The export formats, listed once: each its name, the file suffixes that name it, its media
type and its writer; and the `Scope` every writer reads the record through.

`timeline export` and `GET /export` both take their formats from here (through
`reads.export`). Light to import: the command line reads the names for its help, and
each writer loads what it needs when it runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domain.application import Timeline
    from projections.case_view import CaseView
    from projections.known import Known
    from projections.record import TimelineEntry
    from reports.exports.common import Write
    from reports.wording import Scope as Covered


@dataclass(frozen=True)
class Scope:
    """What to export: which cases, which dates and kinds, as known when, seen by whom."""

    app: Timeline
    cases: tuple[str, ...]
    """The cases asked for (none: every case the reader sees), as the summary names them."""
    start: str | None
    end: str | None
    include_retracted: bool
    moment: Known
    kinds: tuple[str, ...] = ()
    logged: tuple[str, ...] = ()
    """The cases whose recorded history JSON Lines replays (none: the whole log); a reader
    who does not see every case gets the cases it sees named one by one."""
    sees: Callable[[str], bool] | None = None
    """Whether the reader sees a case (None: every case)."""

    def told(self) -> Covered:
        """What a summary of this export covers."""
        from reports.wording import Scope as Covered

        return Covered.of(
            self.cases, self.start, self.end, self.moment, self.include_retracted, self.kinds
        )

    def entries(self, *, include_retracted: bool | None = None) -> Iterator[TimelineEntry]:
        """The timeline of the cases asked for (every case if none) in this scope's dates,
        kinds and moment, of the cases the reader sees."""
        from projections.timeline import timeline_of

        retracted = self.include_retracted if include_retracted is None else include_retracted
        found = timeline_of(
            self.app, self.cases, start=self.start, end=self.end,
            include_retracted=retracted, kinds=self.kinds, known=self.moment,
        )  # fmt: skip
        sees = self.sees
        return found if sees is None else (e for e in found if sees(e.case))


Writer = Callable[[Scope, list["CaseView"], "Write"], None]


def _csv(scope: Scope, cases: list[CaseView], write: Write) -> None:
    from reports.exports.table import write_csv

    write_csv(scope.entries(), write)


def _jsonl(scope: Scope, cases: list[CaseView], write: Write) -> None:
    from reports.exports.jsonl import history, replayable, write_jsonl

    keep = None
    if scope.start or scope.end or scope.kinds:
        keep = {e.id for e in scope.entries(include_retracted=True)}
    write_jsonl(replayable(history(scope.app, scope.logged, scope.moment), keep), write)


def _timelinejs(scope: Scope, cases: list[CaseView], write: Write) -> None:
    from reports.exports.timelinejs import write_timelinejs

    write_timelinejs(scope.entries(), cases, write)


def _markdown(scope: Scope, cases: list[CaseView], write: Write) -> None:
    from reports.exports.common import SourceNumbers, cited
    from reports.exports.markdown import write_sources, write_summary, write_table
    from reports.summary import SummaryStream

    entries = list(scope.entries())
    told = SummaryStream(entries, scope=scope.told())
    write_summary(told, write)
    numbers = SourceNumbers((c.number, cited(c)) for c in told.sources())
    write_table(entries, numbers, write)
    write_sources(numbers, write)


def _html(scope: Scope, cases: list[CaseView], write: Write) -> None:
    from reports.exports.page import write_page
    from reports.summary import SummaryStream

    entries = list(scope.entries())
    write_page(entries, cases, SummaryStream(entries, scope=scope.told()), write)


class ExportFormat(StrEnum):
    """An export format: its name (the member's value), the file suffixes that name it, its
    media type, and the writer that writes it."""

    _value_: str
    suffixes: tuple[str, ...]
    media: str
    writer: Writer

    def __new__(
        cls, name: str, suffixes: tuple[str, ...], media: str, writer: Writer
    ) -> ExportFormat:
        member = str.__new__(cls, name)
        member._value_ = name
        member.suffixes, member.media, member.writer = suffixes, media, writer
        return member

    html = "html", (".html", ".htm"), "text/html; charset=utf-8", _html
    timelinejs = "timelinejs", (".json",), "application/json", _timelinejs
    csv = "csv", (".csv",), "text/csv; charset=utf-8", _csv
    markdown = "markdown", (".md", ".markdown"), "text/markdown; charset=utf-8", _markdown
    jsonl = "jsonl", (".jsonl", ".ndjson"), "application/jsonl", _jsonl

    @classmethod
    def named(cls) -> str:
        """`html, timelinejs, csv, markdown or jsonl`."""
        names = [f.value for f in cls]
        return f"{', '.join(names[:-1])} or {names[-1]}"

    @classmethod
    def called(cls, name: str) -> ExportFormat | None:
        """The format of this name (in any case), if any."""
        return next((f for f in cls if name.lower() == f.value), None)

    @classmethod
    def of_suffix(cls, suffix: str) -> ExportFormat | None:
        """The format a file's suffix (`.md`) names, if any."""
        return next((f for f in cls if suffix.lower() in f.suffixes), None)
