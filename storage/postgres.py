"""A store in one schema of a PostgreSQL database: for a team, served by many processes.

eventsourcing's `eventsourcing.postgres` keeps the events; this backend makes the store's
schema, gives plain reasons when the server cannot be used, makes writers of a case take
turns (advisory locks), and writes the tables beside the events in the same schema.

The library's connection pool waits out its timeout on a refused connection and
then says only that it timed out; one direct connection first gives the reason
at once (refused, unknown host, bad password, no such database).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

import psycopg
from eventsourcing.persistence import Notification, StoredEvent, Tracking
from eventsourcing.postgres import PostgresTrackingRecorder
from psycopg import sql

from storage.backends import Backend, StoredTimeline, older_snapshots
from storage.errors import StoreUnreachable
from storage.format import KEYS_TABLE, TABLE, Inspection, Kind, StoreFormat, format_of, with_check
from storage.location import PostgresStore, postgres_store
from storage.tables import Tables

if TYPE_CHECKING:
    from storage.import_store import ImportStore

V = TypeVar("V")

EVENTS_TABLE = "timeline_events"
"""eventsourcing names the events table after the application: `<name>_events`."""


def _connect(store: PostgresStore) -> psycopg.Connection[tuple[object, ...]]:
    env = store.env()
    try:
        return psycopg.connect(
            host=store.host,
            port=store.port,
            dbname=store.dbname,
            user=store.user,
            password=env["POSTGRES_PASSWORD"] or None,
            connect_timeout=5,
            autocommit=True,
        )
    except psycopg.Error as error:
        raise StoreUnreachable(_reason(store, error)) from None


def _reason(store: PostgresStore, error: psycopg.Error) -> str:
    detail = " ".join(str(error).split())
    if store.password:
        detail = detail.replace(store.password, "***")
    # libpq's message repeats host and port; keep what comes after the last "failed:"
    detail = detail.rsplit("failed: ", 1)[-1]
    return (
        f"cannot use PostgreSQL at host {store.host}, port {store.port}, "
        f"database {store.dbname!r} as user {store.user!r}: {detail}"
    )


def inspect(store: PostgresStore) -> Inspection:
    """What the store's schema holds, read without changing it."""
    with _connect(store) as conn:
        names = {
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                [store.schema],
            )
        }
        if TABLE in names:
            table = sql.SQL("SELECT * FROM {}.{}").format(
                sql.Identifier(store.schema), sql.Identifier(TABLE)
            )
            found = format_of([tuple(row) for row in conn.execute(table)])
            check = None
            if KEYS_TABLE in names:
                keys = sql.SQL("SELECT wrapped FROM {}.{} WHERE id = 'check'").format(
                    sql.Identifier(store.schema), sql.Identifier(KEYS_TABLE)
                )
                row = conn.execute(keys).fetchone()
                check = bytes(row[0]) if row and row[0] is not None else None  # type: ignore[call-overload]
            return replace(with_check(found, check), tables=frozenset(str(n) for n in names))
    if not names:
        return Inspection(Kind.EMPTY)
    if {EVENTS_TABLE, "view_cases", "view_entries"} <= names:
        return Inspection(Kind.OLDER)
    shown = ", ".join(sorted(str(name) for name in names)[:3])
    return Inspection(Kind.FOREIGN, why=f"schema {store.schema!r} holds other tables ({shown})")


def create_schema(store: PostgresStore) -> None:
    """Create the store's schema if it does not exist; its tables come from the recorders."""
    with _connect(store) as conn:
        try:
            conn.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(store.schema))
            )
        except psycopg.errors.UniqueViolation:
            pass  # created at the same moment by another process
        except psycopg.Error as error:
            raise StoreUnreachable(_reason(store, error)) from None


