"""Writers of a store take turns (per case on PostgreSQL), instead of racing and retrying.

Every writer reads a case, applies its rules, then saves; two writers that read
the same version conflict and one must start again. Under many writers of one case
a writer can lose race after race, so on PostgreSQL each batch first takes a
session-level advisory lock per case (in sorted order: no deadlock), held while its
cases are read and saved. A batch of many cases (an import) takes the store's lock
exclusively instead, which every smaller batch holds shared: a few locks per write,
never one per case of a large import.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

MANY = 16
"""A batch touching more cases than this locks the whole store."""


def postgres_case_locks(datastore: Any) -> Any:
    """The `Timeline.writing_cases` of a PostgreSQL store.

    A writer holds its lock's connection from the pool while it waits its turn, then needs
    a second one to read and save. So a process lets no more writers at once than leave
    one connection each for that, and one over for reads: eight server threads writing
    at once took a pool of five, and each then waited on the pool until it gave up.
    """
    schema = datastore.schema
    in_process = threading.BoundedSemaphore(max(1, (datastore.pool.max_size - 1) // 2))

    @contextmanager
    def writing_cases(slugs: list[str]) -> Iterator[None]:
        with in_process, datastore.get_connection() as conn:
            conn.execute(_locking(schema, slugs))
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock_all()")

    return writing_cases


def _locking(schema: str, slugs: list[str]) -> Any:
    """The statements that take a batch's locks, in order, sent at once: without parameters,
    psycopg sends them in one round trip (the locks' names as literals)."""
    from psycopg import sql

    def lock(function: str, key: str) -> sql.Composed:
        return sql.SQL("SELECT {0}(hashtext({1}))").format(sql.SQL(function), sql.Literal(key))

    store = f"{schema}:*"
    if len(slugs) > MANY:
        return lock("pg_advisory_lock", store)
    keys = sorted({f"{schema}:{slug}" for slug in slugs})
    taken = [lock("pg_advisory_lock_shared", store), *(lock("pg_advisory_lock", k) for k in keys)]
    return sql.SQL("; ").join(taken)


_THREADS: dict[str, threading.Lock] = {}
"""One lock per SQLite store file, for the threads of this process."""
_OPEN: dict[str, int] = {}
"""One descriptor per SQLite store file, opened for the process's lifetime: closing any
descriptor of a file drops the process's POSIX locks on it, which SQLite holds on the
same file, so these are never closed (the process's end closes them)."""


def sqlite_store_lock(path: str) -> Any:
    """The `Timeline.writing_cases` of an SQLite store: writers of the store take turns.

    SQLite lets one writer commit at a time, but a writer reads its cases before it
    writes, and under many writers of one case a writer can lose race after race; with
    this lock (`flock` on the store file, which Linux keeps apart from SQLite's own POSIX
    locks) each reads and saves in its turn instead.
    """
    import fcntl
    import os

    @contextmanager
    def writing_cases(slugs: list[str]) -> Iterator[None]:
        # `flock` belongs to the open file, shared by every thread of the process: it keeps
        # other processes out, and a lock of the process's own keeps its threads in turn
        with _THREADS.setdefault(path, threading.Lock()):
            if path not in _OPEN:
                _OPEN[path] = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            descriptor = _OPEN[path]
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)

    return writing_cases


def take_sqlite_writer(cursor: Any, table: str = "stored_events") -> None:
    """Make this SQLite transaction the store's writer now, waiting within the lock timeout.

    eventsourcing begins SQLite transactions deferred: one whose first statement reads
    (a `SELECT`, a `CREATE TABLE IF NOT EXISTS` of a table that exists) cannot become the
    writer once another connection has committed meanwhile, and fails at once with
    "database is locked". A write as the first statement takes the write lock instead:
    an update of no row of `table`, which must exist.
    """
    cursor.execute(f"UPDATE {table} SET rowid = rowid WHERE 0")
