"""Where the events live: an SQLite file by default, or memory for tests.

`store_env` turns a location into the eventsourcing environment that selects
the library's own persistence module; no SQL is written here.
"""

from __future__ import annotations

from pathlib import Path

MEMORY = ":memory:"


class StoreLocationError(ValueError):
    """The location cannot hold a store."""


def store_env(location: str) -> dict[str, str]:
    """The eventsourcing environment for a store at `location` (a file path, or `:memory:`)."""
    if location == MEMORY:
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    path = Path(location)
    if path.is_dir():
        raise StoreLocationError(f"store {location!r} is a directory; give a file path")
    if not path.parent.is_dir():
        raise StoreLocationError(f"store {location!r}: folder {str(path.parent)!r} does not exist")
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}
