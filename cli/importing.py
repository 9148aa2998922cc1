"""`timeline import`: a JSON Lines file of instructions, stored all or nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.errors import InputError
from cli.options import Json, Store
from cli.output import console, print_json

if TYPE_CHECKING:
    from rich.console import Console

    from domain.application import Timeline
    from domain.recorded import Receipt
    from events.instructions import Instruction


def import_(
    file: Annotated[
        Path,
        typer.Argument(
            help="A .jsonl file: one JSON object per line; '-' for stdin.", show_default=False
        ),
    ],
    store: Store = "timeline.db",
    json: Json = False,
) -> None:
    """Record many events from a JSON Lines file: every line is checked first, then all are
    stored in one transaction, or none if any line is wrong (the error names FILE:LINE).
    """
    from cli.store import open_store

    app = open_store(store)
    receipts = import_file(app, file)
    if json:
        print_json([{"id": str(r.id), "position": r.at.position} for r in receipts])
    else:
        console.print(f"Imported {len(receipts)} events from {file}.")


def import_file(app: Timeline, file: Path) -> list[Receipt]:
    """Validate every line of `file`, then carry all of them out in one transaction."""
    from domain.errors import Refused

    lines, instructions = read_jsonl(file)
    try:
        return app.carry_out(instructions)
    except Refused as refused:
        raise InputError(f"{file}:{lines[refused.index]}: {refused}") from None


def read_jsonl(file: Path) -> tuple[list[int], list[Instruction]]:
    """The instructions of `file` with their line numbers; the first bad line raises."""
    import orjson
    from pydantic import ValidationError
    from rich.progress import track

    from events.errors import describe
    from events.instructions import read_instruction

    raw = _read(file)
    numbers: list[int] = []
    instructions: list[Instruction] = []
    rows = raw.splitlines()
    show = sys.stderr.isatty() and len(rows) > 20_000
    for number, row in track(
        enumerate(rows, 1), total=len(rows), description="Checking", disable=not show,
        console=_stderr(), transient=True,
    ):  # fmt: skip
        if not row.strip():
            continue
        try:
            instructions.append(read_instruction(orjson.loads(row)))
        except orjson.JSONDecodeError as error:
            # orjson counts lines and columns within the one line it was given
            where = f"{file}:{number}:{error.colno}" if error.colno else f"{file}:{number}"
            raise InputError(f"{where}: malformed JSON: {error.msg}") from None
        except ValidationError as error:
            raise InputError(f"{file}:{number}: {describe(error)}") from None
        except ValueError as error:
            raise InputError(f"{file}:{number}: {error}") from None
        numbers.append(number)
    if not instructions:
        raise InputError(f"{file}: no events in the file")
    return numbers, instructions


def _read(file: Path) -> bytes:
    if str(file) == "-":
        return sys.stdin.buffer.read()
    if file.is_dir():
        raise InputError(f"{file}: is a directory, not a JSONL file")
    try:
        return file.read_bytes()
    except OSError as error:
        raise InputError(f"{file}: cannot read: {error.strerror}") from None


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True)
