"""Old stored events stay readable (upcasting); events from a newer version are refused."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import orjson
import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import StoredEvent

from domain.application import Timeline
from domain.case import Case
from domain.errors import StoreTooNew
from events.instructions import read_instruction
from projections.history import replay_entries


class Note(Aggregate):
    """A stand-in aggregate whose event changed shape: v1 had no `language`."""

    TOPIC = "tests:Note"

    class Created(Aggregate.Created):
        TOPIC = "tests:Note.Created"

    class Written(Aggregate.Event):
        TOPIC = "tests:Note.Written"
        class_version = 2
        text: str
        language: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["language"] = "en"

    @event(Created)
    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []

    @event(Written)
    def write(self, text: str, language: str) -> None:
        self.texts.append((text, language))


def stored(originator: Any, version: int, topic: str, state: dict[str, Any]) -> StoredEvent:
    return StoredEvent(originator, version, topic, orjson.dumps(state))


def test_an_event_stored_in_its_old_form_is_upcast_when_read(timeline: Timeline) -> None:
    note_id = uuid4()
    stamp = "2009-12-23T22:16:08+00:00"
    timeline.recorder.insert_events([
        stored(note_id, 1, "tests:Note.Created", {"timestamp": stamp, "originator_topic": "tests:Note"}),
        stored(note_id, 2, "tests:Note.Written", {"timestamp": stamp, "text": "v1 shape"}),
    ])  # fmt: skip
    note: Note = timeline.repository.get(note_id)
    assert note.texts == [("v1 shape", "en")]


def test_a_new_event_is_stored_with_its_class_version(timeline: Timeline) -> None:
    note = Note()
    note.write("v2 shape", "ko")
    timeline.save(note)
    (_, written) = timeline.recorder.select_notifications(1, 10)
    assert orjson.loads(written.state)["class_version"] == 2


def _opened(timeline: Timeline) -> None:
    timeline.carry_out([read_instruction({"kind": "case_opened", "case": "c", "title": "t"})])


def test_an_event_type_from_a_newer_version_is_refused_with_a_clear_error(
    timeline: Timeline,
) -> None:
    _opened(timeline)
    timeline.recorder.insert_events(
        [stored(Case.create_id("c"), 2, "timeline:Case.SomethingNew", {"timestamp": "x"})]
    )
    with pytest.raises(StoreTooNew, match="newer version of timeline"):
        list(replay_entries(timeline))


def test_an_event_version_from_a_newer_version_is_refused(timeline: Timeline) -> None:
    _opened(timeline)
    timeline.recorder.insert_events(
        [
            stored(
                Case.create_id("c"), 2, "timeline:Case.Closed", {"class_version": 9, "reason": "r"}
            )
        ]
    )
    with pytest.raises(StoreTooNew, match="version 9"):
        timeline.get_case("c")


def test_a_fact_stored_before_groups_is_read_as_about_the_main_group(timeline: Timeline) -> None:
    _opened(timeline)
    version_1 = {"timestamp": "2009-12-23T22:16:08+00:00", "fact": {
        "kind": "arrived", "date": "2009-09", "place": None, "people": 12, "actors": [],
        "agencies": [], "text": "t", "sources": [{"outlet": "Kyodo", "published": "2009-12-23",
        "reference": None, "quote": None}], "destination": "South Korea"}}  # fmt: skip
    timeline.recorder.insert_events(
        [stored(Case.create_id("c"), 2, "timeline:Case.FactRecorded", version_1)]
    )
    (_, line) = list(replay_entries(timeline))
    assert line["group"] is None and line["people"] == 12


def test_a_fact_is_stored_with_the_version_that_has_parts_of_groups(timeline: Timeline) -> None:
    _opened(timeline)
    timeline.carry_out([read_instruction({"kind": "observation", "case": "c", "date": "2009",
        "text": "t", "group": "g", "within": "main group",
        "sources": [{"outlet": "K", "published": "2009"}]})])  # fmt: skip
    (_, recorded) = timeline.recorder.select_notifications(1, 10)
    assert orjson.loads(recorded.state)["class_version"] == 3


def test_a_request_stored_before_parts_and_applications_is_read_as_a_request_for_asylum(
    timeline: Timeline,
) -> None:
    """Version 2: no `within`; a request named to whom it went, and not what it was for."""
    _opened(timeline)
    version_2 = {"timestamp": "2009-12-23T22:16:08+00:00", "class_version": 2, "fact": {
        "kind": "asylum_requested", "date": "2006", "place": None, "people": 1, "group": None,
        "actors": [], "agencies": [], "text": "t", "sources": [{"outlet": "Kyodo",
        "published": "2009-12-23", "reference": None, "quote": None}],
        "requested_from": "South Korean Consulate General", "channels": [],
        "country": "South Korea"}}  # fmt: skip
    timeline.recorder.insert_events(
        [stored(Case.create_id("c"), 2, "timeline:Case.FactRecorded", version_2)]
    )
    (_, line) = list(replay_entries(timeline))
    assert line["within"] is None and line["applied_for"] is None
    assert line["requested_from"] == "South Korean Consulate General"
