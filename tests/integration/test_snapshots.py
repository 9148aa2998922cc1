"""Long cases are snapshotted, and load from the snapshot to the same state as a full replay."""

from __future__ import annotations

from typing import Any

from domain.application import Timeline
from domain.case import Case
from events.instructions import read_instruction
from storage.importing import import_stream

KYODO = [{"outlet": "Kyodo", "published": "2009-12-23"}]


def fact(n: int) -> dict[str, Any]:
    return {
        "kind": "observation",
        "case": "long",
        "date": "2009",
        "text": f"fact {n}",
        "sources": KYODO,
    }


def long_case(timeline: Timeline, facts: int) -> None:
    lines = [{"kind": "case_opened", "case": "long", "title": "t"}, *map(fact, range(facts))]
    timeline.carry_out([read_instruction(line) for line in lines])


def test_a_case_is_snapshotted_every_twenty_events(timeline: Timeline) -> None:
    long_case(timeline, 50)
    assert timeline.snapshots is not None
    versions = [
        s.originator_version
        for s in timeline.snapshots.recorder.select_events(Case.create_id("long"))
    ]
    assert versions == [20, 40]


def test_a_case_loaded_from_its_snapshot_equals_its_full_replay(timeline: Timeline) -> None:
    long_case(timeline, 250)
    timeline.carry_out([read_instruction({"kind": "retraction", "event": "long:7", "reason": "r"})])
    from_snapshot = timeline.get_case("long")
    full: Any = None
    for event in timeline.events.get(Case.create_id("long")):  # every event, no snapshot
        full = event.mutate(full)  # type: ignore[attr-defined]
    assert from_snapshot.version == full.version == 252
    assert (from_snapshot.kinds, from_snapshot.retracted) == (full.kinds, full.retracted)


def test_rules_hold_after_loading_from_a_snapshot(timeline: Timeline) -> None:
    long_case(timeline, 150)
    correction = {
        "kind": "correction",
        "event": "long:3",
        "changes": {"date": "2008"},
        "reason": "r",
    }
    (receipt,) = timeline.carry_out([read_instruction(correction)])
    assert str(receipt.id) == "long:152"


def test_a_snapshot_taken_before_citations_were_kept_loads_them_from_the_events(
    timeline: Timeline,
) -> None:
    from domain.errors import CitationAlreadyRetracted, Refused

    cite = {"kind": "citation", "event": "long:2", "sources": KYODO}
    long_case(timeline, 1)
    timeline.carry_out([read_instruction(cite)])  # long:3, cites long:2
    long_case_more(timeline, 150)
    assert timeline.snapshots is not None
    # a snapshot as an older timeline took it: no citations, no class version
    taken = Case.Snapshot.take(timeline.get_case("long"))
    state = {k: v for k, v in taken.state.items() if k not in ("cited", "class_version")}
    old = Case.Snapshot(
        originator_id=taken.originator_id, originator_version=taken.originator_version,
        timestamp=taken.timestamp, topic=taken.topic, state=state,
    )  # fmt: skip
    timeline.snapshots.put([old])
    assert timeline.get_case("long").cited == {3: ("citation", 2, 1)}
    retract = {"kind": "retraction", "event": "long:3", "reason": "r"}
    correct = {"kind": "correction", "event": "long:3", "changes": {"note": "n"}, "reason": "r"}
    import_stream(timeline, [(1, read_instruction(correct))])  # an import loads it its own way
    timeline.carry_out([read_instruction(retract)])
    for again in (retract, correct):
        try:
            import_stream(timeline, [(1, read_instruction(again))])
        except Refused as refused:
            assert isinstance(refused.cause, CitationAlreadyRetracted)
        else:
            raise AssertionError(f"a retracted citation took {again['kind']}")


def long_case_more(timeline: Timeline, facts: int) -> None:
    timeline.carry_out([read_instruction(fact(n)) for n in range(facts)])
