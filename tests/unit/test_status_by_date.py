"""Status follows time: a group's status is its latest outcome by date; the ranking of
outcomes orders only those whose dates overlap, and the status then says so. A person sent
back in 2007 who was granted temporary protection in 2016 is protected, not returned."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from projections.case_view import CaseView
from projections.record import TimelineEntry
from reports.summary import summarise
from tests.unit.test_parts import _FIELDS, entry, view


def test_a_return_then_a_protection_years_later_reads_protected() -> None:
    returned = entry("returned", 2, "2007", people=1)
    protected = entry("protection_granted", 3, "2016", people=1)
    shown = view([returned, protected])
    assert shown.status == "protected"
    assert shown.groups[0].said == "returned (2007), then protected (2016)"


def test_an_escape_of_1997_does_not_outrank_a_grant_of_2016() -> None:
    shown = view([entry("asylum_granted", 2, "2016", people=1),
                  entry("returned", 3, "1997", people=1)])  # fmt: skip
    assert shown.status == "granted"


def test_outcomes_whose_dates_overlap_are_ordered_by_the_ranking_and_said_to_overlap() -> None:
    shown = view([entry("asylum_granted", 2, "2009", people=1),
                  entry("application_refused", 3, "2009-05", people=1)])  # fmt: skip
    assert shown.status == "granted"
    assert shown.groups[0].said == "granted or refused: the dates overlap"


def test_the_latest_outcome_alone_says_no_more_than_its_name() -> None:
    shown = view([entry("detained", 2, "2008", people=3), entry("returned", 3, "2009", people=3)])
    assert (shown.status, shown.groups[0].said) == ("returned", "")


def test_a_part_takes_the_later_outcomes_of_its_whole_group() -> None:
    pending = entry("application_pending", 2, "2009", people=6, within="g")
    arrived = entry("arrived", 3, "2010", people=40, group="g")
    assert [g.status for g in view([pending, arrived]).groups] == ["arrived", "arrived"]
    assert summarise([pending, arrived]).still_pending == 0


@st.composite
def outcomes(draw: st.DrawFn) -> list[TimelineEntry]:
    """Outcomes of one group (and an observation or two), each dated a year, a month or a
    span of years."""
    found = []
    for version in range(2, draw(st.integers(3, 9))):
        year = draw(st.integers(1995, 2015))
        date = draw(st.sampled_from([str(year), f"{year}-{draw(st.integers(1, 12)):02d}",
                                     f"{year}/{year + draw(st.integers(1, 3))}"]))  # fmt: skip
        found.append(entry(draw(st.sampled_from(sorted(_FIELDS))), version, date, people=2))
    return found


def _said(shown: CaseView) -> list[tuple[Any, ...]]:
    return [(g.name, g.status, g.said) for g in shown.groups]


SEEN = {"examples": 0, "outranked": 0}


@settings(max_examples=300, deadline=None, database=None)
@given(entries=outcomes(), kind=st.sampled_from(sorted(set(_FIELDS) - {"observation"})),
       seed=st.integers())  # fmt: skip
def test_an_outcome_dated_after_every_other_is_the_status_whatever_the_order(
    entries: list[TimelineEntry], kind: str, seed: int
) -> None:
    last = entry(kind, len(entries) + 2, "2020", people=2)
    shuffled = [*entries, last]
    random.Random(seed).shuffle(shuffled)
    renumbered = [e.model_copy(update={"position": i}) for i, e in enumerate(shuffled, 2)]
    shown = view(renumbered)
    expected = view([entry(kind, 2, "2020", people=2)]).status
    assert shown.status == expected
    assert _said(shown) == _said(view([*entries, last]))
    SEEN["examples"] += 1
    SEEN["outranked"] += bool(shown.groups[0].said)


def test_the_property_met_later_outcomes_that_the_ranking_would_have_hidden() -> None:
    SEEN.update({"examples": 0, "outranked": 0})
    test_an_outcome_dated_after_every_other_is_the_status_whatever_the_order()
    assert SEEN["outranked"] >= 60, SEEN


@settings(max_examples=300, deadline=None, database=None)
@given(entries=outcomes(), seed=st.integers())
def test_the_order_the_events_were_recorded_in_never_changes_a_status(
    entries: list[TimelineEntry], seed: int
) -> None:
    shuffled = entries[:]
    random.Random(seed).shuffle(shuffled)
    renumbered = [e.model_copy(update={"position": i}) for i, e in enumerate(shuffled, 2)]
    assert (view(renumbered).status, _said(view(renumbered))) == (
        view(entries).status,
        _said(view(entries)),
    )
    assert summarise(renumbered).still_pending == summarise(entries).still_pending