def drop_schema(store: PostgresStore) -> None:
    """Drop the store's schema and everything in it (tests and benchmarks clean up with it)."""
    with _connect(store) as conn:
        conn.execute(
            sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(store.schema))
        )


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PostgresBackend(Backend):
    """A store in the schema a `postgresql://` URL names."""

    shared = True
    subscribable = True
    dense = False
    one_writer = False

    def __init__(self, location: str) -> None:
        self.store = postgres_store(location)

    def __str__(self) -> str:
        return str(self.store)

    def __repr__(self) -> str:
        return f"PostgresBackend({str(self.store)!r})"

    def env(self) -> dict[str, str]:
        return self.store.env()

    def inspect(self) -> Inspection:
        return inspect(self.store)

    def application(
        self, found: Inspection, store_format: StoreFormat, *, create: bool, threads: int
    ) -> StoredTimeline:
        from storage.locks import postgres_case_locks
        from storage.scrub import PostgresScrub

        if create:
            create_schema(self.store)
        # tables are created by `init` only: many processes opening a store at once
        # must not race to create (or replace) its tables and functions
        pool = {"POSTGRES_MAX_OVERFLOW": str(2 * threads)} if threads > 1 else {}
        app = self.timeline(
            store_format, CREATE_TABLE="yes" if create else "no",
            APPLICATION_RECORDER_TOPIC="storage.recorders:ChainedPostgresRecorder", **pool,
        )  # fmt: skip
        datastore = app.recorder.datastore  # type: ignore[attr-defined]
        if not create:
            datastore.register_type_adapters()
        app.writing_cases = postgres_case_locks(datastore)
        app.forget_older_snapshots = older_snapshots(app)
        app.scrub = PostgresScrub(datastore, str(self))
        return app

    def tables(self, app: StoredTimeline) -> Tables:
        return PostgresTables(app.factory.datastore)  # type: ignore[attr-defined]

    def views(
        self, app: StoredTimeline, name: str, on_tables: type[Any], in_memory: Callable[[], V]
    ) -> V:
        # on the application's own connections; its tables are made by `init`. The tracking
        # table is named as eventsourcing's factory names a projection's (`ProjectionRunner`)
        tracked = tracked_view(on_tables)
        view = tracked(app.factory.datastore, tracking_table_name=f"{name}_tracking")  # type: ignore[attr-defined]
        return cast(V, view)

    def import_transaction(self, app: StoredTimeline) -> AbstractContextManager[ImportStore]:
        from storage.import_transaction import postgres_import

        return postgres_import(app)

    def case_notifications(
        self, app: StoredTimeline, case_id: UUID, until: int | None
    ) -> Sequence[Notification]:
        from storage.cases import as_notifications

        recorder: Any = app.recorder
        statement = sql.SQL(
            "SELECT notification_id, originator_version, topic, state FROM {}.{} "
            "WHERE originator_id = %s"
        ).format(
            sql.Identifier(recorder.datastore.schema), sql.Identifier(recorder.events_table_name)
        )
        params: list[Any] = [case_id]
        if until is not None:
            statement += sql.SQL(" AND notification_id <= %s")
            params.append(until)
        with recorder.datastore.transaction(commit=False) as c:
            c.execute(statement + sql.SQL(" ORDER BY originator_version"), params)
            rows = [(r["notification_id"], r["originator_version"], r["topic"], r["state"])
                    for r in c.fetchall()]  # fmt: skip
        return as_notifications(case_id, rows)

    @contextmanager
    def inserting(self, app: StoredTimeline) -> Iterator[Callable[[list[StoredEvent]], Any]]:
        recorder: Any = app.recorder
        with recorder.datastore.transaction(commit=True) as cursor:
            # the chained recorder's insert: the events and their chain rows
            yield lambda events: recorder.insert_in(cursor, events)


