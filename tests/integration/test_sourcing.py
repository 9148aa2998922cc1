"""Citations and disputes: a source that confirms an event, or gives another value for it,
is held beside the event on every backend; the event's facts stay as recorded."""

from __future__ import annotations

from typing import Any

import pytest

from domain.application import Timeline
from domain.errors import EventAlreadyRetracted, EventNotFound, InvalidDispute, Refused
from events.instructions import read_instruction
from projections.cases import case_view_of
from projections.history import replay_entries
from projections.timeline import timeline as timeline_of

KYODO = {"outlet": "Kyodo", "published": "2009-12-23"}
YONHAP = {"outlet": "Yonhap", "published": "2010-01-05"}


def given(app: Timeline, *lines: dict[str, Any]) -> None:
    app.carry_out([read_instruction(line) for line in lines])


@pytest.fixture
def amur(timeline: Timeline) -> Timeline:
    given(
        timeline,
        {"kind": "case_opened", "case": "amur", "title": "t"},
        {"kind": "arrived", "case": "amur", "date": "2009-09", "people": 12,
         "destination": "South Korea", "text": "t", "sources": [KYODO]},
    )  # fmt: skip
    return timeline


def test_a_citation_adds_a_source_and_changes_no_fact(amur: Timeline) -> None:
    given(amur, {"kind": "citation", "event": "amur:2", "sources": [YONHAP], "note": "same"})
    (entry,) = timeline_of(amur)
    assert (entry.date, entry.people, entry.sources[0].outlet) == ("2009-09", 12, "Kyodo")
    assert [c.sources[0].outlet for c in entry.citations] == ["Yonhap"]
    assert case_view_of(amur, "amur").sources == ("Kyodo, 2009-12-23", "Yonhap, 2010-01-05")


def test_a_dispute_marks_the_event_and_keeps_its_value(amur: Timeline) -> None:
    given(amur, {"kind": "dispute", "event": "amur:2", "values": {"people": 14},
                 "sources": [YONHAP]})  # fmt: skip
    (entry,) = timeline_of(amur)
    assert entry.people == 12 and entry.disputed
    assert entry.disputes[0].values == {"people": 14}


def test_a_correction_of_a_disputed_field_settles_the_dispute(amur: Timeline) -> None:
    given(
        amur,
        {"kind": "dispute", "event": "amur:2", "values": {"people": 14}, "sources": [YONHAP]},
        {"kind": "correction", "event": "amur:2", "changes": {"people": 14},
         "reason": "as amur:3 says", "sources": [YONHAP]},
    )  # fmt: skip
    (entry,) = timeline_of(amur)
    assert entry.people == 14 and not entry.disputed
    assert entry.disputes[0].settled_by == "amur:4"


def test_citations_and_disputes_replay_as_the_lines_that_recorded_them(amur: Timeline) -> None:
    lines = [
        {"kind": "citation", "event": "amur:2", "sources": [YONHAP], "note": None},
        {"kind": "dispute", "event": "amur:2", "values": {"date": "2009-10"},
         "sources": [YONHAP], "note": "a month later"},
    ]  # fmt: skip
    given(amur, *lines)
    replayed = [{k: v for k, v in e.items() if k not in ("position", "recorded", "id")}
                for e in replay_entries(amur)][2:]  # fmt: skip
    sources = [{**YONHAP, "reference": None, "quote": None, "grade": None, "via": None}]
    assert replayed == [{**line, "sources": sources} for line in lines]


@pytest.mark.parametrize(
    ("line", "refused"),
    [
        ({"kind": "citation", "event": "amur:9", "sources": [YONHAP]}, EventNotFound),
        ({"kind": "dispute", "event": "amur:2", "values": {"height": 3}, "sources": [YONHAP]},
         InvalidDispute),
        ({"kind": "dispute", "event": "amur:2", "values": {"date": "2009-13"},
          "sources": [YONHAP]}, InvalidDispute),
    ],
)  # fmt: skip
def test_a_citation_or_dispute_the_record_cannot_hold_is_refused(
    amur: Timeline, line: dict[str, Any], refused: type[Exception]
) -> None:
    with pytest.raises(Refused) as raised:
        given(amur, line)
    assert isinstance(raised.value.cause, refused)
    assert len(list(replay_entries(amur))) == 2


def test_a_retracted_event_cannot_be_cited(amur: Timeline) -> None:
    given(amur, {"kind": "retraction", "event": "amur:2", "reason": "duplicate"})
    with pytest.raises(Refused) as raised:
        given(amur, {"kind": "citation", "event": "amur:2", "sources": [YONHAP]})
    assert isinstance(raised.value.cause, EventAlreadyRetracted)
