"""Each persisted view is a tracking recorder, and passes eventsourcing's own tests for one."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from eventsourcing.persistence import TrackingRecorder
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.tests.persistence import TrackingRecorderTestCase

from projections.memory_views import MemoryRecordView
from projections.sql_views import SQLRecordView
from storage import postgres, sqlite
from storage.location import postgres_store
from storage.postgres import create_schema, drop_schema
from tests.conftest import postgres_url


class TestMemoryRecordViewIsATrackingRecorder(TrackingRecorderTestCase):
    def create_recorder(self) -> TrackingRecorder:
        return MemoryRecordView()


class TestSQLiteRecordViewIsATrackingRecorder(TrackingRecorderTestCase):
    def setUp(self) -> None:
        self.folder = TemporaryDirectory()

    def tearDown(self) -> None:
        self.folder.cleanup()

    def create_recorder(self) -> TrackingRecorder:
        on_sqlite = sqlite.tracked_view(SQLRecordView)  # the views as an SQLite store has them
        recorder = on_sqlite(SQLiteDatastore(str(Path(self.folder.name) / "views.db")))
        recorder.create_table()
        return recorder


class TestPostgresRecordViewIsATrackingRecorder(TrackingRecorderTestCase):
    def setUp(self) -> None:
        self.store = postgres_store(postgres_url())
        create_schema(self.store)

    def tearDown(self) -> None:
        drop_schema(self.store)

    def create_recorder(self) -> TrackingRecorder:
        store = self.store
        datastore = PostgresDatastore(
            store.dbname, store.host, store.port, store.user, "", schema=store.schema
        )
        on_postgres = postgres.tracked_view(SQLRecordView)  # as a PostgreSQL store has them
        recorder = on_postgres(datastore, tracking_table_name="views_tracking")
        recorder.create_table()
        self.addCleanup(datastore.close)
        return recorder
