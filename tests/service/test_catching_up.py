"""A read of some cases catches the views up only with the events of those cases: it shows
every event recorded before it of the cases it reads, and writes nothing for the others'."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reads
from domain.application import Timeline
from events.ids import case_id
from events.instructions import read_instruction
from projections.case_view import case_view
from projections.known import NOW, record_as_known
from projections.runner import catch_up_to_read, open_views

SOURCES = [{"outlet": "Kyodo", "published": "2009-12-23"}]
CASES = ["amur", "tumen", "yalu"]


def observed(case: str, text: str) -> Any:
    return read_instruction(
        {"kind": "observation", "case": case, "date": "2009-12", "text": text, "sources": SOURCES}
    )


def opened(app: Timeline) -> None:
    app.carry_out([read_instruction({"kind": "case_opened", "case": c, "title": c.title()})
                   for c in CASES])  # fmt: skip
    assert catch_up_to_read(app, open_views(app))


def test_a_read_of_a_case_leaves_the_views_behind_with_the_events_of_others(
    new_timeline: Callable[[], Timeline],
) -> None:
    app = new_timeline()
    opened(app)
    views = open_views(app)
    before = views.max_tracking_id(app.name)
    app.carry_out([observed("tumen", "Seen at the Tumen")])
    assert catch_up_to_read(app, views, cases=[case_id("amur")])
    assert views.max_tracking_id(app.name) == before
    app.carry_out([observed("amur", "Seen at the Amur")])
    assert catch_up_to_read(app, views, cases=[case_id("amur")])
    assert views.max_tracking_id(app.name) == app.recorder.max_notification_id()


def truth(app: Timeline, slug: str | None) -> tuple[Any, list[Any]]:
    """The case's view (None for the whole record) and its timeline, folded from the events."""
    record = record_as_known(app, NOW, slug)
    view = case_view(record.cases[case_id(slug)]).model_dump(mode="json") if slug else None
    return view, [e.model_dump(mode="json") for e in record.entries()]


WRITES = st.tuples(st.sampled_from(["append", "correct", "retract"]), st.sampled_from(CASES))
READS = st.tuples(st.sampled_from(["case", "timeline", "cases"]), st.sampled_from(CASES))


def test_every_read_shows_the_events_of_its_cases_recorded_before_it(
    new_timeline: Callable[[], Timeline],
) -> None:
    reached = {"reads": 0, "behind": 0}

    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(
        happening=st.lists(st.tuples(st.lists(WRITES, max_size=3), READS), min_size=3, max_size=10)
    )
    def check(happening: list[tuple[list[tuple[str, str]], tuple[str, str]]]) -> None:
        app = new_timeline()
        opened(app)
        views = open_views(app)
        for n, (writes, (read, slug)) in enumerate(happening):
            for what, case in writes:
                write(app, n, what, case)
            reached["behind"] += (views.max_tracking_id(app.name) or 0) < (
                app.recorder.max_notification_id() or 0
            )
            view, entries = truth(app, None if read == "cases" else slug)
            if read == "case":
                found = reads.case_json(app, None, slug)
                assert found is None or orjson.loads(found) == view
            elif read == "timeline":
                stored = reads.timeline_json(app, None, [slug])
                assert stored is None or [orjson.loads(e) for e in stored] == entries
            else:
                listed = reads.cases_json(app, None)
                folded = record_as_known(app, NOW)
                assert listed is None or [orjson.loads(v) for v in listed] == [
                    case_view(c).model_dump(mode="json") for c in folded.cases.values()
                ]
            reached["reads"] += 1

    check()
    assert reached["reads"] >= 90, reached
    assert reached["behind"] >= 30, reached


def write(app: Timeline, n: int, what: str, case: str) -> None:
    """Append to `case`, or correct or retract its latest live event."""
    if what == "append":
        app.carry_out([observed(case, f"Seen {n}")])
        return
    record = record_as_known(app, NOW, case)
    live = [e.id for e in record.entries()]
    if not live:
        return
    line = ({"kind": "correction", "event": live[-1], "reason": "r",
             "changes": {"text": f"Corrected {n}"}} if what == "correct" else
            {"kind": "retraction", "event": live[-1], "reason": "r"})  # fmt: skip
    app.carry_out([read_instruction(line)])
