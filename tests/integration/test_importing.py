"""The streamed import, on every backend: pages in one transaction, snapshots on the way."""

from __future__ import annotations

import pytest

from domain.application import Timeline
from domain.case import Case
from domain.errors import Refused
from domain.importing import import_stream
from events.instructions import read_instruction
from tests.e2e.test_import_scale import long_case


def test_a_long_case_is_snapshotted_as_it_is_imported(timeline: Timeline) -> None:
    numbered = [(n, read_instruction(line)) for n, line in enumerate(long_case(2_500), 1)]
    imported = import_stream(timeline, numbered, page=1000)
    assert imported.count == 2_500
    assert [p for _, p in imported.receipts()] == list(range(1, 2_501))
    imported.close()
    if timeline.snapshots is not None:
        (latest,) = timeline.snapshots.get(Case.create_id("long"), desc=True, limit=1)
        assert latest.originator_version == 2_500
    assert timeline.get_case("long").version == 2_500


def test_a_refusal_on_the_last_page_stores_none_of_the_pages_before(timeline: Timeline) -> None:
    lines = long_case(2_500)
    numbered = [(n, read_instruction(line)) for n, line in enumerate(lines, 1)]
    numbered.append((9_999, read_instruction(lines[0])))  # the case opened again
    with pytest.raises(Refused) as refused:
        import_stream(timeline, numbered, page=1000)
    assert refused.value.index == 9_999
    assert (timeline.recorder.max_notification_id() or 0) == 0
    assert not timeline.has_case("long")
