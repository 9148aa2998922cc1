"""The service's reads of the views' stored JSON (`reads.timeline_json`, `case_json`,
`cases_json`): the same documents the models' reads give, of the cases the reader sees, on
every backend (in memory there is no stored JSON: None, and the models' read is taken)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reads
from domain.access import Account, Policy, Role
from domain.application import Timeline
from domain.errors import CaseNotFound
from events.facts import FACT_KINDS
from events.instructions import read_instruction
from tests.strategies import case_histories

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def recorded(app: Timeline, lines: list[dict[str, Any]], retracted: list[bool]) -> list[str]:
    """`lines` recorded, some of their events retracted; the cases' slugs."""
    app.carry_out([read_instruction(line) for line in lines])
    for entry, retract in zip(list(reads.timeline(app, None)), retracted, strict=False):
        if retract:
            app.carry_out([read_instruction({"kind": "retraction", "event": entry.id,
                                             "reason": "r"})])  # fmt: skip
    return [line["case"] for line in lines if line["kind"] == "case_opened"]


@st.composite
def policies(draw: st.DrawFn, slugs: list[str]) -> Policy | None:
    """The command line's (None), or an account's: the first case restricted, each other
    restricted or not, and each restricted one granted it or not."""
    if draw(st.integers(0, 3)) == 0:
        return None
    restricted = frozenset(slug for n, slug in enumerate(slugs) if n == 0 or draw(st.booleans()))
    granted = frozenset(slug for slug in restricted if draw(st.booleans()))
    return Policy(Account("someone", draw(st.sampled_from(list(Role)))), restricted, granted)


def parsed(documents: Any) -> list[Any]:
    return [orjson.loads(document) for document in documents]


def test_stored_reads_give_the_documents_the_models_reads_give(
    new_timeline: Callable[[], Timeline],
) -> None:
    reached = {"timelines": 0, "cases": 0, "lists": 0, "hidden": 0}

    @SETTINGS
    @given(lines=case_histories(), retracted=st.lists(st.booleans()), data=st.data())
    def check(lines: list[dict[str, Any]], retracted: list[bool], data: st.DataObject) -> None:
        app = new_timeline()
        slugs = recorded(app, lines, retracted)
        policy = data.draw(policies(slugs))
        kinds = data.draw(st.lists(st.sampled_from(sorted(FACT_KINDS)), max_size=2))
        for named in [[], *[[slug] for slug in slugs]]:
            if policy is not None and named and not policy.sees(named[0]):
                with pytest.raises(CaseNotFound):
                    reads.timeline_json(app, policy, named)
                with pytest.raises(CaseNotFound):
                    reads.case_json(app, policy, named[0])
                reached["hidden"] += 1
                continue
            for include_retracted in (False, True):
                asked: dict[str, Any] = dict(kinds=kinds, include_retracted=include_retracted)
                stored = reads.timeline_json(app, policy, named, **asked)
                expected = reads.timeline(app, policy, named, **asked)
                if stored is not None:
                    assert parsed(stored) == [e.model_dump(mode="json") for e in expected]
                    reached["timelines"] += 1
            if named:
                view = reads.case_json(app, policy, named[0])
                if view is not None:
                    model = reads.case(app, policy, named[0])
                    assert orjson.loads(view) == model.model_dump(mode="json")
                    reached["cases"] += 1
        listed = reads.cases_json(app, policy)
        if listed is not None:
            assert parsed(listed) == [v.model_dump(mode="json") for v in reads.cases(app, policy)]
            reached["lists"] += 1

    check()
    if reached["lists"]:  # the views hold JSON: not in memory
        assert reached["timelines"] >= 2 * SETTINGS.max_examples, reached
        assert reached["cases"] >= SETTINGS.max_examples // 2, reached
        assert reached["lists"] == SETTINGS.max_examples, reached
        assert reached["hidden"] >= 1, reached
