"""The store keeps every event as it was given, on every backend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.application import Timeline
from domain.case import Case
from domain.errors import Refused
from events.edtf import parse_edtf
from events.facts import FACT
from events.instructions import read_instruction
from projections.history import replay_entries
from projections.record import fold
from projections.recorded import read_recorded
from storage.codec import NotJsonNative, OrjsonTranscoder
from tests.strategies import case_histories, fact_fields

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(fields=fact_fields())
def test_every_event_kind_survives_store_and_reload(
    new_timeline: Callable[[], Timeline], fields: dict[str, Any]
) -> None:
    app = new_timeline()
    fact = FACT.validate_python(fields)
    app.carry_out([read_instruction({"kind": "case_opened", "case": "c", "title": "t"}),
                   read_instruction({"case": "c", **fields})])  # fmt: skip
    reloaded = Timeline(env=app.env.copy()) if app.env.get("SQLITE_DBNAME") else app
    assert reloaded.get_case("c").kinds == {2: fact.kind}
    assert [at.event.fact for at in list(read_recorded(reloaded))[1:]] == [fact]


@SETTINGS
@given(lines=case_histories())
def test_import_then_replay_gives_the_same_events_in_the_same_order(
    new_timeline: Callable[[], Timeline], lines: list[dict[str, Any]]
) -> None:
    app = new_timeline()
    app.carry_out([read_instruction(line) for line in lines])
    replayed = [
        {k: v for k, v in entry.items() if k not in ("position", "recorded", "id")}
        for entry in replay_entries(app)
    ]
    assert [read_instruction(r) for r in replayed] == [read_instruction(line) for line in lines]


@SETTINGS
@given(lines=case_histories(max_facts=12), order=st.randoms(use_true_random=False))
def test_timeline_is_chronological_whatever_the_append_order(
    new_timeline: Callable[[], Timeline], lines: list[dict[str, Any]], order: Any
) -> None:
    opens = [line for line in lines if line["kind"] == "case_opened"]
    facts = [line for line in lines if line["kind"] != "case_opened"]
    order.shuffle(facts)
    app = new_timeline()
    app.carry_out([read_instruction(line) for line in [*opens, *facts]])
    entries = fold(read_recorded(app)).entries()
    # the order expected, worked out from the input: earliest day, latest day, position
    expected = sorted(
        (bounds.earliest or date.min, bounds.latest or date.max, position)
        for position, line in enumerate([*opens, *facts], 1)
        if line["kind"] != "case_opened"
        for bounds in [parse_edtf(line["date"])]
    )
    assert [e.position for e in entries] == [position for _, _, position in expected]


def test_a_batch_is_stored_whole_or_not_at_all(timeline: Timeline) -> None:
    good = read_instruction({"kind": "case_opened", "case": "c", "title": "t"})
    retract_missing = read_instruction({"kind": "retraction", "event": "c:9", "reason": "r"})
    with pytest.raises(Refused) as refused:
        timeline.carry_out([good, good.model_copy(update={"case": "d"}), retract_missing])
    assert refused.value.index == 2
    assert timeline.recorder.max_notification_id() in (None, 0)


def test_the_transcoder_refuses_values_that_are_not_json_native() -> None:
    with pytest.raises(NotJsonNative, match="date is not JSON-native"):
        OrjsonTranscoder().encode({"when": date(2009, 9, 1)})


def test_the_transcoder_round_trips_json_native_values() -> None:
    value = {"a": [1, 2.5, "x", None, True], "b": {"c": "d"}}
    transcoder = OrjsonTranscoder()
    assert transcoder.decode(transcoder.encode(value)) == value


def test_stored_events_carry_stable_topics(timeline: Timeline) -> None:
    timeline.carry_out([read_instruction({"kind": "case_opened", "case": "c", "title": "t"})])
    (stored,) = timeline.recorder.select_notifications(1, 10)
    assert stored.topic == "timeline:Case.Opened" == Case.Opened.TOPIC


def test_a_batch_of_many_pages_is_stored_whole_and_in_the_order_given(
    new_timeline: Callable[[], Timeline],
) -> None:
    from bench.generate import lines
    from storage.recorders import PAGE

    given = lines(PAGE * 2 + 500)
    app = new_timeline()
    receipts = app.carry_out([read_instruction(line) for line in given])
    assert [r.at.position for r in receipts] == list(range(1, len(given) + 1))
    replayed = [
        {k: v for k, v in e.items() if k not in ("position", "recorded", "id")}
        for e in replay_entries(app)
    ]
    assert [read_instruction(r) for r in replayed] == [read_instruction(line) for line in given]


def test_a_batch_of_many_pages_that_fails_in_its_last_page_stores_nothing(
    new_timeline: Callable[[], Timeline],
) -> None:
    from uuid import uuid4

    from eventsourcing.persistence import IntegrityError, StoredEvent

    from storage.recorders import PAGE

    app = new_timeline()
    case = uuid4()
    events = [StoredEvent(case, v, "t:T", b"{}") for v in range(1, PAGE * 2 + 10)]
    with pytest.raises(IntegrityError):
        app.recorder.insert_events([*events, events[0]])  # the last one repeats the first
    assert not app.recorder.max_notification_id()
