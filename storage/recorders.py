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
        return paged
