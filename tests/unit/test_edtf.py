"""Our EDTF subset: examples, and the `edtf` package as an oracle for generated strings."""

from __future__ import annotations

from datetime import date

import edtf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from events.edtf import EdtfError, Precision, parse_edtf
from tests.strategies import edtf_dates


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("2004", date(2004, 1, 1), date(2004, 12, 31)),
        ("2009-09", date(2009, 9, 1), date(2009, 9, 30)),
        ("2008-02", date(2008, 2, 1), date(2008, 2, 29)),
        ("2009-12-23", date(2009, 12, 23), date(2009, 12, 23)),
        ("2007/2009", date(2007, 1, 1), date(2009, 12, 31)),
        ("201X", date(2010, 1, 1), date(2019, 12, 31)),
        ("19XX", date(1900, 1, 1), date(1999, 12, 31)),
        ("2004-XX", date(2004, 1, 1), date(2004, 12, 31)),
        ("2004-06-XX", date(2004, 6, 1), date(2004, 6, 30)),
        ("2004~", date(2004, 1, 1), date(2004, 12, 31)),
        ("2007-XX/2009", date(2007, 1, 1), date(2009, 12, 31)),
        ("2004/..", date(2004, 1, 1), None),
        ("../2009-12", None, date(2009, 12, 31)),
        ("2004/", date(2004, 1, 1), None),
    ],
)
def test_bounds_are_the_earliest_and_latest_possible_day(
    text: str, earliest: date | None, latest: date | None
) -> None:
    parsed = parse_edtf(text)
    assert (parsed.earliest, parsed.latest) == (earliest, latest)


def test_qualifiers_say_approximate_and_uncertain() -> None:
    assert parse_edtf("2004~").start.approximate  # type: ignore[union-attr]
    assert parse_edtf("2004?").start.uncertain  # type: ignore[union-attr]
    both = parse_edtf("2004%").start
    assert both is not None and both.approximate and both.uncertain


def test_precision_is_as_given_never_more() -> None:
    assert parse_edtf("2009-09").start.precision is Precision.MONTH  # type: ignore[union-attr]
    assert parse_edtf("2004").start.precision is Precision.YEAR  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2010-02-29", "day 29 does not exist"),
        ("2009-13", "month 13 does not exist"),
        ("2009/2007", "ends before it starts"),
        ("2001-21", "seasons are not supported"),
        ("1985-04-12T23:20:30", "times of day"),
        ("0000", "before 0001"),
        ("../..", "at least one known end"),
        ("Sept 2009", "is not an EDTF date"),
        (" 2004", "spaces"),
        ("2004-XX-12", "cannot be known when the month is not"),
    ],
)
def test_invalid_dates_are_refused_with_the_reason(text: str, says: str) -> None:
    with pytest.raises(EdtfError, match=says):
        parse_edtf(text)


def _oracle_bounds(text: str) -> tuple[date | None, date | None] | None:
    """The package's strict bounds, or None where it cannot parse what EDTF allows.

    It fails on unspecified digits inside intervals (`2007-XX/2009`, `100X/..`),
    which EDTF level 2 allows and we accept; everything else must agree.
    """
    try:
        parsed = edtf.parse_edtf(text)
    except (AttributeError, TypeError, edtf.EDTFParseException):
        if "/" in text and "X" in text:
            return None
        raise

    def day(value: object) -> date | None:
        if isinstance(value, float):  # edtf gives +-inf for open ends
            return None
        return date(value.tm_year, value.tm_mon, value.tm_mday)  # type: ignore[attr-defined]

    return day(parsed.lower_strict()), day(parsed.upper_strict())


def assert_same_bounds_as_the_package(text: str) -> bool:
    """Compare our bounds with the package's; False where it cannot parse the date."""
    ours = parse_edtf(text)
    oracle = _oracle_bounds(text)
    if oracle is None:
        return False
    low, high = oracle
    # the package invents +-10 years for an unknown end (`2004/`); we say "unknown"
    if not text.startswith("/"):
        assert ours.earliest == low
    if not text.endswith("/"):
        assert ours.latest == high
    return True


def test_bounds_agree_with_the_edtf_package() -> None:
    compared = 0

    @settings(max_examples=300, deadline=None, database=None)
    @given(edtf_dates())
    def agree(text: str) -> None:
        nonlocal compared
        compared += assert_same_bounds_as_the_package(text)

    agree()
    # the package fails only on unknown digits inside intervals (about half the intervals
    # generated): the others, points and intervals alike, all reach the comparison
    assert compared >= 100


@st.composite
def near_dates(draw: st.DrawFn) -> str:
    """Strings of the date grammar's parts, valid or not: any year, month and day numbers."""
    year = draw(st.sampled_from(["0000", "0001", "1999", "2004", "2010", "201X", "19XX"]))
    month = draw(st.sampled_from(["", "-00", "-01", "-02", "-12", "-13", "-21", "-XX"]))
    day = draw(st.sampled_from(["", "-00", "-01", "-28", "-29", "-30", "-31", "-32", "-XX"]))
    point = year + month + (day if month else "") + draw(st.sampled_from(["", "~", "?", "%"]))
    return draw(st.sampled_from([point, f"{point}/..", f"../{point}", f"{point}/2010"]))


def test_what_we_accept_the_edtf_package_accepts_with_the_same_bounds() -> None:
    compared = 0

    @settings(max_examples=500, deadline=None, database=None)
    @given(near_dates())
    def agree_when_accepted(text: str) -> None:
        nonlocal compared
        try:
            parse_edtf(text)
        except EdtfError:
            return
        compared += assert_same_bounds_as_the_package(text)

    agree_when_accepted()
    assert compared >= 60  # a good share of the generated strings are dates we accept
