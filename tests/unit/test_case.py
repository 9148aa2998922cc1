"""The Case aggregate's rules."""

from __future__ import annotations

import pytest

from domain.case import Case
from domain.errors import (
    CaseClosed,
    CaseNotClosed,
    EventAlreadyRetracted,
    EventNotFound,
    InvalidCorrection,
)
from events.facts import FACT, Fact

KYODO = [{"outlet": "Kyodo", "published": "2009-12-23"}]


def arrived(**extra: object) -> Fact:
    return FACT.validate_python({"kind": "arrived", "date": "2009-09", "destination": "South Korea",
                                 "text": "t", "sources": KYODO, **extra})  # fmt: skip


def test_the_same_slug_always_reaches_the_same_case() -> None:
    assert Case.create_id("amur-2009-group") == Case(slug="amur-2009-group", title="t").id


def test_recorded_fact_is_named_by_case_and_position() -> None:
    case = Case(slug="amur", title="t")
    assert str(case.record(arrived())) == "amur:2"


def test_no_events_on_a_closed_case() -> None:
    case = Case(slug="amur", title="t")
    case.close("done")
    with pytest.raises(CaseClosed):
        case.record(arrived())


def test_a_reopened_case_takes_events_again() -> None:
    case = Case(slug="amur", title="t")
    case.close("done")
    case.reopen("new source")
    assert case.record(arrived()).version == 4


def test_only_a_closed_case_can_be_reopened() -> None:
    with pytest.raises(CaseNotClosed):
        Case(slug="amur", title="t").reopen("why")


def test_correction_must_name_an_existing_event() -> None:
    with pytest.raises(EventNotFound):
        Case(slug="amur", title="t").correct(7, {"people": 3}, "why", ())


def test_correction_of_a_retracted_event_is_refused() -> None:
    case = Case(slug="amur", title="t")
    target = case.record(arrived()).version
    case.retract(target, "duplicate")
    with pytest.raises(EventAlreadyRetracted):
        case.correct(target, {"people": 3}, "why", ())


def test_an_event_is_retracted_only_once() -> None:
    case = Case(slug="amur", title="t")
    target = case.record(arrived()).version
    case.retract(target, "duplicate")
    with pytest.raises(EventAlreadyRetracted):
        case.retract(target, "again")


def test_a_correction_with_an_invalid_value_is_refused_naming_it() -> None:
    case = Case(slug="amur", title="t")
    target = case.record(arrived()).version
    with pytest.raises(InvalidCorrection, match="date: '2009-02-30'"):
        case.correct(target, {"date": "2009-02-30"}, "why", ())


def test_a_correction_records_the_checked_values_and_leaves_the_recorded_event_as_it_was() -> None:
    case = Case(slug="amur", title="t")
    target = case.record(arrived(people=12)).version
    case.correct(target, {"people": 11}, "recount", ())
    _, recorded, correction = case.collect_events()
    assert correction.changes == {"people": 11}  # type: ignore[attr-defined]
    assert recorded.fact.people == 12  # type: ignore[attr-defined]


@pytest.mark.parametrize("people", ["11", 11.0, True, -1, 10**10 + 1])
def test_a_correction_of_people_takes_only_a_json_integer_in_range(people: object) -> None:
    case = Case(slug="amur", title="t")
    target = case.record(arrived(people=12)).version
    with pytest.raises(InvalidCorrection, match="people: "):
        case.correct(target, {"people": people}, "recount", ())
