"""One map from what went wrong to one line on stderr and an exit code.

0 ok, 1 refused by the record (the domain said no), 2 bad input or usage, 3 the store
is damaged or is not a timeline store, 70 a bug of timeline itself; interrupted, 128 + the
signal's number: 129 SIGHUP, 130 Ctrl-C, 143 SIGTERM (`cli.interrupts`).
Every failure, whoever raises it (typer's parsing included), is one line of at most
`LINE_CHARS` characters.
"""

from __future__ import annotations

import sys
from typing import NoReturn


class InputError(Exception):
    """Bad input the CLI noticed itself: a file, a store path, an option's value."""


class RefusedAt(Exception):
    """The record refused an instruction the CLI can place (`FILE:LINE: ...`): exit 1."""


REFUSED, BAD_INPUT, DAMAGED, BUG, INTERRUPTED = 1, 2, 3, 70, 130
LINE_CHARS = 300
PREFIX = "timeline: error: "


def fail(error: BaseException) -> NoReturn:
    """Print one line saying what is wrong, and exit with its code."""
    message, code = explain(error)
    say(message)
    raise SystemExit(code)


def say(message: str) -> None:
    """`message` as one line of at most `LINE_CHARS` characters on stderr."""
    print(one_line(PREFIX + message), file=sys.stderr, flush=True)


def note(message: str) -> None:
    """What a user should know of a command that did its work, as one line on stderr."""
    print(one_line(f"timeline: note: {message}"), file=sys.stderr, flush=True)


def one_line(text: str, limit: int = LINE_CHARS) -> str:
    """`text` on one line (control characters as spaces), cut to `limit` with '...'."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text[: limit * 4]).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def explain(error: BaseException) -> tuple[str, int]:
    # imported here: the domain and the store stay off the start-up path
    import sqlite3

    from eventsourcing.persistence import PersistenceError
    from pydantic import ValidationError
    from typer._click.exceptions import ClickException, UsageError
    from typer.exceptions import Abort

    from cli.interrupts import Interrupted
    from domain.errors import StoredEventUnreadable, TimelineError
    from events.errors import describe
    from storage.errors import StoreDamaged, StoreError

    if isinstance(error, Interrupted):
        return str(error), error.code
    if isinstance(error, Abort):
        return "aborted", INTERRUPTED
    if isinstance(error, UsageError):
        return usage(error), BAD_INPUT
    if isinstance(error, ClickException):
        return error.format_message(), BAD_INPUT
    if isinstance(error, StoredEventUnreadable | StoreDamaged):
        return str(error), DAMAGED
    if isinstance(error, TimelineError | RefusedAt):
        return str(error), REFUSED
    if isinstance(error, ValidationError):
        return describe(error), BAD_INPUT
    if isinstance(error, PersistenceError | sqlite3.Error):
        if "malformed" in str(error) or "not a database" in str(error):
            return f"the store is damaged: {error}", DAMAGED
        if "readonly database" in str(error):
            return "the store is read-only for this user: nothing was written", BAD_INPUT
        return f"the store cannot be used: {error}", BAD_INPUT
    if isinstance(error, OSError):
        return f"{error.filename or ''}: {error.strerror or error}".lstrip(": "), BAD_INPUT
    if isinstance(error, InputError | StoreError | ValueError):
        return str(error), BAD_INPUT
    return f"internal error, please report it: {type(error).__name__}: {error}", BUG


def usage(error: BaseException) -> str:
    """typer's complaint about the command line, with the command it is about."""
    from typer._click.exceptions import UsageError

    assert isinstance(error, UsageError)
    command = error.ctx.command_path if error.ctx else "timeline"
    return f"{error.format_message()} (see `{command} --help`)"
