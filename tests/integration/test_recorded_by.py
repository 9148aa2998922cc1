"""The account that recorded an event is kept with it as metadata, on every backend."""

from __future__ import annotations

from domain.application import Timeline
from events.instructions import CloseCase, OpenCase
from storage.codec import recorded_by


def test_each_event_of_a_write_carries_the_account_that_made_it(timeline: Timeline) -> None:
    receipts = timeline.carry_out(
        [OpenCase(case="kept", title="T"), CloseCase(case="kept", reason="done")], by="ana"
    )
    stored = [timeline.recorder.select_notifications(r.at.position, 1)[0] for r in receipts]
    assert [recorded_by(timeline.mapper, s) for s in stored] == ["ana", "ana"]


def test_an_event_recorded_without_an_account_names_none(timeline: Timeline) -> None:
    (receipt,) = timeline.carry_out([OpenCase(case="kept", title="T")])
    stored = timeline.recorder.select_notifications(receipt.at.position, 1)[0]
    assert recorded_by(timeline.mapper, stored) is None


def test_an_event_stored_with_its_account_reads_back_as_it_was(timeline: Timeline) -> None:
    from projections.history import replay_entries

    timeline.carry_out([OpenCase(case="kept", title="T")], by="ana")
    timeline.carry_out([CloseCase(case="kept", reason="done")], by="rui")
    assert timeline.get_case("kept").closed
    assert [e["kind"] for e in replay_entries(timeline, "kept")] == ["case_opened", "case_closed"]
    assert all("recorded_by" not in e for e in replay_entries(timeline, "kept"))
