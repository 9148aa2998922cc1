"""The import's one transaction on each backend: its page inserts, and its reads.

eventsourcing's recorders commit each call of their public `insert_events`, and their
`select_events` read through a connection of their own, which cannot see what a
transaction still open has written. A streamed import (`storage.importing`) holds one
transaction for the whole file, so it inserts through the recorders' per-cursor
inserts and reads a case back with the recorders' own select statements run on the
same cursor.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteAggregateRecorder

from domain.access import CaseAccess
from storage.access import AccessStore
from storage.backends import StoredTimeline
from storage.import_store import AddKeys, ImportStore, Restrict, Select
from storage.locks import take_sqlite_writer


@contextmanager
def sqlite_import(app: StoredTimeline) -> Iterator[ImportStore]:
    """The import's transaction on an SQLite store (`SQLiteBackend.import_transaction`)."""
    recorder: Any = app.recorder
    snapshots: Any = app.snapshots.recorder if app.snapshots else None
    _ensure_access_tables(app)
    with recorder.datastore.transaction(commit=True) as cursor:
        take_sqlite_writer(cursor)  # it reads (cases, positions) before it first writes

        def insert_sqlite(events: list[Any], shots: list[Any]) -> list[int]:
            positions = sqlite_page(recorder, cursor, events)
            if shots and snapshots is not None:
                snapshots._insert_events(cursor, shots)
                _keep_latest(recorder, cursor, shots)
            return positions

        yield ImportStore(app, insert_sqlite, _key_adder(app, cursor), _sqlite_select(cursor),
                          _restricter(app, cursor))  # fmt: skip


@contextmanager
def postgres_import(app: StoredTimeline) -> Iterator[ImportStore]:
    """The import's transaction on a PostgreSQL store (`PostgresBackend.import_transaction`)."""
    recorder: Any = app.recorder
    snapshots: Any = app.snapshots.recorder if app.snapshots else None
    _ensure_access_tables(app)
    with recorder.datastore.transaction(commit=True) as cursor:

        def insert_postgres(events: list[Any], shots: list[Any]) -> list[int]:
            positions = list(recorder.insert_in(cursor, events))
            if shots and snapshots is not None:
                snapshots._insert_stored_events(cursor, shots)
                _keep_latest(recorder, cursor, shots)
            return positions

        yield ImportStore(app, insert_postgres, _key_adder(app, cursor),
                          _postgres_select(cursor), _restricter(app, cursor))  # fmt: skip


def _ensure_access_tables(app: StoredTimeline) -> None:
    if isinstance(app.access, AccessStore):
        app.access.ensure_tables()  # before: made within the import, SQLite would wait on itself


def sqlite_page(recorder: Any, cursor: Any, events: Sequence[StoredEvent]) -> list[int]:
    """Insert a page of events with one `executemany`; their positions (rowids).

    The library's application recorder runs one INSERT an event to read each rowid
    back; its aggregate recorder inserts the same rows with one `executemany`, but
    returns no positions. Inside a write transaction nobody else inserts, and SQLite
    gives each row the largest rowid so far plus one, so the page's positions follow
    the largest before it: checked after the insert, and the chain (and erasures) are
    written for them as the application recorder's own insert does (`storage.chain`)."""
    last = recorder._max_notification_id(cursor) or 0
    SQLiteAggregateRecorder._insert_events(recorder, cursor, events)
    positions = list(range(last + 1, last + 1 + len(events)))
    if events and recorder._max_notification_id(cursor) != positions[-1]:
        raise RuntimeError("the events' positions are not consecutive")  # pragma: no cover
    recorder.chain.extend(cursor, list(zip(positions, events, strict=True)))
    recorder.erasures.apply(cursor, events)
    return positions


def _keep_latest(recorder: Any, cursor: Any, shots: Sequence[StoredEvent]) -> None:
    """A case's older snapshots go once a newer one is written, as after an append
    (`Timeline.forget_older_snapshots`)."""
    kept = [(UUID(str(s.originator_id)), s.originator_version) for s in shots]
    recorder.erasures.forget_older_in(cursor, kept)


def _key_adder(app: StoredTimeline, cursor: Any) -> AddKeys:
    table: Any = app.keyring.table if app.keyring is not None else None
    return lambda rows: table.insert_in(cursor, rows) if rows else None


def _restricter(app: StoredTimeline, cursor: Any) -> Restrict:
    def restrict(cases: list[tuple[str, CaseAccess]]) -> None:
        access = app.restricting_access()
        assert isinstance(access, AccessStore)
        access.write_in(cursor, cases)

    return restrict


def _sqlite_select(cursor: Any) -> Select:
    def select(recorder: Any, originator_id: Any, gt: int | None, desc: bool,
               limit: int | None) -> list[StoredEvent]:  # fmt: skip
        # the library's `select_events`, on this cursor
        statement, params = recorder.select_events_statement, [originator_id.hex]
        if gt is not None:
            statement += "AND originator_version>? "
            params.append(gt)
        statement += "ORDER BY originator_version " + ("DESC " if desc else "ASC ")
        if limit is not None:
            statement += "LIMIT ? "
            params.append(limit)
        cursor.execute(statement, params)
        return [StoredEvent(originator_id, row["originator_version"], row["topic"], row["state"])
                for row in cursor.fetchall()]  # fmt: skip

    return select


def _postgres_select(cursor: Any) -> Select:
    from psycopg.sql import SQL

    def select(recorder: Any, originator_id: Any, gt: int | None, desc: bool,
               limit: int | None) -> list[StoredEvent]:  # fmt: skip
        # the library's `select_events`, on this cursor
        statement, params = recorder.select_events_statement, [originator_id]
        if gt is not None:
            statement += SQL(" AND originator_version > %s")
            params.append(gt)
        statement += SQL(" ORDER BY originator_version") + SQL(" DESC" if desc else " ASC")
        if limit is not None:
            statement += SQL(" LIMIT %s")
            params.append(limit)
        cursor.execute(statement, params)
        return [StoredEvent(originator_id, row["originator_version"], row["topic"],
                            bytes(row["state"])) for row in cursor.fetchall()]  # fmt: skip

    return select
