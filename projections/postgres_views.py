"""The views of a PostgreSQL store, in the store's schema (see `projections.sql_views`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg import sql

from projections.layout import VIEW_NAME
from projections.sql_views import SQLRecordView, table_statements
from projections.views import READING

TRACKING_TABLE = f"{VIEW_NAME}_tracking"
"""The name eventsourcing's factory gives the tracking table of the projection `views`, so
the views are the same whether a reader catches up or `ProjectionRunner` follows."""


class PostgresRecordView(PostgresTrackingRecorder, SQLRecordView):
    """Case and timeline views in the store's own PostgreSQL schema."""

    param = "%s"

    def __init__(self, datastore: PostgresDatastore, **kwargs: Any) -> None:
        kwargs.setdefault("tracking_table_name", TRACKING_TABLE)
        super().__init__(datastore, **kwargs)
        schema = datastore.schema
        self.cases_table = f'"{schema}".view_cases'
        self.entries_table = f'"{schema}".view_entries'
        self.layout_table = f'"{schema}".view_layout'
        self.sql_create_statements.extend(
            sql.Composed([sql.SQL(statement)])
            for statement in table_statements(
                self.cases_table, self.entries_table, "view_entries_by_day", "BYTEA"
            )
        )
        # one writer of the views at a time in this store's schema
        self._lock_key = f"{schema}.{VIEW_NAME}"

    def create_tables(self) -> None:
        self.create_table()

    def transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        return self.datastore.transaction(commit=commit)

    def stream(self, statement: str, params: tuple[Any, ...]) -> Iterator[Any]:
        # a server-side cursor: psycopg's ordinary cursor would fetch every row at once
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(force_rollback=True),
            conn.cursor(name="timeline_stream") as cursor,
        ):
            cursor.itersize = 1000
            cursor.execute(statement, params)
            yield from cursor

    def begin_writing(self, cursor: Any) -> None:
        # two catch-ups (or a catch-up and the follower) take turns instead of writing the
        # same rows at once and failing on the tracking row; a reader's catch-up waits
        # within the store's lock timeout (then reads the views as they stand, as on
        # SQLite), where a rebuild or the follower wait their turn however long it is
        if READING.get():
            cursor.execute(
                sql.SQL("SET LOCAL lock_timeout = '{0}s'").format(self.datastore.lock_timeout)
            )
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self._lock_key,))

    def insert_tracking_row(self, cursor: Any, tracking: Tracking) -> None:
        self._insert_tracking(cursor, tracking)

    def tracked(self, cursor: Any, application_name: str) -> int | None:
        return self._max_tracking_id(application_name, cursor)

    def clear_tracking(self, cursor: Any, application_name: str) -> None:
        cursor.execute(
            sql.SQL("DELETE FROM {}.{} WHERE application_name = %s").format(
                sql.Identifier(self.datastore.schema), sql.Identifier(self.tracking_table_name)
            ),
            (application_name,),
        )
