"""The persisted views: always equal to the pure fold of the events up to their position.

A state machine drives the application with random commands against a plain
model of the rules, and catches the views up in random page sizes, with pages
that fail half-way and rebuilds that are interrupted, checking after every step
that no event was applied twice and none skipped.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from domain.errors import Refused
from domain.recorded import Recorded
from events.instructions import read_instruction
from projections.case_view import case_view
from projections.history import replay_entries
from projections.known import Known
from projections.record import fold
from projections.recorded import read_recorded
from projections.runner import catch_up, open_views, rebuild
from projections.timeline import timeline
from projections.views import apply_page
from storage.location import postgres_store
from storage.postgres import drop_schema
from tests.conftest import new_store, postgres_url
from tests.strategies import case_histories, fact_fields, slugs, sources


class Interrupted(Exception):
    """A crash, simulated."""


def _new_case() -> dict[str, Any]:
    """What the machine knows of a case: closed or not, and its live facts, citations and
    disputes by version (a retracted one is in none)."""
    return {"closed": False, "live": set(), "citations": set(), "disputes": set()}


class ViewsMachine(RuleBasedStateMachine):
    location = ":memory:"
    cases = Bundle("cases")

    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.where = {
            "sqlite": str(Path(self.folder.name) / "t.db"),
            "postgres": postgres_url(),
        }.get(self.location, ":memory:")
        self.app = new_store(self.where)
        self.views = open_views(self.app)
        self.model: dict[str, dict[str, Any]] = {}

    def teardown(self) -> None:
        self.app.close()
        if self.location == "postgres":
            drop_schema(postgres_store(self.where))
        self.folder.cleanup()

    def carry_out(self, line: dict[str, Any], refused: bool) -> int | None:
        try:
            (receipt,) = self.app.carry_out([read_instruction(line)])
        except Refused:
            assert refused, f"refused: {line}"
            return None
        assert not refused, f"accepted: {line}"
        return receipt.id.version

    @initialize(target=cases, slug=slugs)
    def open_first_case(self, slug: str) -> str:
        self.carry_out({"kind": "case_opened", "case": slug, "title": "t"}, refused=False)
        self.model[slug] = _new_case()
        return slug

    @rule(target=cases, slug=slugs)
    def open_case(self, slug: str) -> str:
        self.carry_out({"kind": "case_opened", "case": slug, "title": "t"}, slug in self.model)
        self.model.setdefault(slug, _new_case())
        return slug

    @rule(slug=cases, fields=fact_fields())
    def record_fact(self, slug: str, fields: dict[str, Any]) -> None:
        version = self.carry_out({"case": slug, **fields}, self.model[slug]["closed"])
        if version is not None:
            self.model[slug]["live"].add(version)

    @rule(slug=cases, version=st.integers(1, 12), people=st.integers(1, 99))
    def correct(self, slug: str, version: int, people: int) -> None:
        case = self.model[slug]
        line = {"kind": "correction", "event": f"{slug}:{version}", "changes": {"people": people},
                "reason": "recount"}  # fmt: skip
        # a dispute's values may be corrected (it disputes the number); a citation has none
        correctable = case["live"] | case["disputes"]
        self.carry_out(line, case["closed"] or version not in correctable)

    @rule(slug=cases, version=st.integers(1, 12), source=sources)
    def cite(self, slug: str, version: int, source: dict[str, Any]) -> None:
        case = self.model[slug]
        line = {"kind": "citation", "event": f"{slug}:{version}", "sources": [source]}
        cited = self.carry_out(line, case["closed"] or version not in case["live"])
        if cited is not None:
            case["citations"].add(cited)

    @rule(slug=cases, version=st.integers(1, 12), people=st.integers(0, 99), source=sources)
    def dispute(self, slug: str, version: int, people: int, source: dict[str, Any]) -> None:
        case = self.model[slug]
        line = {"kind": "dispute", "event": f"{slug}:{version}", "values": {"people": people},
                "sources": [source]}  # fmt: skip
        disputed = self.carry_out(line, case["closed"] or version not in case["live"])
        if disputed is not None:
            case["disputes"].add(disputed)

    @rule(slug=cases, version=st.integers(1, 12))
    def retract(self, slug: str, version: int) -> None:
        case = self.model[slug]
        line = {"kind": "retraction", "event": f"{slug}:{version}", "reason": "duplicate"}
        live = case["live"] | case["citations"] | case["disputes"]
        if self.carry_out(line, case["closed"] or version not in live) is not None:
            for versions in (case["live"], case["citations"], case["disputes"]):
                versions.discard(version)

    @rule(slug=cases)
    def close(self, slug: str) -> None:
        line = {"kind": "case_closed", "case": slug, "reason": "done"}
        if self.carry_out(line, self.model[slug]["closed"]) is not None:
            self.model[slug]["closed"] = True

    @rule(slug=cases)
    def reopen(self, slug: str) -> None:
        line = {"kind": "case_reopened", "case": slug, "reason": "new source"}
        if self.carry_out(line, not self.model[slug]["closed"]) is not None:
            self.model[slug]["closed"] = False

    @rule(page=st.integers(1, 5))
    def catch_up_in_pages(self, page: int) -> None:
        catch_up(self.app, self.views, page=page)

    @rule(page=st.integers(1, 5))
    def crash_after_writing_rows_before_tracking(self, page: int) -> None:
        start = self.views.max_tracking_id(self.app.name) or 0
        notifications = self.app.recorder.select_notifications(
            start, page, inclusive_of_start=False
        )
        events = [Recorded(n.id, self.app.mapper.to_domain_event(n)) for n in notifications]
        with pytest.raises(Interrupted), self.views.writing() as writer:
            apply_page(writer, events)
            raise Interrupted

    @precondition(lambda self: (self.app.recorder.max_notification_id() or 0) > 1)
    @rule()
    def rebuild_interrupted_half_way(self) -> None:
        def crash(done: int, total: int) -> None:
            raise Interrupted

        with pytest.raises(Interrupted):
            rebuild(self.app, self.views, progress=crash)

    @rule()
    def rebuild_from_scratch(self) -> None:
        rebuild(self.app, self.views)

    @rule(page=st.integers(1, 5), held=st.integers(0, 6))
    def rebuild_letting_cases_go(self, page: int, held: int) -> None:
        # few entries held: cases are let go and met again between pages
        rebuild(self.app, self.views, page=page, held=held)

    @invariant()
    def views_equal_the_fold_up_to_their_position(self) -> None:
        position = self.views.max_tracking_id(self.app.name) or 0
        record = fold(read_recorded(self.app, until=position))
        assert list(self.views.timeline(include_retracted=True)) == record.entries(True)
        assert self.views.case_views() == [case_view(c) for c in record.cases.values()]

    @invariant()
    def timeline_is_chronological(self) -> None:
        keys = [e.sort_key() for e in self.views.timeline(include_retracted=True)]
        assert keys == sorted(keys)


MACHINE_SETTINGS = settings(
    max_examples=25, stateful_step_count=25, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip


class SQLiteViewsMachine(ViewsMachine):
    location = "sqlite"


class PostgresViewsMachine(ViewsMachine):
    location = "postgres"


TestViewsOnMemory = ViewsMachine.TestCase
TestViewsOnMemory.settings = MACHINE_SETTINGS
TestViewsOnSQLite = SQLiteViewsMachine.TestCase
TestViewsOnSQLite.settings = MACHINE_SETTINGS
TestViewsOnPostgres = PostgresViewsMachine.TestCase
TestViewsOnPostgres.settings = MACHINE_SETTINGS


SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def without_recorded_times(entry: Any) -> dict[str, Any]:
    """An entry as JSON, less the moments of recording (a copied store records anew)."""
    data: dict[str, Any] = entry.model_dump(mode="json")
    del data["recorded"]
    for amendment in [*data["corrections"], data["retraction"] or {}]:
        amendment.pop("recorded", None)
    return data


@SETTINGS
@given(lines=case_histories(), amend=st.lists(st.sampled_from(["keep", "correct", "retract"])),
       data=st.data())  # fmt: skip
def test_as_of_a_position_equals_the_views_of_a_store_holding_only_the_events_up_to_it(
    new_timeline: Any, lines: list[dict[str, Any]], amend: list[str], data: st.DataObject
) -> None:
    app = new_timeline()
    app.carry_out([read_instruction(line) for line in lines])
    for entry, action in zip(list(timeline(app)), amend, strict=False):
        line = {"kind": "correction", "event": entry.id, "changes": {"people": 7}, "reason": "r"}
        if action == "retract":
            line = {"kind": "retraction", "event": entry.id, "reason": "r"}
        if action != "keep":
            app.carry_out([read_instruction(line)])
    position = data.draw(st.integers(0, app.recorder.max_notification_id() or 0))

    copy = new_timeline()
    earlier = [
        read_instruction({k: v for k, v in e.items() if k not in ("position", "recorded", "id")})
        for e in replay_entries(app, known=Known(until=position))
    ]
    if earlier:
        copy.carry_out(earlier)
    as_known = list(timeline(app, known=Known(until=position), include_retracted=True))
    assert [without_recorded_times(e) for e in as_known] == [
        without_recorded_times(e) for e in timeline(copy, include_retracted=True)
    ]


@SETTINGS
@given(lines=case_histories())
def test_as_of_a_moment_ignores_retractions_recorded_later(
    new_timeline: Any, lines: list[dict[str, Any]]
) -> None:
    app = new_timeline()
    app.carry_out([read_instruction(line) for line in lines])
    before = list(timeline(app))
    moment = max(at.recorded for at in read_recorded(app))
    time.sleep(0.001)  # the retractions are recorded strictly later
    for entry in before:
        app.carry_out([read_instruction({"kind": "retraction", "event": entry.id, "reason": "r"})])
    assert list(timeline(app)) == []
    assert list(timeline(app, known=Known(as_of=moment))) == before
