"""Groups within a case: people are counted once, and none are lost.

A group's size is the largest number any of its events gives it; a case's people are
the sum of its groups; the totals count each group once per outcome.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from events.facts import FACT
from events.ids import EventId
from projections.case_view import case_view, groups_of, people_in
from projections.record import CaseRecord, TimelineEntry, make_entry
from reports.summary import summarise

KYODO = [{"outlet": "Kyodo", "published": "2009-12-23"}]
NOW = datetime(2026, 11, 28, tzinfo=UTC)
_FIELDS = {"arrived": {"destination": "South Korea"}, "asylum_granted": {"country": "South Korea"},
           "returned": {"country": "North Korea"}, "observation": {},
           "figure_reported": {"population": "workers", "region": "Amur"}}  # fmt: skip


def entry(kind: str = "arrived", version: int = 2, case: str = "c", **fields: Any) -> TimelineEntry:
    data = {"kind": kind, "date": "2009", "text": "t", "sources": KYODO, **_FIELDS[kind], **fields}
    return make_entry(EventId(case, version), FACT.validate_python(data), version, NOW)


def view(*entries: TimelineEntry) -> Any:
    return case_view(CaseRecord("c", "t", 1, entries={e.version: e for e in entries}))


def test_a_case_about_two_groups_counts_the_people_of_both() -> None:
    at_consulate = entry("observation", 2, people=2)
    sent_back = entry("returned", 3, people=2, group="the two sent back")
    shown = view(at_consulate, sent_back)
    assert shown.people == 4
    assert [(g.name, g.people) for g in shown.groups] == [(None, 2), ("the two sent back", 2)]


def test_events_without_a_group_keep_the_largest_number_as_before() -> None:
    assert view(entry(version=2, people=1), entry(version=3, people=2)).people == 2


def test_figures_reported_belong_to_no_group() -> None:
    shown = view(entry(version=2, people=3), entry("figure_reported", 3, people=1700))
    assert shown.people == 3 and len(shown.groups) == 1


@st.composite
def case_entries(draw: st.DrawFn) -> list[TimelineEntry]:
    """Events of one case about a few groups (None: the main group), some without a number."""
    groups = st.sampled_from([None, "a", "b", "c"])
    kinds = st.sampled_from(["arrived", "observation", "returned", "figure_reported"])
    found = []
    for version in range(2, draw(st.integers(2, 12))):
        kind = draw(kinds)
        n = draw(st.integers(0, 40)) if kind == "figure_reported" else draw(
            st.none() | st.integers(0, 40))  # fmt: skip
        found.append(entry(kind, version, people=n, group=draw(groups)))
    return found


def _expected(entries: list[TimelineEntry]) -> int | None:
    """The rule, written plainly: per group the largest number, summed (a 0, stored before it
    was refused, gives no size)."""
    largest: dict[str | None, int] = {}
    for e in entries:
        if e.people and e.kind != "figure_reported":
            largest[e.group] = max(largest.get(e.group, 0), e.people)
    return sum(largest.values()) if largest else None


@settings(max_examples=200, deadline=None)
@given(entries=case_entries(), seed=st.integers())
def test_a_cases_people_are_the_sum_of_its_groups_whatever_the_order_of_events(
    entries: list[TimelineEntry], seed: int
) -> None:
    shuffled = entries[:]
    random.Random(seed).shuffle(shuffled)
    renumbered = [e.model_copy(update={"position": i}) for i, e in enumerate(shuffled, 2)]
    shown = view(*renumbered)
    assert shown.people == _expected(entries)
    assert shown.people == people_in(shown.groups)


def split_off(entries: list[TimelineEntry], data: st.DataObject) -> list[TimelineEntry]:
    """`entries` with some of the main group's events (drawn from `data`) moved to another."""
    return [
        e.model_copy(update={"group": "split off"})
        if e.group is None and data.draw(st.booleans())
        else e
        for e in entries
    ]


@settings(max_examples=200, deadline=None)
@given(entries=case_entries(), data=st.data())
def test_splitting_one_groups_events_across_two_groups_never_lowers_the_count(
    entries: list[TimelineEntry], data: st.DataObject
) -> None:
    split = split_off(entries, data)
    assert (people_in(groups_of(split)) or 0) >= (people_in(groups_of(entries)) or 0)


def test_each_group_is_counted_once_per_outcome_in_the_totals() -> None:
    totals = summarise([
        entry(version=2, people=12), entry(version=3, people=12, date="2009-10"),
        entry(version=4, people=2, group="later"),
    ]).totals  # fmt: skip
    assert totals.reached == {"South Korea": 14}


def test_an_arrival_and_asylum_granted_by_the_same_country_are_one_protection() -> None:
    totals = summarise([
        entry("asylum_granted", 2, people=1), entry("arrived", 3, people=1),
        entry("asylum_granted", 2, case="d", people=3),
        entry("arrived", 2, case="e", people=2, destination="United States"),
    ]).totals  # fmt: skip
    assert totals.protection == {"South Korea": 4, "United States": 2}


@st.composite
def outcomes(draw: st.DrawFn) -> list[TimelineEntry]:
    found = []
    for version in range(2, draw(st.integers(3, 12))):
        kind = draw(st.sampled_from(["arrived", "asylum_granted", "returned"]))
        country = draw(st.sampled_from(["South Korea", "United States"]))
        where = {"destination": country} if kind == "arrived" else {"country": country}
        found.append(entry(kind, version, case=draw(st.sampled_from(["c", "d"])),
                           people=draw(st.integers(0, 30)),
                           group=draw(st.sampled_from([None, "a"])), **where))  # fmt: skip
    return found


def test_protection_totals_are_the_sums_of_each_groups_largest_number() -> None:
    non_empty = 0

    @settings(max_examples=150, deadline=None, database=None)
    @given(entries=outcomes())
    def agree(entries: list[TimelineEntry]) -> None:
        nonlocal non_empty
        largest: dict[tuple[str, str, str | None], int] = {}
        for e in entries:
            if e.kind != "returned" and e.people is not None:
                country = str(e.details.get("destination") or e.details.get("country"))
                key = (country, e.case, e.group)
                largest[key] = max(largest.get(key, 0), e.people)
        expected: dict[str, int] = {}
        for (country, _, _), n in largest.items():
            expected[country] = expected.get(country, 0) + n
        assert summarise(entries).totals.protection == expected
        non_empty += bool(expected)

    agree()
    assert non_empty >= 100


def test_a_group_still_pending_is_counted_though_another_group_of_its_case_arrived() -> None:
    fields = {"kind": "application_pending", "date": "2009-12", "text": "t", "sources": KYODO,
              "handled_by": "UNHCR", "people": 4, "group": "four others"}  # fmt: skip
    pending = make_entry(EventId("c", 3), FACT.validate_python(fields), 3, NOW)
    summary = summarise([entry(version=2, people=12), pending])
    assert summary.still_pending == 4
