"""Exports of a store: JSON Lines that replays into an empty store as the same record, and
every format the same for the same record, whenever it was recorded."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reads
from domain.application import Timeline
from domain.errors import TimelineError
from events.instructions import read_instruction
from projections.cases import case_views
from projections.record import TimelineEntry
from projections.timeline import timeline, timeline_of
from reports.formats import ExportFormat
from reports.summary import summarise
from tests.strategies import case_histories, edtf_dates, edtf_points, sources, words

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

changes = st.one_of(
    st.fixed_dictionaries({"date": edtf_dates()}),
    st.fixed_dictionaries({"people": st.integers(0, 50)}),
    st.fixed_dictionaries({"text": words}),
)


@st.composite
def histories(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Whole histories: cases opened, facts, corrections (some citing sources), retractions,
    closings and reopenings, and facts recorded after a reopening."""
    lines = draw(case_histories(max_facts=10))
    cases = [line["case"] for line in lines if line["kind"] == "case_opened"]
    facts = [f"{line['case']}:{n}" for line, n in _versions(lines) if line["kind"] in _FACTS]
    for target in facts:
        action = draw(st.sampled_from(["keep", "keep", "correct", "retract", "correct+retract"]))
        if "correct" in action:
            cited = draw(st.lists(sources, max_size=1))
            lines.append({"kind": "correction", "event": target, "changes": draw(changes),
                          "reason": draw(words), "sources": cited})  # fmt: skip
        if "retract" in action:
            lines.append({"kind": "retraction", "event": target, "reason": draw(words)})
    for case in cases:
        if draw(st.booleans()):
            lines.append({"kind": "case_closed", "case": case, "reason": draw(words)})
            if draw(st.booleans()):
                lines.append({"kind": "case_reopened", "case": case, "reason": draw(words)})
    return lines


_FACTS = {"fled_to_mission", "asylum_requested", "asylum_granted", "agency_contacted",
          "departed_to_third_country", "arrived", "application_pending", "figure_reported",
          "policy_stated", "observation"}  # fmt: skip


