"""A hash chain over the recorded events: each digest covers the event's stored bytes and
the digest before it, so an event changed, removed or inserted behind timeline's back
breaks every digest from there on.

The chain row of an event (`timeline_chain`: position, digest) is written by the
application recorder in the same transaction as the event: eventsourcing's recorders
offer no hook for it, so ours subclass the library's recorder of each backend and
extend the chain inside its insert. The digest leaves out the position, so a copy of a
store (renumbered densely from 1) has the same chain head as its source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

from storage.keys import SECURE_DELETE, destroy_statement
from storage.keys import TABLE as KEYS
from storage.once import TABLE as ONCE_TABLE
from storage.once import OnceTable, forget_statement

TABLE = "timeline_chain"
GENESIS = bytes(32)
"""The digest before the first event."""


def link(previous: bytes, event: StoredEvent) -> bytes:
    """The digest of `event` following the digest `previous`."""
    case = _hex(event.originator_id)
    digest = hashlib.sha256(previous)
    digest.update(f"{case}:{event.originator_version}:{event.topic}:".encode())
    state = _bytes(event.state)
    digest.update(len(state).to_bytes(8, "big"))
    digest.update(state)
    return digest.digest()


def _hex(originator_id: object) -> str:
    # the recorders give a UUID; a row read back by a driver may give its text
    return originator_id.hex if isinstance(originator_id, UUID) else UUID(str(originator_id)).hex


def _bytes(state: object) -> bytes:
    # a state written behind our back may come back as text (SQLite keeps what it is given)
    return state.encode() if isinstance(state, str) else bytes(state)  # type: ignore[call-overload]


def chained(previous: bytes, rows: Iterable[tuple[int, StoredEvent]]) -> list[tuple[int, bytes]]:
    """The chain rows of events at these positions, in order, after `previous`."""
    links = []
    for position, event in rows:
        previous = link(previous, event)
        links.append((position, previous))
    return links


def create_statement(table: str, blob: str) -> str:
    return (
        f"CREATE TABLE IF NOT EXISTS {table} (position BIGINT PRIMARY KEY, digest {blob} NOT NULL)"
    )


class Chain:
    """The chain table's statements on one backend."""

    def __init__(self, table: str, param: str) -> None:
        self.table = table
        self.last = f"SELECT position, digest FROM {table} ORDER BY position DESC LIMIT 1"
        self.insert = f"INSERT INTO {table} (position, digest) VALUES ({param}, {param})"
        self.page = (
            f"SELECT position, digest FROM {table} WHERE position > {param} "
            f"ORDER BY position LIMIT {param}"
        )

    def extend(self, cursor: Any, rows: Sequence[tuple[int, StoredEvent]]) -> None:
        """Add the chain rows of `rows` (just inserted, in this transaction) after the last."""
        if not rows:
            return
        cursor.execute(self.last)
        last = cursor.fetchone()
        previous = bytes(_values(last)[1]) if last else GENESIS
        cursor.executemany(self.insert, chained(previous, rows))


def _values(row: Any) -> tuple[Any, ...]:
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)


ERASURE_TOPIC = "timeline:Case.Erased"

ALSO_WRITE = "also_write"
"""The keyword argument of the recorders' insert (given through eventsourcing's
`ProcessingEvent.saved_kwargs`, as the library passes its tracking record) naming a
function that writes rows of its own with the cursor of the transaction storing the
events: they are committed with the events, or rolled back with them."""


def also_write(cursor: Any, kwargs: dict[str, Any]) -> None:
    write = kwargs.get(ALSO_WRITE)
    if write is not None:
        write(cursor)


class Erasures:
    """What an erasure destroys, in the transaction that stores it: the case's data key
    (`storage.keys`), its snapshots (a cache of its state, sealed with that key) and the
    idempotency keys of the writes that recorded its events (`storage.once`: each holds a
    digest of what was asked). On SQLite the transaction first turns `secure_delete` on, so
    that these leave zeros in their pages; what the files still hold after the commit is
    `storage.scrub`'s."""

    def __init__(
        self, keys: str, snapshots: str, once: str, param: str, hex_ids: bool,
        secure: tuple[str, ...] = (),
    ) -> None:  # fmt: skip
        self.destroy = destroy_statement(keys, param)
        self.forget = f"DELETE FROM {snapshots} WHERE originator_id = {param}"
        self.older = f"{self.forget} AND originator_version < {param}"
        self.forget_asked = once
        self.hex_ids, self.secure = hex_ids, secure

    def forget_older(self, datastore: Any, case: UUID, version: int) -> None:
        """Remove the snapshots of `case` older than `version` (the latest kept alone)."""
        with datastore.transaction(commit=True) as cursor:
            self.forget_older_in(cursor, [(case, version)])

    def forget_older_in(self, cursor: Any, kept: Sequence[tuple[UUID, int]]) -> None:
        """Remove, in the transaction of `cursor` (an import's), the snapshots of each case
        older than the version kept for it."""
        for case, version in kept:
            cursor.execute(self.older, (case.hex if self.hex_ids else case, version))

    def apply(self, cursor: Any, stored_events: Sequence[StoredEvent]) -> None:
        erased = [UUID(str(e.originator_id)) for e in stored_events if e.topic == ERASURE_TOPIC]
        for statement in self.secure if erased else ():
            cursor.execute(statement)
        for case in erased:
            cursor.execute(self.destroy, (case.hex,))
            cursor.execute(self.forget, (case.hex if self.hex_ids else case,))
            cursor.execute(self.forget_asked, (case.hex if self.hex_ids else case,))


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    """eventsourcing's SQLite application recorder, extending the chain as it inserts, and
    keeping the idempotency key a batch is saved with (`once=`) in its transaction."""

    chain = Chain(TABLE, "?")
    erasures = Erasures(
        KEYS, "stored_snapshots", forget_statement(ONCE_TABLE, "stored_events", "rowid", "?"),
        "?", hex_ids=True, secure=(SECURE_DELETE,),
    )  # fmt: skip

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.once = OnceTable(datastore, ONCE_TABLE, "?", "BLOB")

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), create_statement(TABLE, "BLOB")]

    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        assert positions is not None
        self.chain.extend(c, list(zip(positions, stored_events, strict=True)))
        self.erasures.apply(c, stored_events)
        self.once.record(c, kwargs.get("once"), positions)
        also_write(c, kwargs)
        return positions


def chain_rows(recorder: Any, after: int = 0, page: int = 1000) -> Iterator[tuple[int, bytes]]:
    """The chain rows in position order, from the store's chain table."""
    chain: Chain = recorder.chain
    while True:
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(chain.page, (after, page))
            rows = [_values(row) for row in cursor.fetchall()]
        for position, digest in rows:
            yield int(position), bytes(digest)
        if len(rows) < page:
            return
        after = int(rows[-1][0])


def has_chain(recorder: Any) -> bool:
    """Whether the store keeps a chain (memory stores, thrown away with the process, do not)."""
    return isinstance(getattr(recorder, "chain", None), Chain)


def chain_earlier_events(app: Any, page: int = 1000) -> int:
    """Chain the events recorded before the store kept a chain (an upgraded store), in one
    transaction; returns how many were chained."""
    recorder = app.recorder
    done = 0
    with recorder.datastore.transaction(commit=True) as cursor:
        cursor.execute(recorder.chain.last)
        row = cursor.fetchone()
        last = int(_values(row)[0]) if row else 0
        while notifications := recorder.select_notifications(last, page, inclusive_of_start=False):
            recorder.chain.extend(cursor, [(n.id, n) for n in notifications])
            last = notifications[-1].id
            done += len(notifications)
    return done
