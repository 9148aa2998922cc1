"""What a PostgreSQL store needs beyond eventsourcing's recorders: its schema, and plain
reasons when the server cannot be used.

The library's connection pool waits out its timeout on a refused connection and
then says only that it timed out; one direct connection first gives the reason
at once (refused, unknown host, bad password, no such database).
"""

from __future__ import annotations

from dataclasses import replace

import psycopg
from psycopg import sql

from domain.store import PostgresStore
from storage.errors import StoreUnreachable
from storage.format import KEYS_TABLE, TABLE, Inspection, Kind, format_of, with_check

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
