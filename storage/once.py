"""The store's idempotency keys (`domain.once`): one row per write asked under a key, in
`timeline_once` beside the events.

A row holds the account, its key, the digest of what was asked (sealed with the store's
record key on an encrypted store), the positions of the first and last event the write
recorded, and when (seconds since the epoch). The application recorder of each backend
writes it in the transaction that inserts those events (`record`): eventsourcing's
recorders take extra keyword arguments to `insert_events` and hand them to the insert,
where ours (`storage.chain`, `storage.recorders`) pass them here. The key is the primary
key with the account, so two writers under one key cannot both commit; rows older than
`domain.once.KEY_LIFE` are deleted as each new one is written, and never found.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from eventsourcing.persistence import IntegrityError

if TYPE_CHECKING:
    from domain.once import Answered, Once

TABLE = "timeline_once"


class OnceTable:
    """The key table on the store's own datastore: SQL for SQLite (`?`) or PostgreSQL (`%s`)."""

    def __init__(self, datastore: Any, table: str, param: str, blob: str) -> None:
        self.datastore = datastore
        p = param
        self.creates = [
            f"CREATE TABLE IF NOT EXISTS {table} (account TEXT NOT NULL, key TEXT NOT NULL, "
            f"digest {blob} NOT NULL, first_position BIGINT NOT NULL, "
            "last_position BIGINT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (account, key))",
            f"CREATE INDEX IF NOT EXISTS {TABLE}_at ON {table} (at)",
        ]
        self.prune = f"DELETE FROM {table} WHERE at < {p}"
        self.insert = (
            f"INSERT INTO {table} (account, key, digest, first_position, last_position, at) "
            f"VALUES ({p}, {p}, {p}, {p}, {p}, {p}) RETURNING at"
        )
        self.select = (
            f"SELECT digest, first_position, last_position FROM {table} "
            f"WHERE account = {p} AND key = {p} AND at >= {p}"
        )

    def make(self) -> None:
        """Make the table where the store has none (a store made before keys were kept)."""
        try:
            self._make()
        except IntegrityError:  # PostgreSQL: another process made it at the same moment
            self._make()

    def _make(self) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            for statement in self.creates:
                cursor.execute(statement)

    def find(self, account: str, key: str, since: int) -> Answered | None:
        """What `account` recorded under `key` at `since` or later, if anything."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self.select, (account, key, since))
            row = cursor.fetchone()
        if row is None:
            return None
        from domain.once import Answered

        digest, first, last = _values(row)
        return Answered(bytes(digest), int(first), int(last))

    def record(self, cursor: Any, once: Once | None, positions: Sequence[int]) -> None:
        """Keep `once` for the events just inserted at `positions`, in their transaction.

        A key `once.account` holds already raises `IntegrityError` (the primary key), and
        the whole transaction is rolled back: the events are never stored without it. The
        row is read back, so that PostgreSQL's pipeline raises here, not at the commit."""
        if once is None or not positions:
            return
        from domain.once import KEY_LIFE

        cursor.execute(self.prune, (once.at - KEY_LIFE,))
        row = (once.account, once.key, once.digest, positions[0], positions[-1], once.at)
        cursor.execute(self.insert, row)
        cursor.fetchone()


def forget_statement(once: str, events: str, position: str, param: str) -> str:
    """The statement deleting the keys of writes that recorded an event of one case (its id
    the parameter): run in an erasure's transaction, so no digest of what an erased case
    said outlives its key."""
    return (
        f"DELETE FROM {once} WHERE EXISTS (SELECT 1 FROM {events} e WHERE "
        f"e.originator_id = {param} AND e.{position} BETWEEN {once}.first_position "
        f"AND {once}.last_position)"
    )


def _values(row: Any) -> tuple[Any, ...]:
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)
