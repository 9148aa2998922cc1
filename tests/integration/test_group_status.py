"""A case's status from its groups, as the stored views give it on every backend."""

from __future__ import annotations

from domain.application import Timeline
from events.instructions import read_instruction
from projections.cases import case_view_of, case_views

KYODO = [{"outlet": "Kyodo", "published": "2009-12-23"}]


def test_a_case_one_group_of_which_arrived_and_another_was_returned_says_both(
    timeline: Timeline,
) -> None:
    lines = [
        {"kind": "case_opened", "case": "amur", "title": "t"},
        {"kind": "arrived", "case": "amur", "date": "2009-09", "people": 12,
         "destination": "South Korea", "text": "t", "sources": KYODO},
        {"kind": "returned", "case": "amur", "date": "2010", "people": 2, "group": "two others",
         "country": "North Korea", "text": "t", "sources": KYODO},
    ]  # fmt: skip
    timeline.carry_out([read_instruction(line) for line in lines])
    view = case_view_of(timeline, "amur")
    assert view.status == "returned, arrived" and view.people == 14
    assert [(g.name, g.status) for g in view.groups] == [
        (None, "arrived"),
        ("two others", "returned"),
    ]
    assert [v.status for v in case_views(timeline)] == ["returned, arrived"]
