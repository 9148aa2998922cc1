"""The views of an SQLite store, in the store's own file (see `projections.sql_views`)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

from projections.sql_views import SQLRecordView, table_statements


class SQLiteRecordView(SQLiteTrackingRecorder, SQLRecordView):
    """Case and timeline views in the store's own SQLite file."""

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            *table_statements("view_cases", "view_entries", "view_entries_by_day", "BLOB"),
        ]

    def create_tables(self) -> None:
        self.create_table()

    def transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        return self.datastore.transaction(commit=commit)

    def begin_writing(self, cursor: Any) -> None:
        # a write as the first statement takes the write lock now, waiting for another
        # writer within the lock timeout; a read first would fail at once when a
        # writer commits before this transaction writes (SQLite's "database is locked")
        cursor.execute("UPDATE tracking SET notification_id = notification_id WHERE 0")

    def insert_tracking_row(self, cursor: Any, tracking: Tracking) -> None:
        self._insert_tracking(cursor, tracking)

    def tracked(self, cursor: Any, application_name: str) -> int | None:
        return self._max_tracking_id(application_name, cursor)

    def clear_tracking(self, cursor: Any, application_name: str) -> None:
        cursor.execute("DELETE FROM tracking WHERE application_name = ?", (application_name,))
