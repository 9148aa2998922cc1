"""Facts and sources stored before a date had its part and a source its `via` read as before:
no part, and a source that carries no other's report."""

from __future__ import annotations

from domain.application import Timeline
from domain.case import Case
from events.instructions import read_instruction
from projections.history import replay_entries
from projections.known import NOW, record_as_known
from reports.summary import summarise
from tests.integration.test_schema_evolution import stored


def test_a_fact_stored_before_parts_and_via_reads_without_them(timeline: Timeline) -> None:
    timeline.carry_out([read_instruction({"kind": "case_opened", "case": "c", "title": "t"})])
    version_2 = {"timestamp": "2009-12-23T22:16:08+00:00", "class_version": 2, "fact": {
        "kind": "arrived", "date": "2009-09", "place": None, "people": 12, "group": None,
        "actors": [], "agencies": [], "text": "t", "sources": [{"outlet": "Kyodo",
        "published": "2009-12-23", "reference": None, "quote": None, "grade": None}],
        "destination": "South Korea"}}  # fmt: skip
    timeline.recorder.insert_events(
        [stored(Case.create_id("c"), 2, "timeline:Case.FactRecorded", version_2)]
    )
    (_, line) = list(replay_entries(timeline))
    assert line["part"] is None and line["sources"][0]["via"] is None
    (entry,) = record_as_known(timeline, NOW).entries()
    assert entry.part is None and entry.sources[0].origin() == "Kyodo"
    (said,) = summarise([entry]).periods[0].sentences
    assert said.text == "In September 2009, 12 people reached South Korea. T."
