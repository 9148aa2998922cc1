"""Applications and their outcomes are counted, and nothing forces an invented value: a
request says what was asked for, and of whom only where that is known; a source that says
people were not protected, and reports no refusal, is not made a refusal; the totals count
by country who applied and what became of them, and say where no outcome is reported."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cli.kind_options import KIND_OPTIONS
from reports.counts import totals
from reports.sentences import sentence
from reports.summary import summarise
from tests.unit.test_parts import entry, view


def test_a_request_of_an_unknown_authority_names_none() -> None:
    asked = entry("asylum_requested", 2, people=12, applied_for="refugee_status")
    assert sentence(asked) == "In 2018, 12 people applied for refugee status in Mongolia."
    unknown = entry("asylum_requested", 3, people=2, applied_for="unknown", country=None)
    assert sentence(unknown) == "In 2018, two people asked for protection."


def test_no_protection_is_an_outcome_against_people_and_not_a_refusal() -> None:
    said = entry("no_protection", 2, people=3, by="the Mongolian authorities")
    assert sentence(said) == ("In 2018, three people did not receive protection in Mongolia "
                              "from the Mongolian authorities (no refusal is reported).")  # fmt: skip
    counts = summarise([said]).totals
    assert counts.refused == {} and counts.not_protected == {"unknown": 3}
    assert view([said]).status == "no protection"


def test_twelve_who_applied_with_no_outcome_are_said_so_not_hidden_behind_nobody_pending() -> None:
    summary = summarise([entry("asylum_requested", 2, people=12, applied_for="refugee_status")])
    lines = totals(summary.totals, summary.still_pending)
    assert ("Applications: 12 people applied for refugee status in Mongolia, none of whom is "
            "reported to have received it (12 with no outcome reported).") in lines  # fmt: skip
    assert not any(line.endswith("nobody.") for line in lines)
    assert lines[1].endswith("nobody reported pending; 12 people applied with no outcome reported.")


def test_the_outcomes_of_an_application_are_counted_in_the_country_it_was_made_in() -> None:
    applied = entry("asylum_requested", 2, "2017", people=12, group="g")
    refused = entry("application_refused", 3, people=4, group="g")  # no country: Mongolia's
    sent_back = entry("returned", 4, "2019", people=2, within="g")
    (told,) = summarise([applied, refused, sent_back]).totals.applications
    # the two sent back may be two of the four refused: four have an outcome, the latest first
    assert (told.country, told.applied, told.refused, told.returned, told.no_outcome) == (
        "Mongolia", 12, 2, 2, 8)  # fmt: skip


def test_six_refused_and_then_sent_back_are_six_people_not_twelve() -> None:
    applied = entry("asylum_requested", 2, "2017", people=12)
    refused = entry("application_refused", 3, "2018", people=6)
    sent_back = entry("returned", 4, "2019", people=6)
    (told,) = summarise([applied, refused, sent_back]).totals.applications
    assert (told.returned, told.refused, told.no_outcome) == (6, 0, 6)
    assert summarise([applied, sent_back, refused]).totals.applications == (told,)


def test_every_closed_list_is_given_whole_in_the_help_of_its_option() -> None:
    for option in KIND_OPTIONS:
        for kind, said in option["help"].items():
            missing = [c for c in option["choices"] if c not in said]
            assert not missing, (option["option"], kind, missing)


SEEN = {"examples": 0, "answered": 0}


@settings(max_examples=300, deadline=None, database=None)
@given(
    applied=st.lists(st.tuples(st.sampled_from([None, "a"]), st.integers(1, 30)), min_size=1,
                     max_size=3),
    answers=st.lists(st.tuples(st.sampled_from(["asylum_granted", "application_refused",
                                                "no_protection", "returned", "detained"]),
                               st.sampled_from([None, "a"]), st.integers(1, 30)), max_size=4),
)  # fmt: skip
def test_who_applied_are_those_with_an_outcome_and_those_with_none_reported(
    applied: list[tuple[str | None, int]], answers: list[tuple[str, str | None, int]]
) -> None:
    entries = [entry("asylum_requested", v, "2015", people=n, group=g)
               for v, (g, n) in enumerate(applied, 2)]  # fmt: skip
    entries += [entry(kind, v, "2016", people=n, group=g, **({"country": "Mongolia"}
                      if kind in ("asylum_granted", "no_protection") else {}))
                for v, (kind, g, n) in enumerate(answers, len(entries) + 2)]  # fmt: skip
    (row,) = summarise(entries).totals.applications
    groups = {g for g, _ in applied}
    assert row.applied == sum(_applied(applied, g) for g in groups)
    assert row.no_outcome == sum(max(0, _applied(applied, g) - _answered(answers, g))
                                 for g in groups)  # fmt: skip
    assert row.applied == (row.granted + row.returned + row.refused + row.not_protected
                           + row.no_outcome)  # fmt: skip
    unanswered = {g for g in groups if not any(g2 == g and k != "detained"
                                               for k, g2, _ in answers)}  # fmt: skip
    if unanswered == groups:
        assert row.no_outcome == row.applied
    SEEN["examples"] += 1
    SEEN["answered"] += unanswered != groups


def _applied(applied: list[tuple[str | None, int]], group: str | None) -> int:
    """The rule, written plainly: a group's largest number."""
    return max(n for g, n in applied if g == group)


def _answered(answers: list[tuple[str, str | None, int]], group: str | None) -> int:
    """The group's largest number given an outcome: they may be the same people."""
    return max([n for kind, g, n in answers if g == group and kind != "detained"], default=0)


def test_the_property_met_applications_with_outcomes() -> None:
    SEEN.update({"examples": 0, "answered": 0})
    test_who_applied_are_those_with_an_outcome_and_those_with_none_reported()
    assert SEEN["answered"] >= 100, SEEN


def test_the_outcomes_of_parts_named_apart_add_up_and_never_exceed_who_applied() -> None:
    applied = entry("asylum_requested", 2, "2009", people=12)
    refused = entry("application_refused", 3, "2010", people=3, group="a", within="main group")
    sent_back = entry("returned", 4, "2010", people=4, group="b", within="main group")
    granted = entry(
        "asylum_granted", 5, "2010", people=5, group="c", within="main group", country="Mongolia"
    )
    (told,) = summarise([applied, refused, sent_back, granted]).totals.applications
    assert (told.granted, told.returned, told.refused, told.no_outcome) == (5, 4, 3, 0)
    more = entry(
        "asylum_granted", 6, "2011", people=9, group="d", within="main group", country="Mongolia"
    )
    (capped,) = summarise([applied, refused, sent_back, granted, more]).totals.applications
    assert capped.applied == 12 and capped.no_outcome == 0
    assert capped.granted + capped.returned + capped.refused + capped.not_protected == 12
