"""A store in an SQLite file: the default, one file a store.

eventsourcing's `eventsourcing.sqlite` keeps the events; this backend opens it (read-only
where this process may not write the file), makes writers of the store take turns
(`flock`), writes the tables beside the events in the same file, and backs the file up
with SQLite's online backup API.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from storage.backends import Backend, StoredTimeline, older_snapshots
from storage.format import Inspection, Kind, StoreFormat
from storage.keys import SECURE_DELETE
from storage.location import sqlite_path
from storage.tables import Tables

if TYPE_CHECKING:
    from eventsourcing.persistence import Notification, StoredEvent

    from storage.audit import Audit
    from storage.import_store import ImportStore
    from storage.keyring import StoreKey

V = TypeVar("V")
NORMAL = 1
"""SQLite's `synchronous = NORMAL`: a commit does not wait for the disk."""


def _scrub(path: Path, where: str, wait: float, *, whole: bool = False) -> str | None:
    """The store's `Scrub` (`storage.scrub.SQLiteScrub`; read-only, it says it cannot
    write), imported when a store is scrubbed: after an erasure, never on opening."""
    from storage.scrub import SQLiteScrub

    return SQLiteScrub(path, where)(wait, whole=whole)


class SQLiteBackend(Backend):
    """A store in the SQLite file at `location`."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.path = Path(location)

    def __str__(self) -> str:
        return self.location

    def __repr__(self) -> str:
        return f"SQLiteBackend({self.location!r})"

    def env(self) -> dict[str, str]:
        return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(self.path)}

    def check_location(self) -> None:
        sqlite_path(self.location)

    def inspect(self) -> Inspection:
        from storage.format import inspect_sqlite

        return inspect_sqlite(self.path)

    def application(
        self, found: Inspection, store_format: StoreFormat, *, create: bool, threads: int
    ) -> StoredTimeline:
        from storage.format import read_only_uri, writable
        from storage.locks import sqlite_store_lock

        if found.kind is Kind.OURS and not create and not writable(self.path):
            app = self.timeline(
                store_format, SQLITE_DBNAME=read_only_uri(self.path), CREATE_TABLE="no",
                **_recorder(),
            )  # fmt: skip
            app.read_only = True
        else:
            app = self.timeline(store_format, CREATE_TABLE="yes" if create else "no", **_recorder())
            app.writing_cases = sqlite_store_lock(str(self.path.absolute()))
            app.forget_older_snapshots = older_snapshots(app)
        app.scrub = partial(_scrub, self.path, str(self))
        return app

    def tables(self, app: StoredTimeline) -> Tables:
        return SQLiteTables(app.factory.datastore)  # type: ignore[attr-defined]

    def views(
        self, app: StoredTimeline, name: str, on_tables: type[Any], in_memory: Callable[[], V]
    ) -> V:
        view = app.factory.tracking_recorder(tracked_view(on_tables))
        return cast(V, view)

    def import_transaction(self, app: StoredTimeline) -> AbstractContextManager[ImportStore]:
        from storage.import_transaction import sqlite_import

        return sqlite_import(app)

    def case_notifications(
        self, app: StoredTimeline, case_id: UUID, until: int | None
    ) -> Sequence[Notification]:
        from storage.cases import as_notifications

        recorder: Any = app.recorder
        statement = (
            f"SELECT rowid, originator_version, topic, state FROM {recorder.events_table_name} "
            "WHERE originator_id = ?"
        )
        params: list[Any] = [case_id.hex]
        if until is not None:
            statement += " AND rowid <= ?"
            params.append(until)
        with recorder.datastore.transaction(commit=False) as c:
            c.execute(statement + " ORDER BY originator_version", params)
            return as_notifications(case_id, [tuple(row) for row in c.fetchall()])

    @contextmanager
    def inserting(self, app: StoredTimeline) -> Iterator[Callable[[list[StoredEvent]], Any]]:
        recorder: Any = app.recorder
        with recorder.datastore.transaction(commit=True) as cursor:
            yield lambda events: recorder._insert_events(cursor, events)

    def why_not_opened(self, create: bool) -> str:
        """What SQLite's 'unable to open database file' leaves unsaid."""
        import os

        folder = self.path.parent
        if create and not os.access(folder, os.W_OK):
            return f" (folder {str(folder)!r} is not writable)"
        return ""

    def check_backup(self) -> None:
        """Any SQLite store can be backed up."""

    def backup(self, target: Path, key: StoreKey | None = None) -> Audit:
        from storage.backup import backup_sqlite

        def audit_of(copy: Path) -> Audit:
            """The audit of the copy, read as the store is (with its key)."""
            from storage.audit import audit

            app = SQLiteBackend(str(copy)).open(key=key)
            try:
                return audit(app)
            finally:
                app.close()

        return backup_sqlite(self.path, target, key=key, check=audit_of)


def _recorder() -> dict[str, str]:
    """The setting that makes eventsourcing's factory build our SQLite recorder."""
    return {"APPLICATION_RECORDER_TOPIC": "storage.chain:ChainedSQLiteRecorder"}


