"""One map from what went wrong to one line on stderr and an exit code.

0 ok, 1 refused by the record (the domain said no), 2 bad input or usage.
"""

from __future__ import annotations

import sys
from typing import NoReturn


class InputError(Exception):
    """Bad input the CLI noticed itself: a file, a store path, an option's value."""


REFUSED, BAD_INPUT = 1, 2


def fail(error: BaseException) -> NoReturn:
    """Print one line saying what is wrong, and exit with its code."""
    message, code = explain(error)
    print(f"timeline: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def explain(error: BaseException) -> tuple[str, int]:
    # imported here: the domain and the store stay off the start-up path
    import sqlite3

    from eventsourcing.persistence import MapperDeserialisationError, PersistenceError
    from pydantic import ValidationError

    from domain.errors import TimelineError
    from events.errors import describe
    from storage.errors import StoreError

    if isinstance(error, TimelineError | MapperDeserialisationError):
        return str(error), REFUSED
    if isinstance(error, ValidationError):
        return describe(error), BAD_INPUT
    if isinstance(error, PersistenceError | sqlite3.Error):
        return f"the store cannot be used: {error}", BAD_INPUT
    if isinstance(error, OSError):
        return f"{error.filename or ''}: {error.strerror or error}".lstrip(": "), BAD_INPUT
    if isinstance(error, InputError | StoreError | ValueError):
        return str(error), BAD_INPUT
    raise error