def _versions(lines: list[dict[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    counted: dict[str, int] = {}
    numbered = []
    for line in lines:
        counted[line["case"]] = counted.get(line["case"], 0) + 1
        numbered.append((line, counted[line["case"]]))
    return numbered


def record(app: Timeline, lines: list[dict[str, Any]]) -> None:
    """Carry out each line on its own; one the record refuses (a correction of a retracted
    event, say) is left out, as a user would see it refused."""
    for line in lines:
        with contextlib.suppress(TimelineError):
            app.carry_out([read_instruction(line)])


def exported(app: Timeline, format_: str, cases: list[str] | None = None, **scope: Any) -> str:
    """What `timeline export --format FORMAT` writes for this store."""
    out: list[str] = []
    reads.export(app, None, ExportFormat(format_), cases or [], **scope)(out.append)
    return "".join(out)


def imported(new_timeline: Callable[[], Timeline], jsonl: str) -> Timeline:
    copy = new_timeline()
    lines = [read_instruction(orjson.loads(line)) for line in jsonl.splitlines()]
    if lines:
        copy.carry_out(lines)
    return copy


def shown(entries: Any, *, ids: bool = True) -> list[dict[str, Any]]:
    """Entries as `show --json` prints them, less positions and moments of recording (and ids,
    where the events were renumbered)."""
    dropped = {"position", "recorded"} | (set() if ids else {"id"})
    found = []
    for entry in entries:
        data = {k: v for k, v in entry.model_dump(mode="json").items() if k not in dropped}
        data["corrections"] = [amendment_by(a, dropped) for a in data["corrections"]]
        data["retraction"] = data["retraction"] and amendment_by(data["retraction"], dropped)
        found.append(data)
    return found


def amendment_by(amendment: dict[str, Any], dropped: set[str]) -> dict[str, Any]:
    return {k: v for k, v in amendment.items() if k not in dropped}


@SETTINGS
@given(lines=histories())
def test_jsonl_imported_into_an_empty_store_gives_the_same_timeline_cases_and_summary(
    new_timeline: Callable[[], Timeline], lines: list[dict[str, Any]]
) -> None:
    app = new_timeline()
    record(app, lines)
    copy = imported(new_timeline, exported(app, "jsonl"))
    assert shown(timeline(copy, include_retracted=True)) == shown(
        timeline(app, include_retracted=True)
    )
    assert case_views(copy) == case_views(app)
    assert summarise(timeline(copy)) == summarise(timeline(app))


@SETTINGS
@given(lines=histories(), start=st.none() | edtf_points(), end=st.none() | edtf_points(),
       data=st.data())  # fmt: skip
def test_jsonl_of_some_cases_and_dates_imports_as_that_part_of_the_timeline(
    new_timeline: Callable[[], Timeline],
    lines: list[dict[str, Any]],
    start: str | None,
    end: str | None,
    data: st.DataObject,
) -> None:
    from events.edtf import parse_edtf

    low = parse_edtf(start).earliest if start else None
    high = parse_edtf(end).latest if end else None
    if low is not None and high is not None and low > high:
        start, end = end, start  # a period that ends before it starts is refused
    app = new_timeline()
    record(app, lines)
    opened = [view.slug for view in case_views(app)]
    chosen = data.draw(st.lists(st.sampled_from(opened), unique=True, max_size=len(opened)))
    part = exported(app, "jsonl", chosen, start=start, end=end)
    copy = imported(new_timeline, part)
    expected = timeline_of(app, chosen, start=start, end=end, include_retracted=True)
    assert shown(timeline(copy, include_retracted=True), ids=False) == shown(expected, ids=False)
    assert {view.slug for view in case_views(copy)} == set(chosen or opened)


@SETTINGS
@given(lines=histories(), include_retracted=st.booleans())
def test_every_format_is_the_same_every_time_for_the_same_store(
    new_timeline: Callable[[], Timeline], lines: list[dict[str, Any]], include_retracted: bool
) -> None:
    app = new_timeline()
    record(app, lines)
    for format_ in ExportFormat:
        once = exported(app, format_, include_retracted=include_retracted)
        assert exported(app, format_, include_retracted=include_retracted) == once, format_


@SETTINGS
@given(lines=histories(), include_retracted=st.booleans())
def test_every_format_is_the_same_for_the_same_record_whenever_it_was_recorded(
    new_timeline: Callable[[], Timeline], lines: list[dict[str, Any]], include_retracted: bool
) -> None:
    first, second = new_timeline(), new_timeline()
    record(first, lines)
    time.sleep(0.001)  # the second store records the same events at other moments
    record(second, lines)
    for format_ in ExportFormat:
        assert exported(first, format_, include_retracted=include_retracted) == exported(
            second, format_, include_retracted=include_retracted
        ), format_


def test_the_summary_of_a_copy_tells_events_that_differ_only_by_their_corrections_alike(
    new_timeline: Callable[[], Timeline],
) -> None:
    kyodo = [{"outlet": "Kyodo", "published": "2009-12-23"}]
    lines: list[dict[str, Any]] = [{"kind": "case_opened", "case": "c", "title": "T"}]
    lines += [{"kind": "observation", "case": "c", "date": "2004", "text": "same",
               "sources": kyodo}] * 2  # fmt: skip
    lines += [{"kind": "correction", "event": f"c:{v}", "changes": {"people": 3},
               "reason": "r", "sources": []} for v in (2, 3)]  # fmt: skip
    told = set()
    for _ in range(6):
        app = new_timeline()
        for line in lines:
            record(app, [line])
            time.sleep(0.0005)
        told.add(exported(app, "markdown"))
    assert len(told) == 1


@pytest.fixture
def seeded(new_timeline: Callable[[], Timeline], seed_path: Path) -> Timeline:
    app = new_timeline()
    app.carry_out([read_instruction(orjson.loads(row)) for row in _rows(seed_path)])
    return app


def _rows(path: Path) -> list[bytes]:
    return [row for row in path.read_bytes().splitlines() if row.strip()]


def test_the_seed_cases_jsonl_is_the_seed_file_itself(seeded: Timeline, seed_path: Path) -> None:
    lines = [orjson.loads(row) for row in exported(seeded, "jsonl").splitlines()]
    seed = [orjson.loads(row) for row in _rows(seed_path)]
    assert [_given(line) for line in lines] == [_given(line) for line in seed]


def _given(line: dict[str, Any]) -> dict[str, Any]:
    """The fields given a value (a replayed line also names those left at their default),
    in the line and in its sources."""
    given = {k: v for k, v in line.items() if v not in (None, [])}
    if "sources" in given:
        given["sources"] = [_given(source) for source in given["sources"]]
    return given


def test_every_format_holds_every_event_of_the_seed_case(seeded: Timeline) -> None:
    entries: list[TimelineEntry] = list(timeline(seeded))
    assert len(entries) == 26
    assert exported(seeded, "csv").count("\r\n") == len(entries) + 1
    assert len(orjson.loads(exported(seeded, "timelinejs"))["events"]) == len(entries)
    assert exported(seeded, "html").count('<g class="m ') == len(entries)
    table = exported(seeded, "markdown").split("## Timeline")[1]
    assert sum(line.startswith("| ") for line in table.splitlines()) == len(entries) + 2
