"""A case's span as written: its start and end as the dates of its events say them
(`199X to 2009-12`), never days the record does not have."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from events.edtf import parse_edtf
from tests.strategies import edtf_dates
from tests.unit.test_groups import entry, view

REACHED = {"with ends": 0}


@settings(max_examples=300, deadline=None)
@given(st.lists(edtf_dates(), min_size=1, max_size=6))
def test_the_span_as_written_has_the_case_s_earliest_and_latest_days(dates: list[str]) -> None:
    shown = view(*(entry("observation", n + 2, date=d) for n, d in enumerate(dates)))
    if shown.earliest is None:
        assert shown.first is None
    else:
        assert shown.first is not None
        assert parse_edtf(shown.first).earliest == shown.earliest
        assert any(shown.first in d.split("/") for d in dates)
    if shown.latest is None:
        assert shown.last is None
    else:
        assert shown.last is not None
        assert parse_edtf(shown.last).latest == shown.latest
        assert any(shown.last in d.split("/") for d in dates)
    REACHED["with ends"] += shown.earliest is not None and shown.latest is not None


def test_the_span_property_reached_cases_with_both_ends() -> None:
    test_the_span_as_written_has_the_case_s_earliest_and_latest_days()
    assert REACHED["with ends"] >= 100


def test_a_decade_and_an_open_start_are_said_as_written() -> None:
    shown = view(
        entry("observation", 2, date="199X/200X"), entry("observation", 3, date="../2009-12")
    )
    assert (shown.first, shown.last) == ("199X", "2009-12")
    assert (str(shown.earliest), str(shown.latest)) == ("1990-01-01", "2009-12-31")
