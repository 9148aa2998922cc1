"""Citations and disputes: a source that confirms an event, or gives another value for it,
is held beside the event on every backend; the event's facts stay as recorded."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from domain.application import Timeline
from domain.errors import EventAlreadyRetracted, EventNotFound, InvalidDispute, Refused
from events.instructions import read_instruction
from events.sources import Source
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


CHOSUN = {"outlet": "Chosun Ilbo", "published": "2010-01-05", "grade": "C3"}


def test_a_citation_corrected_and_a_dispute_retracted_by_lines_show_as_they_now_stand(
    amur: Timeline,
) -> None:
    given(
        amur,
        {"kind": "citation", "event": "amur:2", "sources": [YONHAP], "note": "same"},
        {"kind": "dispute", "event": "amur:2", "values": {"people": 14}, "sources": [CHOSUN]},
        {"kind": "correction", "event": "amur:3", "changes": {"quote": "twelve", "grade": "B2",
         "note": "names them"}, "reason": "misquoted"},
        {"kind": "retraction", "event": "amur:4", "reason": "Chosun gives 12"},
    )  # fmt: skip
    (entry,) = timeline_of(amur)
    (cited,) = entry.citations
    assert (cited.sources[0].quote, cited.sources[0].grade, cited.note) == (
        "twelve", "B2", "names them",
    )  # fmt: skip
    assert [c.id for c in cited.corrections] == ["amur:5"] and not cited.retracted
    assert entry.disputes[0].retracted and not entry.disputed
    assert entry.disputes[0].retraction is not None
    assert entry.disputes[0].retraction.id == "amur:6"
    assert case_view_of(amur, "amur").sources == ("Kyodo, 2009-12-23", "Yonhap, 2010-01-05")


def test_a_retracted_citation_leaves_the_case_and_its_event_as_they_were(amur: Timeline) -> None:
    given(amur, {"kind": "citation", "event": "amur:2", "sources": [YONHAP]})
    given(amur, {"kind": "retraction", "event": "amur:3", "reason": "another story"})
    (entry,) = timeline_of(amur)
    assert (entry.retracted, entry.people, entry.citations[0].retracted) == (False, 12, True)
    view = case_view_of(amur, "amur")
    assert (view.events, view.retracted, view.sources) == (1, 0, ("Kyodo, 2009-12-23",))


def test_amended_citations_replay_as_the_lines_that_recorded_them(
    amur: Timeline, new_timeline: Any
) -> None:
    given(
        amur,
        {"kind": "citation", "event": "amur:2", "sources": [YONHAP, CHOSUN]},
        {"kind": "correction", "event": "amur:3", "changes": {"grade": "A1", "nth": 2},
         "reason": "r"},
        {"kind": "correction", "event": "amur:3", "changes": {}, "reason": "one outlet",
         "sources": [KYODO]},
        {"kind": "retraction", "event": "amur:3", "reason": "r"},
    )  # fmt: skip
    lines = [{k: v for k, v in e.items() if k not in ("position", "recorded", "id")}
             for e in replay_entries(amur)]  # fmt: skip
    assert [(line["kind"], line.get("event")) for line in lines[3:]] == [
        ("correction", "amur:3"), ("correction", "amur:3"), ("retraction", "amur:3"),
    ]  # fmt: skip
    again = new_timeline()
    given(again, *lines)
    assert _citations(again) == _citations(amur)
    ((cited,),) = [e.citations for e in timeline_of(again, include_retracted=True)]
    assert cited.sources == (Source.model_validate(KYODO),) and cited.retracted


def _citations(app: Timeline) -> list[tuple[Any, ...]]:
    """What the citations of the record's one entry say, and their history, but when."""
    (entry,) = timeline_of(app, include_retracted=True)
    return [
        (c.id, c.sources, c.note, c.retracted, [(a.id, a.changes, a.reason) for a in c.corrections])
        for c in entry.citations
    ]


def test_amended_citations_are_exported_as_lines_that_import_to_the_same_record(
    amur: Timeline, new_timeline: Any
) -> None:
    import reads
    from reports.formats import ExportFormat

    given(
        amur,
        {"kind": "citation", "event": "amur:2", "sources": [YONHAP], "note": "same"},
        {"kind": "dispute", "event": "amur:2", "values": {"people": 14}, "sources": [CHOSUN]},
        {"kind": "correction", "event": "amur:3", "changes": {"quote": "twelve"}, "reason": "r"},
        {"kind": "retraction", "event": "amur:4", "reason": "misread"},
    )  # fmt: skip
    out: list[str] = []
    reads.export(amur, None, ExportFormat("jsonl"), [])(out.append)
    again = new_timeline()
    given(again, *map(orjson.loads, "".join(out).splitlines()))
    assert _citations(again) == _citations(amur)
    ((dispute,),) = [e.disputes for e in timeline_of(again)]
    assert dispute.retracted
