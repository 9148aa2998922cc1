"""The PostgreSQL recorder, writing a large batch in pages.

eventsourcing's `PostgresApplicationRecorder.insert_events` sends a whole batch as
one INSERT of one array parameter, through psycopg's pipeline mode; from about
30,000 events that never returns here (psycopg stops flushing the query before
waiting for its result: the server waits for the rest of the query, the client
for the result). A batch larger than a page is written here as one INSERT per page,
in one transaction under the library's own table lock and notification, so it is
still all or nothing and positions stay in commit order.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder

from storage.chain import TABLE, Chain, Erasures, also_write, create_statement
from storage.once import TABLE as ONCE_TABLE
from storage.once import OnceTable, forget_statement

PAGE = 2000


class PagedPostgresRecorder(PostgresApplicationRecorder):
    """The library's recorder, but a batch of more than `PAGE` events goes in pages."""

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if len(stored_events) <= PAGE:
            ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return ids
        paged: list[int] = []
        with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
            self._insert_events(curs, stored_events, **kwargs)  # what else the batch writes
            self._lock_table(curs)
            self._notify_channel(curs)
            for start in range(0, len(stored_events), PAGE):
                page = stored_events[start : start + PAGE]
                rows = [
                    self.construct_pg_stored_event(
                        e.originator_id, e.originator_version, e.topic, e.state
                    )
                    for e in page
                ]
                curs.execute(self.insert_events_statement, (rows,))
                paged.extend(self._fetch_ids_after_insert_events(curs, page) or ())
            self._inserted_in_pages(curs, paged, **kwargs)
        return paged

    def _inserted_in_pages(self, curs: Any, positions: Sequence[int], **kwargs: Any) -> None:
        """Called in the transaction of a batch written in pages, once it is all inserted,
        with the keyword arguments its save was given (the library's insert hands them to
        `_fetch_ids_after_insert_events`, here called a page at a time)."""


class ChainedPostgresRecorder(PagedPostgresRecorder):
    """eventsourcing's PostgreSQL application recorder (writing large batches in pages),
    extending the chain as it inserts each page, and keeping the idempotency key a batch is
    saved with (`once=`) in its transaction.

    The library locks the events table (EXCLUSIVE) before inserting, so the last chain
    row read here is the last committed: writers extend the chain one after another.
    """

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        schema = datastore.schema
        self.chain = Chain(f'"{schema}".{TABLE}', "%s")
        self.once = OnceTable(datastore, f'"{schema}".{ONCE_TABLE}', "%s", "BYTEA")
        events = f'"{schema}".{self.events_table_name}'
        self.erasures = Erasures(
            f'"{schema}".timeline_keys', f'"{schema}".timeline_snapshots',
            forget_statement(f'"{schema}".{ONCE_TABLE}', events, "notification_id", "%s"),
            "%s", hex_ids=False,
        )  # fmt: skip
        self.sql_create_statements.append(_composed(create_statement(self.chain.table, "BYTEA")))

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        assert positions is not None
        with curs.connection.cursor() as chain_cursor:
            self.chain.extend(chain_cursor, list(zip(positions, stored_events, strict=True)))
            self.erasures.apply(chain_cursor, stored_events)
            self.once.record(chain_cursor, kwargs.get("once"), positions)
        return positions

    def _inserted_in_pages(self, curs: Any, positions: Sequence[int], **kwargs: Any) -> None:
        with curs.connection.cursor() as once_cursor:
            self.once.record(once_cursor, kwargs.get("once"), positions)

    def _insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        """The library's hook for rows written in the events' transaction before them (its
        own tracking records): a failure here rolls the events back. (A failure after the
        insert, in `_fetch_ids_after_insert_events`, is raised only once the library's
        insert has committed.)"""
        super()._insert_events(curs, stored_events, **kwargs)
        also_write(curs, kwargs)

    def insert_in(self, curs: Any, stored_events: Sequence[StoredEvent]) -> Sequence[int]:
        """Insert `stored_events` and their chain rows in the transaction of `curs`; their
        positions."""
        self._insert_stored_events(curs, stored_events)
        positions = self._fetch_ids_after_insert_events(curs, stored_events)
        assert positions is not None
        return positions


def _composed(statement: str) -> Any:
    from psycopg import sql

    return sql.Composed([sql.SQL(statement)])
