"""Scrubbing a store's files of what its writes destroyed: an erased case's key above all
(`timeline case erase`, `timeline store scrub`).

A key destroyed in SQL stays on disk for a while: SQLite keeps the pages as they were in
its write-ahead log (`-wal`) until a checkpoint has copied the new ones into the file and
no reader still uses the old, and PostgreSQL keeps the old row in the table's file as a
dead tuple until a vacuum removes it, which it does only once no transaction can still
see it. Neither library has a call for "remove it from disk now", so each scrubber makes
the database's own calls here, retried within a wait, and otherwise says what is left.

Each scrubber is a `domain.application.Scrub`: it returns None when the files hold nothing
of what was destroyed before it was called, else what is left and what to do.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.keys import SECURE_DELETE
from storage.keys import TABLE as KEYS

PAUSE = 0.1
"""Seconds between two tries, in which other processes go on reading and writing."""
ATTEMPT = 0.25
"""Seconds one try may wait on a lock: while an SQLite checkpoint waits for readers, and a
PostgreSQL `VACUUM (FULL)` for its lock, writers (and there, readers) of the store wait."""


@dataclass(frozen=True)
class SQLiteScrub:
    """An SQLite store's files made to hold nothing destroyed: the write-ahead log checkpointed
    into the file and truncated to nothing (its old pages gone); with `whole`, the file first
    rebuilt by `VACUUM`, which leaves no free space holding an old row (a store whose keys were
    written before they were written with `secure_delete`)."""

    path: Path
    where: str

    def __call__(self, wait: float, *, whole: bool = False) -> str | None:
        deadline = time.monotonic() + wait
        with closing(sqlite3.connect(self.path, isolation_level=None, timeout=wait)) as db:
            if whole:
                db.execute(SECURE_DELETE)
                db.execute("VACUUM")
            db.execute(f"PRAGMA busy_timeout = {int(ATTEMPT * 1000)}")
            while db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
                if time.monotonic() >= deadline:
                    name = self.path.name
                    return (
                        f"destroyed key bytes stay in {name} and {name}-wal while another "
                        "process reads it (`timeline serve`?): stop that, then run "
                        f"`timeline store scrub --store {self.where}`"
                    )
                time.sleep(PAUSE)
        return None


OLDER_SNAPSHOTS = """
SELECT 'session ' || pid FROM pg_stat_activity
 WHERE pid <> pg_backend_pid() AND (datname = current_database() OR datname IS NULL)
   AND backend_type IS DISTINCT FROM 'autovacuum worker'
   AND greatest(age(backend_xmin), age(backend_xid)) > age(xid(%(next)s::xid8))
UNION ALL
SELECT 'replication slot ' || slot_name FROM pg_replication_slots
 WHERE age(xmin) > age(xid(%(next)s::xid8))
UNION ALL
SELECT 'prepared transaction ' || gid FROM pg_prepared_xacts
 WHERE database = current_database() AND age(transaction) > age(xid(%(next)s::xid8))
"""
"""What may still see a row deleted before the transaction id `next` was given out: the
sources PostgreSQL takes the oldest visible transaction from (sessions of this database and
walsenders, replication slots, prepared transactions). `VACUUM (FULL)` copies a dead row any
of them may see into the new file; PostgreSQL has no call that says whether it did. (Another
user's sessions show their `backend_xmin`, and a NULL `backend_type`: they are counted.)"""

NOT_OWNED = """
SELECT relname FROM pg_class WHERE oid = ANY(%(tables)s::regclass[])
   AND NOT pg_has_role(relowner, 'USAGE') ORDER BY relname
"""
"""The tables this user cannot vacuum: `VACUUM` skips them with a warning, not an error."""


@dataclass(frozen=True)
class PostgresScrub:
    """A PostgreSQL store's key and snapshot tables rewritten by `VACUUM (FULL)` (a new file,
    the old one emptied at its commit) once no transaction older than the call can still see
    a row they deleted; `whole` changes nothing, the two are rewritten either way. `VACUUM`
    cannot run in a transaction: this is its own, after the erasure's commit, on a pooled
    connection (in autocommit, as eventsourcing's are)."""

    datastore: Any
    where: str

    def __call__(self, wait: float, *, whole: bool = False) -> str | None:
        deadline = time.monotonic() + wait
        schema = self.datastore.schema
        tables = [f'"{schema}".{table}' for table in (KEYS, "timeline_snapshots")]
        with self.datastore.get_connection() as conn:
            if others := [_row(r)[0] for r in conn.execute(NOT_OWNED, {"tables": tables})]:
                return (
                    f"only the database user owning {others[0]} can remove its old rows: run "
                    "`timeline store scrub` on this store as that user"
                )
            now = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text"
            (next_id,) = _row(conn.execute(now).fetchone())
            while older := [_row(r)[0] for r in conn.execute(OLDER_SNAPSHOTS, {"next": next_id})]:
                if time.monotonic() >= deadline:
                    return (
                        f"destroyed key rows stay in the file of {KEYS} while {older[0]} "
                        "still sees the store as it was: when it ends, run "
                        f"`timeline store scrub --store {self.where}`"
                    )
                time.sleep(PAUSE)
            for table in tables:
                while not _vacuumed(conn, table):
                    if time.monotonic() >= deadline:
                        return (
                            f"destroyed rows stay in the file of {table} while other sessions "
                            "hold it locked: when they let go, run "
                            f"`timeline store scrub --store {self.where}`"
                        )
                    time.sleep(PAUSE)
        return None


def _vacuumed(conn: Any, table: str) -> bool:
    """Whether `VACUUM (FULL)` of `table` took its lock within `ATTEMPT` and ran."""
    import psycopg

    conn.execute(f"SET lock_timeout = '{int(ATTEMPT * 1000)}ms'")
    try:
        conn.execute(f"VACUUM (FULL) {table}")
    except psycopg.errors.LockNotAvailable:
        return False
    finally:
        conn.execute("RESET lock_timeout")
    return True


def _row(row: Any) -> tuple[Any, ...]:
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)
