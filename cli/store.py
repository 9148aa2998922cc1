"""Opening the store a command names, with errors a user can act on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cli.errors import InputError

if TYPE_CHECKING:
    from domain.application import Timeline


def open_store(location: str, *, create: bool = False) -> Timeline:
    """The Timeline on the store at `location`; it must exist unless `create`."""
    import sqlite3

    from eventsourcing.persistence import PersistenceError

    from domain.application import Timeline
    from domain.store import MEMORY

    if location != MEMORY and not create and not Path(location).exists():
        raise InputError(
            f"no store at {location!r}: create one with `timeline init --store {location}`"
        )
    try:
        return Timeline.at(location)
    except (PersistenceError, sqlite3.Error) as error:
        raise InputError(f"store {location!r} cannot be opened: {error}") from None