class PostgresTables(Tables):
    """The tables beside the events in the store's own PostgreSQL schema."""

    param = "%s"
    blob = "BYTEA"

    def __init__(self, datastore: Any) -> None:
        super().__init__(datastore)
        self.schema: str = datastore.schema

    def name(self, table: str) -> str:
        return f'"{self.schema}".{table}'

    def stream(self, statement: str, params: tuple[Any, ...]) -> Iterator[Any]:
        # a server-side cursor: psycopg's ordinary cursor would fetch every row at once
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(force_rollback=True),
            conn.cursor(name="timeline_stream") as cursor,
        ):
            cursor.itersize = 1000
            cursor.execute(statement, params)
            yield from cursor

    def read(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        # the pool's connections are in autocommit mode (eventsourcing's): one round trip
        with self.datastore.get_connection() as conn:
            return [tuple(row.values()) for row in conn.execute(statement, tuple(params))]

    def exists(self, cursor: Any, table: str) -> bool:
        cursor.execute("SELECT to_regclass(%s)", (self.name(table),))
        row = cursor.fetchone()
        return (tuple(row.values()) if isinstance(row, dict) else tuple(row))[0] is not None

    @contextmanager
    def derived_transaction(self) -> Iterator[Any]:
        with self.transaction(commit=True) as cursor:
            cursor.execute(_ASYNCHRONOUS)
            yield cursor

    def begin_writing(self, cursor: Any, lock: str, *, bounded: bool) -> None:
        cursor.execute(sql.SQL("; ").join(self._writer(lock, bounded)))

    @contextmanager
    def derived_writing(self, lock: str, *, bounded: bool) -> Iterator[Any]:
        # the setting and the lock in one round trip
        with self.transaction(commit=True) as cursor:
            cursor.execute(sql.SQL("; ").join([_ASYNCHRONOUS, *self._writer(lock, bounded)]))
            yield cursor

    def _writer(self, lock: str, bounded: bool) -> list[sql.Composable]:
        """The statements that make a transaction the one writer of what `lock` names.

        Writers of the same tables take turns (an advisory lock of this store's schema)
        instead of writing the same rows at once and failing; a bounded one waits within the
        store's lock timeout (a reader, who then reads what stands, as on SQLite). Without
        parameters (the lock's name a literal), psycopg sends them in one round trip."""
        name = sql.Literal(f"{self.schema}.{lock}")
        locking: list[sql.Composable] = [
            sql.SQL("SELECT pg_advisory_xact_lock(hashtext({0}))").format(name)
        ]
        if not bounded:
            return locking
        timeout = sql.SQL("SET LOCAL lock_timeout = '{0}s'").format(self.datastore.lock_timeout)
        return [timeout, *locking]


_ASYNCHRONOUS = sql.SQL("SET LOCAL synchronous_commit = off")
"""PostgreSQL's asynchronous commit, for a `derived_transaction`: lost to a crash of the
server at most, never in part; an event's commit later flushes the log up to it, and so
this one too."""


class PostgresTracked(PostgresTrackingRecorder):
    """A view's tables beside eventsourcing's tracking table, in the store's schema."""

    table_statements: Callable[[Tables], list[str]]  # the view's

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        self.tables = PostgresTables(datastore)
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.extend(
            sql.Composed([sql.SQL(statement)]) for statement in self.table_statements(self.tables)
        )

    def create_tables(self) -> None:
        self.create_table()

    def insert_tracking_row(self, cursor: Any, tracking: Tracking) -> None:
        self._insert_tracking(cursor, tracking)

    def tracked(self, cursor: Any, application_name: str) -> int | None:
        return self._max_tracking_id(application_name, cursor)

    def positions(self, app: Any) -> tuple[int, int]:
        statement = sql.SQL("SELECT ({0}) AS tracked, ({1}) AS last").format(
            self.max_tracking_id_statement, app.recorder.max_notification_id_statement
        )
        with self.datastore.get_connection() as conn:
            row = conn.execute(statement, (app.name,)).fetchone()
        assert row is not None
        tracked, last = row.values()
        return tracked or 0, last or 0

    def clear_tracking(self, cursor: Any, application_name: str) -> None:
        cursor.execute(
            sql.SQL("DELETE FROM {}.{} WHERE application_name = %s").format(
                sql.Identifier(self.datastore.schema), sql.Identifier(self.tracking_table_name)
            ),
            (application_name,),
        )


_TRACKED: dict[type[Any], type[Any]] = {}


def tracked_view(on_tables: type[Any]) -> type[Any]:
    """`on_tables` on eventsourcing's PostgreSQL tracking recorder (the class made once)."""
    if on_tables not in _TRACKED:
        _TRACKED[on_tables] = type(on_tables.__name__, (PostgresTracked, on_tables), {})
    return _TRACKED[on_tables]
