"""`timeline export`: the record in the formats people already use, to stdout or a file."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.errors import InputError
from cli.options import AsOf, From, IncludeRetracted, KeyFile, Store, To, Until, known

if TYPE_CHECKING:
    from domain.application import Timeline
    from projections.case_view import CaseView
    from projections.exports.common import Write
    from projections.known import Known
    from projections.record import TimelineEntry
    from projections.wording import Scope as Covered

FORMATS = ("html", "timelinejs", "csv", "markdown", "jsonl")
SUFFIXES = {
    ".html": "html", ".htm": "html", ".json": "timelinejs", ".csv": "csv", ".md": "markdown",
    ".markdown": "markdown", ".jsonl": "jsonl", ".ndjson": "jsonl",
}  # fmt: skip
_NAMED = "html, timelinejs, csv, markdown or jsonl"


def export(
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help=f"{_NAMED}; guessed from the suffix of -o when not given.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            show_default=False,
            help="Write to this file (replaced whole, never half-written); stdout if not given.",
        ),
    ] = None,
    case: Annotated[
        list[str] | None,
        typer.Option("--case", "-c", help="Only these cases (repeatable).", show_default=False),
    ] = None,
    from_: From = None,
    to: To = None,
    include_retracted: IncludeRetracted = False,
    as_of: AsOf = None,
    until: Until = None,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
) -> None:
    """Export the record: an HTML page with a drawn timeline, TimelineJS, CSV, Markdown, or
    JSON Lines in the import format (which always carries retracted events and their retractions,
    so that it replays whole)."""
    from cli.store import StoreSpec, open_store

    chosen = format_of(format_, output)
    moment = known(as_of, until)
    app = open_store(StoreSpec(store, key_file))
    with written(output, private=app.keyring is not None) as write:
        cases = chosen_cases(app, case or [], moment)
        scope = Scope(
            app, [c.slug for c in cases] if case else [], from_, to, include_retracted, moment
        )
        WRITERS[chosen](scope, cases, write)


def format_of(given: str | None, output: Path | None) -> str:
    """The format asked for, or the one the output file's suffix names."""
    if given is not None:
        if given.lower() not in FORMATS:
            raise InputError(f"unknown format {given!r}: use {_NAMED}")
        return given.lower()
    if output is None:
        raise InputError(f"give --format ({_NAMED}), or -o FILE with a suffix that names one")
    guessed = SUFFIXES.get(output.suffix.lower())
    if guessed is None:
        raise InputError(f"cannot tell the format from {output.name!r}: give --format ({_NAMED})")
    return guessed


def chosen_cases(app: Timeline, slugs: list[str], moment: Known) -> list[CaseView]:
    """The cases named (every case if none), in the order they were opened; a case the record
    does not hold is bad input."""
    from cli.progress import progress_bar
    from projections.cases import case_views

    with progress_bar("Catching up") as progress:
        views = case_views(app, moment, progress)
    if not slugs:
        return views
    held = {v.slug for v in views}
    for slug in slugs:
        if slug not in held:
            raise InputError(f"no case {slug!r} in the record: `timeline case list` names them")
    return [v for v in views if v.slug in slugs]


class Scope:
    """What to export: which cases (all if none), which dates, as known when."""

    def __init__(
        self, app: Timeline, cases: list[str], start: str | None, end: str | None,
        include_retracted: bool, moment: Known, kinds: Sequence[str] = (),
    ) -> None:  # fmt: skip
        self.app, self.cases, self.start, self.end = app, cases, start, end
        self.include_retracted, self.moment, self.kinds = include_retracted, moment, kinds

    def told(self) -> Covered:
        """What a summary of this export covers."""
        from projections.wording import Scope as Covered

        return Covered.of(
            self.cases, self.start, self.end, self.moment, self.include_retracted, self.kinds
        )

    def entries(self, *, include_retracted: bool | None = None) -> Iterator[TimelineEntry]:
        return self.entries_of(self.cases, include_retracted)

    def entries_of(
        self, cases: list[str], include_retracted: bool | None = None
    ) -> Iterator[TimelineEntry]:
        """The timeline of `cases` (every case if none) in this scope's dates and moment."""
        from projections.timeline import timeline_of

        retracted = self.include_retracted if include_retracted is None else include_retracted
        return timeline_of(
            self.app, cases, start=self.start, end=self.end,
            include_retracted=retracted, kinds=self.kinds, known=self.moment,
        )  # fmt: skip


def _csv(scope: Scope, cases: list[CaseView], write: Write) -> None:
    from projections.exports.table import write_csv

    write_csv(scope.entries(), write)


def _jsonl(scope: Scope, cases: list[CaseView], write: Write) -> None:
    from projections.exports.jsonl import history, replayable, write_jsonl

    keep = None
    if scope.start or scope.end or scope.kinds:
        keep = {e.id for e in scope.entries(include_retracted=True)}
    write_jsonl(replayable(history(scope.app, scope.cases, scope.moment), keep), write)


def _timelinejs(scope: Scope, cases: list[CaseView], write: Write) -> None:
    from projections.exports.timelinejs import write_timelinejs

    write_timelinejs(scope.entries(), cases, write)


def _markdown(scope: Scope, cases: list[CaseView], write: Write) -> None:
    from projections.exports.common import SourceNumbers, cited
    from projections.exports.markdown import write_sources, write_summary, write_table
    from projections.summary import SummaryStream

    entries = list(scope.entries())
    told = SummaryStream(entries, scope=scope.told())
    write_summary(told, write)
    numbers = SourceNumbers((c.number, cited(c)) for c in told.sources())
    write_table(entries, numbers, write)
    write_sources(numbers, write)


def _html(scope: Scope, cases: list[CaseView], write: Write) -> None:
    from projections.exports.page import write_page
    from projections.summary import SummaryStream

    entries = list(scope.entries())
    write_page(entries, cases, SummaryStream(entries, scope=scope.told()), write)


WRITERS: dict[str, Callable[[Scope, list[CaseView], Write], None]] = {
    "html": _html, "timelinejs": _timelinejs, "csv": _csv, "markdown": _markdown, "jsonl": _jsonl,
}  # fmt: skip


@contextmanager
def written(output: Path | None, *, private: bool = False) -> Iterator[Write]:
    """A `write` to stdout, or to a file that replaces `output` once complete
    (`cli.files.replaced`: a failed or interrupted export leaves no file behind, and an old
    file as it was); `private`, an encrypted store's export: the file is its owner's alone."""
    if output is None:
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            yield out.write
        finally:
            out.flush()
            out.detach()
        return
    from cli.files import replaced

    with replaced(output, private=private) as file:
        yield file.write
