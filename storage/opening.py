"""Opening the store a location names: the location parsed once into its backend
(`backend_at`), which opens it (`storage.backends`): it must exist unless created, be a
timeline store, and be read with the format it records.

A location is inspected before eventsourcing is let near it (the library creates
tables and switches SQLite to WAL as it opens a file): a file or schema that is not a
timeline store is refused untouched. A store this process may not write is opened
read-only and never written.

Nothing of eventsourcing or a database driver is imported here until a store is opened:
a command that reads views found current (`projections.fresh`) asks for a `snapshot`
without starting either.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from storage.location import MEMORY, is_postgres_url

if TYPE_CHECKING:
    from storage.backends import Backend, StoredTimeline
    from storage.keyring import StoreKey
    from storage.tables import Snapshot


def backend_at(location: str) -> Backend:
    """The backend of the store at `location`, its location parsed here once; raises
    `StoreLocationError` for a URL that cannot name a store."""
    if location == MEMORY:
        from storage.memory import MemoryBackend

        return MemoryBackend()
    if is_postgres_url(location):
        from storage.postgres import PostgresBackend

        return PostgresBackend(location)
    from storage.sqlite import SQLiteBackend

    return SQLiteBackend(location)


def store_exists(location: str) -> bool:
    """Whether a store is already at `location` (never true of `:memory:`)."""
    return backend_at(location).exists()


def open_timeline(
    location: str, *, create: bool = False, key: StoreKey | None = None, threads: int = 1
) -> StoredTimeline:
    """The Timeline on the store at `location`; it must exist unless `create`, which makes
    it where nothing is (or upgrades a store made before format records).

    Raises `StoreNotFound` for a missing store, `NotAStore` for anything else found there,
    `StoreNeedsUpgrade` for an older store, `StoreUnreachable` for a database that cannot
    be used, `StoreLocationError` for a location that cannot hold one. An encrypted store
    needs its `key` (`KeyMissing`, `WrongKey`); a plain one refuses a key (`NotEncrypted`).

    `threads`: how many threads of this process use the store at once (a server's); on
    PostgreSQL each may hold two pooled connections at a time (a lock or a stream, and a
    read it needs meanwhile), so the pool is made large enough for all of them and one over.
    """
    return backend_at(location).open(create=create, key=key, threads=threads)


@contextmanager
def snapshot(location: str) -> Iterator[Snapshot | None]:
    """The database of the store at `location` opened with the DB-API alone, in one read
    transaction, where that is cheap and reads it whole: a plain store of the current
    format in a file (`storage.format.sqlite_snapshot`). Otherwise None: read it through
    the application instead."""
    if location == MEMORY or is_postgres_url(location):
        yield None
        return
    from pathlib import Path

    from storage.format import sqlite_snapshot

    with sqlite_snapshot(Path(location)) as found:
        yield found
