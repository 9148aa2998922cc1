"""One backend per kind of store, made once from its location.

As eventsourcing picks one persistence module from its settings (`sqlite`, `postgres`,
`popo`) and nothing above it asks which, a store location (a file path, a
`postgresql://` URL, `:memory:`) is read once by `backend_at` into an `SQLiteBackend`,
`PostgresBackend` or `MemoryBackend`, and whatever differs between them is asked of it:
how it may be printed, eventsourcing's settings, what is there, opening the application,
the tables beside the events (views, audit, keys, accounts), the writers' locks, the
import's transaction, reading one case's events, copying into it and backing it up.
The application it opens carries it (`StoredTimeline.backend`).

Nothing of eventsourcing or a database driver is imported here: a command that reads
views found current (`projections.fresh`) asks its backend without starting either.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from storage.format import CURRENT_FORMAT, ENCRYPTED_FORMAT, Inspection, Kind, StoreFormat
from storage.location import MEMORY, is_postgres_url

if TYPE_CHECKING:
    from eventsourcing.persistence import Notification, StoredEvent

    from storage.audit import Audit
    from storage.importing import ImportStore
    from storage.keyring import Keyring, StoreKey
    from storage.tables import Tables
    from storage.timeline import StoredTimeline

Snapshot = sqlite3.Connection
"""A store's database read with the DB-API alone, in one transaction (`Backend.snapshot`)."""
SnapshotRows = sqlite3.Cursor
SnapshotError = sqlite3.Error
"""What a read of a `Snapshot` raises (no such table: views never made, or older)."""

V = TypeVar("V")


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


class Backend(ABC):
    """A store of one kind, at one location."""

    shared = False
    """Several processes may serve it at once (a server's workers)."""
    subscribable = False
    """Other processes' new events are told to a follower as they are saved (LISTEN/NOTIFY),
    so eventsourcing's `ProjectionRunner` can follow it; else a follower polls."""
    dense = True
    """Positions run without a gap (PostgreSQL's sequence skips those of a rolled-back
    insert)."""
    one_writer = True
    """One process writes the whole store at a time (SQLite): a lock waited out is the store's
    writer's (an import, a rebuild), not that of the table written (the audit's, the views')."""
    streams_imports = True
    """An import is written a page at a time in one transaction of the store
    (`import_transaction`); else it is carried out as one batch."""

    @abstractmethod
    def __str__(self) -> str:
        """The location as it may be printed: a URL without its password."""

    @abstractmethod
    def env(self) -> dict[str, str]:
        """eventsourcing's settings that select this store's persistence module."""

    @abstractmethod
    def inspect(self) -> Inspection:
        """What is at the location, read without changing it."""

    def exists(self) -> bool:
        """Whether a store is already there (never true of `:memory:`)."""
        return self.inspect().kind in (Kind.OURS, Kind.OLDER)

    def open(
        self, *, create: bool = False, key: StoreKey | None = None, threads: int = 1
    ) -> StoredTimeline:
        """The Timeline on this store (`storage.opening.open_timeline` says the contract)."""
        from storage.opening import check_found, check_key, finish_opening

        self.check_location()  # a location that cannot hold a store is refused first
        found = self.inspect()
        check_found(str(self), found, create)
        check_key(str(self), found, key)
        store_format = found.store_format or (ENCRYPTED_FORMAT if key else CURRENT_FORMAT)
        app = self.application(found, store_format, create=create, threads=threads)
        finish_opening(app, found, store_format, key)
        return app

    def check_location(self) -> None:  # noqa: B027  # most locations are checked as parsed
        """Raise `StoreLocationError` where the location cannot hold a store."""

    @abstractmethod
    def application(
        self, found: Inspection, store_format: StoreFormat, *, create: bool, threads: int
    ) -> StoredTimeline:
        """eventsourcing's application on the store `found` here, read in `store_format`, with
        the services this backend gives it (locks, scrub)."""

    def settings(self, store_format: StoreFormat = CURRENT_FORMAT) -> dict[str, str]:
        """eventsourcing's settings of an application on this store written in
        `store_format`: its persistence module, timeline's mapper, the format's compressor."""
        from storage.timeline import mapper_env

        return {**self.env(), **mapper_env(), **store_format.env()}

    def timeline(self, store_format: StoreFormat, **env: str) -> StoredTimeline:
        """The application with this backend's `settings` and `env`."""
        from storage.timeline import StoredTimeline

        app = StoredTimeline(env={**self.settings(store_format), **env})
        app.backend = self
        return app

    @abstractmethod
    def tables(self, app: StoredTimeline) -> Tables | None:
        """The database of the store `app` is on, for the tables beside the events; None
        where it has none (memory)."""

    @abstractmethod
    def views(
        self, app: StoredTimeline, name: str, on_tables: type[Any], in_memory: Callable[[], V]
    ) -> V:
        """The persisted view `name` of the store `app` is on: `on_tables` (an eventsourcing
        tracking recorder written over `Tables`, `projections.sql_views`) given this
        backend's tracking recorder and tables, else `in_memory()` where the store has no
        database."""

    def keyring(self, app: StoredTimeline, store_key: bytes, *, new: bool) -> Keyring:
        """The keyring of the encrypted store `app` is on, its keys in the store's key table
        (`storage.keys`); made there if `new`."""
        from storage.keyring import Keyring, new_keyring
        from storage.keys import SQLKeyTable

        tables = self.tables(app)
        assert tables is not None  # memory keeps its keys itself (`MemoryBackend`)
        table = SQLKeyTable(tables)
        if not new:
            return Keyring(store_key, table)
        table.create()
        return new_keyring(store_key, table)

    @abstractmethod
    def import_transaction(self, app: StoredTimeline) -> AbstractContextManager[ImportStore]:
        """One transaction of the store's recorder for a streamed import
        (`storage.importing`): committed when the block ends, rolled back if it raises."""

    @abstractmethod
    def case_notifications(
        self, app: StoredTimeline, case_id: UUID, until: int | None
    ) -> Sequence[Notification]:
        """The stored events of one case recorded up to position `until`, in version order,
        with their positions (`storage.cases`)."""

    @abstractmethod
    def inserting(
        self, app: StoredTimeline
    ) -> AbstractContextManager[Callable[[list[StoredEvent]], Any]]:
        """One transaction of the store's recorder, and a function that inserts a page of
        stored events (and their chain rows) in it (`storage.copy`)."""

    def why_not_opened(self, create: bool) -> str:
        """What the driver's error on opening leaves unsaid, where it can be seen ('' if
        nothing)."""
        return ""

    def check_backup(self) -> None:
        """Raise `StoreError` unless `backup` can copy this store."""
        from storage.errors import StoreError

        raise StoreError(
            "backup copies an SQLite file; back up a PostgreSQL store with pg_dump, or copy it "
            "into a file with `timeline store copy --to FILE`"
        )

    def backup(self, target: Path, key: StoreKey | None = None) -> Audit:
        """Copy the store into the new file `target` while others go on using it, and
        return the audit of the copy (`storage.backup`)."""
        self.check_backup()
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot | None]:
        """The store's database opened with the DB-API alone, in one read transaction,
        where that is cheap and reads it whole: a plain store of the current format in a
        file. Otherwise None: read it through the application instead."""
        yield None
