"""`timeline import`: a JSON Lines file of instructions, stored all or nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer

from cli.errors import InputError, RefusedAt
from cli.options import Json, KeyFile, Store
from cli.output import console

if TYPE_CHECKING:
    from rich.console import Console

    from domain.application import Timeline
    from events.instructions import Instruction
    from storage.importing import Imported


def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="A .jsonl file: one JSON object per line; '-' for stdin.", show_default=False
        ),
    ],
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help="Walk the drafts of a file `timeline draft` wrote: accept, edit a field, "
            "skip or quit each; the accepted ones are recorded at the end, all or nothing "
            "(quit records nothing).",
        ),
    ] = False,
) -> None:
    """Record many events from a JSON Lines file, all in one transaction, or none if any
    line is wrong (the error names FILE:LINE). Lines are checked and stored as they are
    read, a page at a time, so a file of millions of lines needs no more memory than a
    short one. A line's `draft` key (from `timeline draft`) is dropped: review the
    drafts first with --review.
    """
    from cli.output import stream_json
    from cli.store import StoreSpec, open_store

    app = open_store(StoreSpec(store, key_file))
    if review:
        from cli.reviewing import reviewed

        imported = reviewed(app, file)
        if imported is None:
            return
    else:
        imported = import_file(app, file, receipts=json)
    if json:
        stream_json({"id": i, "position": p} for i, p in imported.receipts())
    else:
        console.print(f"Imported {imported.count:,} events from {file}.")
    imported.close()


def import_file(app: Timeline, file: Path, *, receipts: bool = True) -> Imported:
    """Carry out every line of `file` in one transaction, checked as it is read; `receipts`:
    whether each event's id and position are kept (`--json` prints them)."""
    from domain.errors import Refused
    from storage.importing import import_stream

    with _opened(file) as (stream, size), _checking(size) as advance:
        try:
            numbered = read_jsonl(file, stream, advance)
            imported = import_stream(app, numbered, receipts=receipts)
        except Refused as refused:
            raise RefusedAt(f"{file}:{refused.index}: {refused}") from None
    if not imported.count:
        imported.close()
        raise InputError(f"{file}: no events in the file")
    return imported


def read_jsonl(
    file: Path, stream: BinaryIO, advance: Callable[[int], None]
) -> Iterator[tuple[int, Instruction]]:
    """The instructions of `file` with their line numbers, as they are read; the first bad
    line raises.

    Read a line at a time, each at most `LINE_BYTES` and at most `IMPORT_LINES` of them,
    so a file without line breaks (or without end) is refused before memory runs out.
    """
    import orjson
    from pydantic import ValidationError

    from events.errors import describe
    from events.instructions import read_instruction
    from events.json_input import read_json

    for number, row in _lines(file, stream):
        advance(len(row))
        if not row.strip():
            continue
        try:
            yield number, read_instruction(read_json(row))
        except orjson.JSONDecodeError as error:
            # orjson counts lines and columns within the one line it was given
            where = f"{file}:{number}:{error.colno}" if error.colno else f"{file}:{number}"
            raise InputError(f"{where}: malformed JSON: {error.msg}") from None
        except ValidationError as error:
            raise InputError(f"{file}:{number}: {describe(error)}") from None
        except ValueError as error:
            raise InputError(f"{file}:{number}: {error}") from None


def _lines(file: Path, stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Numbered lines of `stream`, refusing one longer than `LINE_BYTES` or too many."""
    from events.values import IMPORT_LINES, LINE_BYTES

    for number in range(1, IMPORT_LINES + 2):
        row = stream.readline(LINE_BYTES + 2)
        if not row:
            return
        if number > IMPORT_LINES:
            raise InputError(
                f"{file}: more than {IMPORT_LINES:,} lines; split it into several imports"
            )
        content = row.rstrip(b"\r\n")
        if len(content) > LINE_BYTES:
            raise InputError(
                f"{file}:{number}: line longer than {LINE_BYTES:,} bytes (1 MiB); "
                "is this a JSON Lines file?"
            )
        yield number, content


@contextmanager
def _opened(file: Path) -> Iterator[tuple[BinaryIO, int | None]]:
    """The file's bytes as a stream, with its size where known ('-' is stdin)."""
    if str(file) == "-":
        yield sys.stdin.buffer, None
        return
    if file.is_dir():
        raise InputError(f"{file}: is a directory, not a JSONL file")
    try:
        stream = file.open("rb")
    except OSError as error:
        raise InputError(f"{file}: cannot read: {error.strerror}") from None
    with stream:
        size = file.stat().st_size if file.is_file() else None
        yield stream, size


@contextmanager
def _checking(size: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for a large file in a terminal, advanced by bytes read."""
    if size is None or size < 8_000_000 or not sys.stderr.isatty():
        yield lambda _: None
        return
    from rich.progress import Progress

    with Progress(console=_stderr(), transient=True) as progress:
        task = progress.add_task("Importing", total=size)
        step, unshown = size // 500, 0

        def advance(done: int) -> None:
            # told of every line: the bar moves by a 500th of the file (rich locks per call)
            nonlocal unshown
            unshown += done + 1
            if unshown >= step:
                progress.advance(task, unshown)
                unshown = 0

        yield advance


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True)
