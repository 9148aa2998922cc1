"""The streamed import, on every backend: pages in one transaction, snapshots on the way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from domain.application import Timeline
from domain.case import Case
from domain.errors import Refused
from events.instructions import OpenCase, read_instruction
from storage.importing import import_stream
from tests.e2e.test_import_scale import long_case
from tests.integration import test_erasure
from tests.strategies import fact_fields, slugs

encrypted_stores = test_erasure.new_encrypted
"""A fixture: fresh encrypted stores on every backend."""

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_a_long_case_is_snapshotted_as_it_is_imported(timeline: Timeline) -> None:
    numbered = [(n, read_instruction(line)) for n, line in enumerate(long_case(2_500), 1)]
    imported = import_stream(timeline, numbered, page=1000)
    assert imported.count == 2_500
    assert [p for _, p in imported.receipts()] == list(range(1, 2_501))
    imported.close()
    if timeline.snapshots is not None:
        (latest,) = timeline.snapshots.get(Case.create_id("long"), desc=True, limit=1)
        assert latest.originator_version == 2_500
    if timeline.forget_older_snapshots is not Timeline.forget_older_snapshots:  # on a store
        kept = timeline.snapshots.recorder.select_events(Case.create_id("long"))  # type: ignore[union-attr]
        assert [s.originator_version for s in kept] == [2_500]
    assert timeline.get_case("long").version == 2_500


def test_a_refusal_on_the_last_page_stores_none_of_the_pages_before(timeline: Timeline) -> None:
    lines = long_case(2_500)
    numbered = [(n, read_instruction(line)) for n, line in enumerate(lines, 1)]
    numbered.append((9_999, read_instruction(lines[0])))  # the case opened again
    with pytest.raises(Refused) as refused:
        import_stream(timeline, numbered, page=1000)
    assert refused.value.index == 9_999
    assert (timeline.recorder.max_notification_id() or 0) == 0
    assert not timeline.has_case("long")


KYODO = {"outlet": "Kyodo", "published": "2009-12-23"}


@st.composite
def amended_histories(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Interleaved lines over a few cases: facts, citations, retractions, closes and
    reopens, each valid where it stands; sometimes one line opens a case again."""
    cases = draw(st.lists(slugs, min_size=2, max_size=4, unique=True))
    lines: list[dict[str, Any]] = []
    version: dict[str, int] = {}
    live: dict[str, list[int]] = {c: [] for c in cases}
    closed: set[str] = set()
    for _ in range(draw(st.integers(2, 40))):
        case = draw(st.sampled_from(cases))
        move = draw(st.sampled_from(["fact"] * 5 + ["cite", "retract", "close"]))
        if case not in version:
            line: dict[str, Any] = {"kind": "case_opened", "case": case, "title": "T"}
        elif case in closed:
            line = {"kind": "case_reopened", "case": case, "reason": "r"}
            closed.remove(case)
        elif move == "close":
            line = {"kind": "case_closed", "case": case, "reason": "r"}
            closed.add(case)
        elif move in ("cite", "retract") and live[case]:
            target = draw(st.sampled_from(live[case]))
            line = {
                "kind": "citation",
                "event": f"{case}:{target}",
                "sources": [KYODO],
                "note": None,
            }
            if move == "retract":
                live[case].remove(target)
                line = {"kind": "retraction", "event": f"{case}:{target}", "reason": "r"}
        else:
            line = {"case": case, **draw(fact_fields("observation"))}
            live[case].append(version[case] + 1)
        version[case] = version.get(case, 0) + 1
        lines.append(line)
    if draw(st.booleans()):  # a case opened again, somewhere after its opening
        at = draw(st.integers(1, len(lines)))
        opened = sorted({line["case"] for line in lines[:at] if "case" in line})
        lines.insert(at, {"kind": "case_opened", "case": draw(st.sampled_from(opened)),
                          "title": "again"})  # fmt: skip
    return lines


def stored(app: Timeline) -> list[tuple[Any, ...]]:
    """Every stored event as position, case, version, topic and its state but its time."""
    rows = []
    for n in app.recorder.select_notifications(1, 10_000):
        event = app.mapper.to_domain_event(n)
        state = {k: v for k, v in vars(event).items() if k != "timestamp"}
        rows.append((n.id, n.originator_id, n.originator_version, n.topic, state))
    return rows


@SETTINGS
@given(lines=amended_histories(), page=st.integers(1, 5), held=st.sampled_from([0, 6, 10**5]))
def test_an_import_stores_what_one_command_a_line_would_store(
    new_timeline: Callable[[], Timeline], lines: list[dict[str, Any]], page: int, held: int
) -> None:
    """Whether a case stays in memory between pages or is read back from the import's own
    transaction (`held` 0: every page), from its snapshot (every 4 events here) or not."""
    by_line, imported = new_timeline(), new_timeline()
    with patch.object(Timeline, "snapshotting_intervals", {Case: 4}):
        check_import(by_line, imported, lines, page, held)


def check_import(
    by_line: Timeline, imported: Timeline, lines: list[dict[str, Any]], page: int, held: int
) -> None:
    refused_at = None
    for number, line in enumerate(lines, 1):
        try:
            by_line.carry_out([read_instruction(line)])
        except Refused:
            refused_at = number
            break
    numbered = [(n, read_instruction(line)) for n, line in enumerate(lines, 1)]
    with patch("storage.importing.HELD_EVENTS", held):
        if refused_at is not None:
            event("refused")
            with pytest.raises(Refused) as refused:
                import_stream(imported, numbered, page=page)
            assert (refused.value.index, stored(imported)) == (refused_at, [])
            return
        event("stored")
        import_stream(imported, numbered, page=page).close()
    assert stored(imported) == stored(by_line)


@settings(SETTINGS, max_examples=15)
@given(lines=amended_histories(), page=st.integers(1, 5))
def test_an_encrypted_import_reads_back_its_cases_with_keys_not_yet_committed(
    encrypted_stores: Callable[[], Timeline], lines: list[dict[str, Any]], page: int
) -> None:
    """Every page's cases let go and read back, in a store whose new cases' data keys are
    stored in the import's own transaction."""
    by_line, imported = encrypted_stores(), encrypted_stores()
    with patch.object(Timeline, "snapshotting_intervals", {Case: 4}):
        check_import(by_line, imported, lines, page, held=0)


def test_an_import_keeps_receipts_only_when_asked(new_timeline: Callable[[], Timeline]) -> None:
    lines = [(1, OpenCase(case="receipts", title="Receipts")),
             (2, OpenCase(case="no-receipts", title="No receipts"))]  # fmt: skip
    kept = import_stream(new_timeline(), iter(lines[:1]))
    assert [event_id for event_id, _ in kept.receipts()] == ["receipts:1"]
    counted = import_stream(new_timeline(), iter(lines[1:]), receipts=False)
    assert counted.count == 1
    with pytest.raises(RuntimeError, match="kept no receipts"):
        list(counted.receipts())
