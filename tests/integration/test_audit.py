"""The audit: one row per recorded event, naming who recorded it and nothing it says."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.application import Timeline
from events.instructions import CloseCase, OpenCase, ReopenCase, RetractEvent, read_instruction
from projections.audit import audited, catch_up_audit, open_audit
from storage.opening import open_timeline
from tests.conftest import new_store

ACCOUNTS = st.sampled_from([None, "ana", "rui"])


def test_each_write_is_one_row_naming_its_account(timeline: Timeline) -> None:
    timeline.carry_out([OpenCase(case="audited", title="Secret title")], by="ana")
    timeline.carry_out([CloseCase(case="audited", reason="Secret reason")])
    rows = audited(timeline)
    assert [(r.position, r.id, r.kind, r.account) for r in rows] == [
        (1, "audited:1", "case_opened", "ana"),
        (2, "audited:2", "case_closed", None),
    ]
    assert b"Secret" not in orjson.dumps([r.model_dump(mode="json") for r in rows])


def test_a_retraction_names_the_event_it_retracts(timeline: Timeline) -> None:
    seen = {"kind": "observation", "case": "amended", "date": "2009-12", "text": "Seen",
            "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip
    timeline.carry_out(
        [OpenCase(case="amended", title="T"), read_instruction(seen),
         RetractEvent(event="amended:2", reason="dup")],
        by="rui",
    )  # fmt: skip
    assert [(r.kind, r.event) for r in audited(timeline)] == [
        ("case_opened", None),
        ("observation", None),
        ("retraction", "amended:2"),
    ]


def test_rows_are_chosen_by_case_by_account_and_by_position(timeline: Timeline) -> None:
    timeline.carry_out([OpenCase(case="one", title="T")], by="ana")
    timeline.carry_out([OpenCase(case="two", title="T")])
    timeline.carry_out([CloseCase(case="one", reason="r")], by="rui")
    assert [r.id for r in audited(timeline, case="one")] == ["one:1", "one:2"]
    assert [r.id for r in audited(timeline, account="rui")] == ["one:2"]
    assert [r.id for r in audited(timeline, account="")] == ["two:1"]
    assert [r.id for r in audited(timeline, after=1, limit=1)] == ["two:1"]


def test_a_store_made_before_the_audit_gains_it_whole_when_first_read(tmp_path: Path) -> None:
    path = tmp_path / "older.db"
    app = new_store(str(path))
    app.carry_out([OpenCase(case="older", title="T"), CloseCase(case="older", reason="r")])
    app.close()
    with sqlite3.connect(path) as db:
        assert not db.execute("SELECT name FROM sqlite_master WHERE name='view_audit'").fetchall()
    reopened = open_timeline(str(path))
    assert [r.id for r in audited(reopened)] == ["older:1", "older:2"]
    reopened.close()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    writes=st.lists(st.tuples(st.integers(0, 2), ACCOUNTS, st.booleans()), min_size=1, max_size=12)
)
def test_every_event_is_in_the_audit_once_whatever_the_catch_ups(
    new_timeline: Callable[[], Timeline], writes: list[tuple[int, str | None, bool]]
) -> None:
    app = new_timeline()
    view = open_audit(app)
    expected: list[tuple[int, str | None]] = []
    opened: set[int] = set()
    for case, account, catch_up_now in writes:
        slug = f"case-{case}"
        if case not in opened:
            instruction: object = OpenCase(case=slug, title="T")
            opened.add(case)
        elif app.get_case(slug).closed:
            instruction = ReopenCase(case=slug, reason="r")
        else:
            instruction = CloseCase(case=slug, reason="r")
        (receipt,) = app.carry_out([instruction], by=account)  # type: ignore[list-item]
        expected.append((receipt.at.position, account))
        if catch_up_now:
            catch_up_audit(app, view)
            catch_up_audit(app, view)  # a second catch-up finds nothing to add
    rows = audited(app, limit=100)
    assert [(r.position, r.account) for r in rows] == expected
