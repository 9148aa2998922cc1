"""Each persisted view is a tracking recorder, and passes eventsourcing's own tests for one."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from eventsourcing.persistence import TrackingRecorder
from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.tests.persistence import TrackingRecorderTestCase

from projections.memory_views import MemoryRecordView
from projections.sqlite_views import SQLiteRecordView


class TestMemoryRecordViewIsATrackingRecorder(TrackingRecorderTestCase):
    def create_recorder(self) -> TrackingRecorder:
        return MemoryRecordView()


class TestSQLiteRecordViewIsATrackingRecorder(TrackingRecorderTestCase):
    def setUp(self) -> None:
        self.folder = TemporaryDirectory()

    def tearDown(self) -> None:
        self.folder.cleanup()

    def create_recorder(self) -> TrackingRecorder:
        recorder = SQLiteRecordView(SQLiteDatastore(str(Path(self.folder.name) / "views.db")))
        recorder.create_table()
        return recorder