REBUILD_CACHE_KIB = 16 * 1024
"""SQLite's page cache on the connection that rebuilds the views (its default is 2,000 KiB).
A rebuild reads every timeline row, in the order the events came (the cases interleaved), to
write it over its old self, and writes every case's row: in the default cache, the pages of
the rows' key index and of the case rows are read again and again, and the pages changed are
spilled to the write-ahead log before the commit (100,000 events: 14,657 writes and 54,889
reads of pages; 9,473 and 42,610 in this cache, and larger caches spare few more reads)."""


class SQLiteTables(Tables):
    """The tables beside the events in the store's own SQLite file."""

    secure = (SECURE_DELETE,)
    _synchronous: tuple[int, int] | None = None
    """The pool's connections' `synchronous`, and the one a derived transaction commits
    with, read once: neither the file's journal mode nor that setting changes while the
    store is open (the derived transaction puts its connection's back)."""

    @contextmanager
    def rebuilding(self, cursor: Any) -> Iterator[None]:
        cursor.execute("PRAGMA cache_size")
        size = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{REBUILD_CACHE_KIB}")
        try:
            yield
        finally:
            # the connection goes back to the store's pool: its next users get its own cache
            cursor.execute(f"PRAGMA cache_size = {size}")

    def read(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        # the pool's connections are in autocommit mode: a statement is its own transaction
        with self.datastore.get_connection(commit=False) as connection:
            cursor = connection.cursor()
            try:
                cursor.execute(statement, tuple(params))
                return [tuple(row) for row in cursor.fetchall()]
            finally:
                cursor.sqlite_cursor.close()

    def exists(self, cursor: Any, table: str) -> bool:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
        return cursor.fetchone() is not None

    @contextmanager
    def derived_transaction(self) -> Iterator[Any]:
        # The connection commits without syncing the file (SQLite's `synchronous = NORMAL`:
        # in WAL mode a commit can be lost to a power cut, the database stays whole; in a
        # rollback journal it could be damaged, so there it is left as it is) and is given
        # back to the pool as it was: an event's commit on it syncs, and syncing the log
        # then keeps every transaction before it too. SQLite refuses the setting inside a
        # transaction, so it is made on the connection before eventsourcing's BEGIN.
        with self.datastore.get_connection(commit=True) as connection:
            setting = connection.cursor()
            if self._synchronous is None:
                setting.execute("PRAGMA journal_mode")
                wal = str(setting.fetchone()[0]).lower() == "wal"
                setting.execute("PRAGMA synchronous")
                was = int(setting.fetchone()[0])
                self._synchronous = (was, min(was, NORMAL) if wal else was)
            was, lowered = self._synchronous
            if lowered != was:
                setting.execute(f"PRAGMA synchronous = {lowered}")
            try:
                with connection.transaction(commit=True) as cursor:
                    yield cursor
            finally:
                try:
                    if lowered != was:
                        setting.execute(f"PRAGMA synchronous = {was}")
                except sqlite3.Error:
                    # still in a transaction its COMMIT or ROLLBACK could not end: the
                    # connection is closed, and the pool makes a new one in its place
                    connection.close()

    def begin_writing(self, cursor: Any, lock: str, *, bounded: bool) -> None:
        # SQLite has one writer a file, waited for within the lock timeout
        from storage.locks import take_sqlite_writer

        take_sqlite_writer(cursor)


_TRACKED: dict[type[Any], type[Any]] = {}


def tracked_view(on_tables: type[Any]) -> type[Any]:
    """`on_tables` on eventsourcing's SQLite tracking recorder (the class made once)."""
    if on_tables not in _TRACKED:
        from eventsourcing.persistence import Tracking
        from eventsourcing.sqlite import SQLiteTrackingRecorder

        class SQLiteTracked(SQLiteTrackingRecorder):
            """A view's tables beside eventsourcing's tracking table, in the store's file."""

            table_statements: Callable[[Tables], list[str]]  # the view's

            def __init__(self, datastore: Any, **kwargs: Any) -> None:
                self.tables = SQLiteTables(datastore)
                super().__init__(datastore, **kwargs)

            def construct_create_table_statements(self) -> list[str]:
                return [*super().construct_create_table_statements(),
                        *self.table_statements(self.tables)]  # fmt: skip

            def create_tables(self) -> None:
                self.create_table()

            def insert_tracking_row(self, cursor: Any, tracking: Tracking) -> None:
                self._insert_tracking(cursor, tracking)

            def tracked(self, cursor: Any, application_name: str) -> int | None:
                return self._max_tracking_id(application_name, cursor)

            def positions(self, app: Any) -> tuple[int, int]:
                tracked = self.select_max_tracking_id_statement
                last = app.recorder.select_max_notification_id_statement
                (row,) = self.tables.read(f"SELECT ({tracked}), ({last})", (app.name,))
                return row[0] or 0, row[1] or 0

            def clear_tracking(self, cursor: Any, application_name: str) -> None:
                cursor.execute("DELETE FROM tracking WHERE application_name = ?",
                               (application_name,))  # fmt: skip

        _TRACKED[on_tables] = type(on_tables.__name__, (SQLiteTracked, on_tables), {})
    return _TRACKED[on_tables]
