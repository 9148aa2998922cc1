"""The views as an eventsourcing Projection, driven by the library's ProjectionRunner."""

from __future__ import annotations

from eventsourcing.projection import ProjectionRunner

from events.instructions import read_instruction
from projections.case_view import case_view
from projections.memory_views import MemoryRecordView
from projections.record import fold
from projections.recorded import read_recorded
from projections.views import RecordProjection
from storage.backends import StoredTimeline
from storage.opening import backend_at

KYODO = [{"outlet": "Kyodo", "published": "2009-12-23"}]


def test_the_projection_runner_keeps_the_views_equal_to_the_fold() -> None:
    lines = [
        {"kind": "case_opened", "case": "amur", "title": "t"},
        {"kind": "arrived", "case": "amur", "date": "2009-09", "destination": "South Korea",
         "people": 12, "text": "t", "sources": KYODO},
        {"kind": "correction", "event": "amur:2", "changes": {"people": 11}, "reason": "r"},
    ]  # fmt: skip
    with ProjectionRunner(
        application_class=StoredTimeline,
        projection_class=RecordProjection,
        view_class=MemoryRecordView,
        env=backend_at(":memory:").settings(),  # eventsourcing's, timeline's mapper
    ) as runner:
        receipts = runner.app.carry_out([read_instruction(line) for line in lines])
        runner.wait(receipts[-1].at.position, timeout=5)
        record = fold(read_recorded(runner.app))
        assert list(runner.view.timeline()) == record.entries()
        assert runner.view.case_views() == [case_view(c) for c in record.cases.values()]
        assert [e.people for e in runner.view.timeline()] == [11]
