"""The bare peer of the service: FastAPI with plain SQL, served by uvicorn as ours is.

Its append route inserts the request's JSON as one row of one table (committed as
ours is: SQLite in WAL mode, its default synchronous=FULL) and answers 201
with a new id; its read routes (the same paths the load's readers ask of ours) select a
page of rows. No validation, no accounts, no events: what FastAPI, uvicorn and the
database cost for the same requests from the same clients, so that the service is
measured as a fraction of it.

`BARE_STORE` names the table's database: an SQLite file (WAL mode, as our stores) or a
PostgreSQL URL; `BARE_TABLE` the table, which `prepare` makes before the server starts.
Served with `python -m uvicorn bench.bare:app --workers N`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from typing import Any

import orjson
from fastapi import FastAPI, Request, Response
from starlette.concurrency import run_in_threadpool

PAGE = 100
"""Rows one read selects."""

_STORE = os.environ.get("BARE_STORE", "")
_TABLE = os.environ.get("BARE_TABLE", "bare_events")
_local = threading.local()


def _postgres(store: str) -> bool:
    return store.startswith(("postgresql://", "postgres://"))


def _connect(store: str) -> Any:
    if _postgres(store):
        import psycopg

        return psycopg.connect(store, autocommit=True)
    conn = sqlite3.connect(store, isolation_level=None, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def prepare(store: str, table: str) -> None:
    """Make the peer's table (and its index by case), empty."""
    serial = "BIGSERIAL" if _postgres(store) else "INTEGER"
    conn = _connect(store)
    try:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.execute(
            f"CREATE TABLE {table} (position {serial} PRIMARY KEY, id TEXT NOT NULL, "
            "case_name TEXT NOT NULL, body TEXT NOT NULL)"
        )
        conn.execute(f"CREATE INDEX {table}_by_case ON {table} (case_name, position)")
    finally:
        conn.close()


def count(store: str, table: str) -> int:
    conn = _connect(store)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def _conn() -> Any:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = _connect(_STORE)
    return conn


_mark = "%s" if _postgres(_STORE) else "?"
_INSERT = f"INSERT INTO {_TABLE} (id, case_name, body) VALUES ({_mark}, {_mark}, {_mark})"
_CASE_PAGE = (
    f"SELECT id, body FROM {_TABLE} WHERE case_name = {_mark} ORDER BY position LIMIT {PAGE}"
)
_PAGE = f"SELECT id, body FROM {_TABLE} ORDER BY position DESC LIMIT {PAGE}"

app = FastAPI()


def _insert(new: str, case: str, body: str) -> None:
    _conn().execute(_INSERT, (new, case, body))  # autocommit: one transaction


@app.post("/cases/{case}/events", status_code=201)
async def append(case: str, request: Request) -> Response:
    body = await request.body()
    orjson.loads(body)  # a JSON object, as ours reads it
    new = str(uuid.uuid4())
    await run_in_threadpool(_insert, new, case, body.decode())
    return Response(orjson.dumps({"id": new}), 201, media_type="application/json")


def _page(case: str | None) -> Response:
    rows = _conn().execute(_CASE_PAGE, (case,)) if case else _conn().execute(_PAGE)
    found = [{"id": i, "entry": orjson.Fragment(b)} for i, b in rows.fetchall()]
    return Response(orjson.dumps(found), media_type="application/json")


@app.get("/cases/{case}")
def case_view(case: str) -> Response:
    return _page(case)


@app.get("/timeline")
def timeline(case: str | None = None) -> Response:
    return _page(case)


@app.get("/cases")
def cases() -> Response:
    return _page(None)


@app.get("/summary")
def summary(case: str | None = None) -> Response:
    return _page(case)
