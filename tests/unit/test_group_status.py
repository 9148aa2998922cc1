"""A case's status with groups: each group's furthest outcome is its own, so a case one
group of which reached safety and another of which was sent back says both, the furthest
first, and no group's outcome hides another's."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from events.facts import FACT
from events.ids import EventId
from projections.case_view import CaseView, case_view
from projections.record import CaseRecord, TimelineEntry, make_entry
from tests.unit.test_groups import KYODO, NOW, split_off

_FIELDS: dict[str, dict[str, Any]] = {
    "observation": {},
    "fled_to_mission": {"mission": "Consulate", "mission_country": "South Korea"},
    "detained": {},
    "released": {},
    "application_pending": {"handled_by": "UNHCR"},
    "application_refused": {"applied_for": "asylum", "refused_by": "FMS"},
    "protection_granted": {"protection": "registration", "granted_by": "UNHCR"},
    "asylum_granted": {"country": "South Korea"},
    "departed_to_third_country": {"origin": "Russia", "destination": "South Korea"},
    "arrived": {"destination": "South Korea"},
    "returned": {"country": "North Korea"},
}
_FURTHEST = ["open", "asylum requested", "detained", "released", "pending", "refused",
             "protected", "granted", "departed", "arrived", "returned"]  # fmt: skip
_STAGE = {"observation": "open", "fled_to_mission": "asylum requested", "detained": "detained",
          "released": "released", "application_pending": "pending",
          "application_refused": "refused", "protection_granted": "protected",
          "asylum_granted": "granted", "departed_to_third_country": "departed",
          "arrived": "arrived", "returned": "returned"}  # fmt: skip
"""The rule, written plainly: the stage each kind reaches, and the stages in order."""


def entry(kind: str, version: int, group: str | None = None) -> TimelineEntry:
    data = {"kind": kind, "date": "2009", "text": "t", "sources": KYODO, "people": 2,
            "group": group, **_FIELDS[kind]}  # fmt: skip
    return make_entry(EventId("c", version), FACT.validate_python(data), version, NOW)


def view(entries: list[TimelineEntry], closed: bool = False) -> CaseView:
    record = CaseRecord("c", "t", 1, closed=closed, entries={e.version: e for e in entries})
    return case_view(record)


def test_a_case_one_group_of_which_arrived_and_another_was_returned_says_both() -> None:
    shown = view([entry("arrived", 2), entry("returned", 3, group="two others")])
    assert shown.status == "returned, arrived"
    assert [g.status for g in shown.groups] == ["arrived", "returned"]


def test_asylum_granted_to_one_group_does_not_hide_anothers_pending_application() -> None:
    shown = view([entry("application_pending", 2), entry("asylum_granted", 3, group="three")])
    assert shown.status == "granted, pending"


def test_a_refusal_of_one_group_is_said_beside_anothers_arrival() -> None:
    shown = view([entry("arrived", 2, group="twelve"), entry("application_refused", 3)])
    assert shown.status == "arrived, refused"


def test_groups_with_no_outcome_yet_are_left_out_and_a_closed_case_says_closed() -> None:
    entries = [entry("observation", 2), entry("returned", 3, group="two")]
    assert view(entries).status == "returned"
    assert view([entry("observation", 2)]).status == "open"
    assert view(entries, closed=True).status == "closed"


@st.composite
def case_entries(draw: st.DrawFn) -> list[TimelineEntry]:
    """Events of one case about a few groups (None: the main group), of every stage."""
    groups = st.sampled_from([None, "a", "b"])
    kinds = st.sampled_from(sorted(_FIELDS))
    return [entry(draw(kinds), v, draw(groups)) for v in range(2, draw(st.integers(3, 14)))]


def _expected(entries: list[TimelineEntry]) -> list[str]:
    """Each group's furthest stage, the furthest first, without repeats nor `open`."""
    furthest: dict[str | None, int] = {}
    for e in entries:
        furthest[e.group] = max(furthest.get(e.group, 0), _FURTHEST.index(_STAGE[e.kind]))
    reached = sorted({n for n in furthest.values() if n}, reverse=True)
    return [_FURTHEST[n] for n in reached] or ["open"]


SEEN = {"examples": 0, "several outcomes": 0}


@settings(max_examples=300, deadline=None, database=None)
@given(entries=case_entries(), seed=st.integers())
def test_a_cases_status_names_each_groups_furthest_outcome_whatever_the_order(
    entries: list[TimelineEntry], seed: int
) -> None:
    shuffled = entries[:]
    random.Random(seed).shuffle(shuffled)
    renumbered = [e.model_copy(update={"position": i}) for i, e in enumerate(shuffled, 2)]
    status = view(renumbered).status
    assert status.split(", ") == _expected(entries)
    SEEN["examples"] += 1
    SEEN["several outcomes"] += status.count(", ") > 0


def test_the_property_met_cases_whose_groups_reached_different_outcomes() -> None:
    SEEN.update({"examples": 0, "several outcomes": 0})
    test_a_cases_status_names_each_groups_furthest_outcome_whatever_the_order()
    assert SEEN["several outcomes"] >= 100, SEEN


@settings(max_examples=200, deadline=None, database=None)
@given(entries=case_entries(), data=st.data())
def test_splitting_one_groups_events_across_two_groups_never_loses_an_outcome(
    entries: list[TimelineEntry], data: st.DataObject
) -> None:
    split = split_off(entries, data)
    before = set(view(entries).status.split(", ")) - {"open"}
    assert before <= set(view(split).status.split(", "))
