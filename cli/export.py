"""`timeline export`: the record in the formats people already use, to stdout or a file."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.errors import InputError
from cli.options import AsOf, From, IncludeRetracted, KeyFile, Store, To, Until, known
from reports.formats import ExportFormat

if TYPE_CHECKING:
    from reads import Write

_NAMED = ExportFormat.named()


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
    key_events: Annotated[
        bool,
        typer.Option(
            "--key-events",
            help="Only what happened to people (harm, protection, movement, asking), not "
            "what was said or counted: a TimelineJS story of a few slides.",
        ),
    ] = False,
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
    import warnings

    import reads
    from cli.errors import note
    from cli.progress import progress_bar
    from cli.store import StoreSpec, open_store
    from reports.exports.frame import KEY_KINDS

    chosen = format_of(format_, output)
    moment = known(as_of, until)
    app = open_store(StoreSpec(store, key_file))
    with progress_bar("Catching up") as progress:
        try:
            exported = reads.export(
                app, None, chosen, case or [], start=from_, end=to,
                kinds=KEY_KINDS if key_events else (), include_retracted=include_retracted,
                known=moment, progress=progress,
            )  # fmt: skip
        except reads.CaseNotHeld as missing:
            # a read that names a case the record lacks is bad input here (the service
            # answers 404, as for any case it does not find)
            raise InputError(
                f"no case {missing.slug!r} in the record: `timeline case list` names them"
            ) from None
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        with written(output, private=app.keyring is not None) as write:
            exported(write)
    for warning in warned:  # advice on what was written (TimelineJS's limits), one line each
        note(str(warning.message))


def format_of(given: str | None, output: Path | None) -> ExportFormat:
    """The format asked for, or the one the output file's suffix names."""
    if given is not None:
        named = ExportFormat.called(given)
        if named is None:
            raise InputError(f"unknown format {given!r}: use {_NAMED}")
        return named
    if output is None:
        raise InputError(f"give --format ({_NAMED}), or -o FILE with a suffix that names one")
    guessed = ExportFormat.of_suffix(output.suffix)
    if guessed is None:
        raise InputError(f"cannot tell the format from {output.name!r}: give --format ({_NAMED})")
    return guessed


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
