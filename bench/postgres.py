"""PostgreSQL for the benchmark: stores in schemas of their own, and the raw references.

Every store and scratch table is a schema named `bench_<pid>_...` in the database that
TIMELINE_BENCH_POSTGRES names (by default the development server at 127.0.0.1:5432,
database test); `drop_all` removes them, and the benchmark calls it however it ends.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from bench.measure import Row, timeline

SERVER = os.environ.get("TIMELINE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
PREFIX = f"bench_{os.getpid()}_"
EVENTS = "timeline_events"
COLUMNS = "originator_id, originator_version, topic, state"
PAGE = 2000


def store(name: str) -> str:
    """The URL of a benchmark store in schema `bench_<pid>_<name>`."""
    return f"{SERVER}?schema={PREFIX}{name}"


def bare_store() -> str:
    """A PostgreSQL URL for the service's bare peer (`bench.bare`), in a schema of its own."""
    with connect() as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(schema("bare")))
    joiner = "&" if "?" in SERVER else "?"
    return f"{SERVER}{joiner}options=-csearch_path%3D{PREFIX}bare"


def schema(name: str) -> sql.Identifier:
    return sql.Identifier(PREFIX + name)


def connect() -> psycopg.Connection[Any]:
    return psycopg.connect(SERVER, autocommit=True, connect_timeout=5)


def unreachable() -> str | None:
    """Why the server cannot be used, or None when it can."""
    try:
        with connect() as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        return " ".join(str(error).split())
    return None


def drop_all() -> None:
    """Drop every schema this benchmark run made."""
    with connect() as conn:
        names = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s)", [PREFIX]
        ).fetchall()
        for (name,) in names:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


def import_file(source: Path, name: str) -> Row:
    """`timeline import` of `source` into the new store `name`: seconds and peak MB."""
    location = store(name)
    timeline("init", store=location)
    seconds, peak = timeline("import", str(source), store=location, timeout=900)
    return {"seconds": seconds, "peak_mb": peak}


def raw_inserts(name: str) -> tuple[float, float]:
    """Seconds to write the stored rows of store `name` into an empty table of the same shape,
    one transaction each way: psycopg's `executemany`, then `COPY ... FROM STDIN (BINARY)`.
    """
    scratch, table = schema(f"{name}_raw"), sql.Identifier(EVENTS)
    with connect() as conn:
        rows = conn.execute(
            sql.SQL(f"SELECT {COLUMNS} FROM {{}}.{{}} ORDER BY notification_id").format(
                schema(name), table
            )
        ).fetchall()
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(scratch))
        # eventsourcing's table of stored events, as its recorder creates it
        conn.execute(
            sql.SQL(
                "CREATE TABLE {}.{} (originator_id uuid NOT NULL, "
                "originator_version bigint NOT NULL, topic text, state bytea, "
                "notification_id bigserial, PRIMARY KEY (originator_id, originator_version))"
            ).format(scratch, table)
        )
        conn.execute(
            sql.SQL("CREATE UNIQUE INDEX ON {}.{} (notification_id ASC)").format(scratch, table)
        )
        insert = sql.SQL(f"INSERT INTO {{}}.{{}} ({COLUMNS}) VALUES (%s, %s, %s, %s)").format(
            scratch, table
        )
        started = time.perf_counter()
        with conn.transaction(), conn.cursor() as cursor:
            # in pages, as the store writes a large batch: psycopg's pipelined executemany
            # of 100,000 rows at once waits forever for a query it has not finished sending
            for start in range(0, len(rows), PAGE):
                cursor.executemany(insert, rows[start : start + PAGE])
        many = time.perf_counter() - started
        conn.execute(sql.SQL("TRUNCATE {}.{} RESTART IDENTITY").format(scratch, table))
        copy_in = sql.SQL(f"COPY {{}}.{{}} ({COLUMNS}) FROM STDIN (FORMAT BINARY)").format(
            scratch, table
        )
        started = time.perf_counter()
        with conn.transaction(), conn.cursor() as cursor, cursor.copy(copy_in) as copy:
            copy.set_types(["uuid", "int8", "text", "bytea"])
            for row in rows:
                copy.write_row(row)
        copied = time.perf_counter() - started
    return many, copied
