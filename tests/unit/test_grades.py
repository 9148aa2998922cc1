"""Source grades in the Admiralty style: reliability of the source A-F, credibility of the
information 1-6."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from events.facts import FACT
from events.ids import EventId
from events.sources import Source, check_grade
from projections.record import make_entry
from reports.summary import summarise

grades = st.builds(lambda r, c: f"{r}{c}", st.sampled_from("ABCDEF"), st.sampled_from("123456"))


def source(grade: str | None) -> Source:
    return Source(outlet="K", published="2009", grade=grade)


@pytest.mark.parametrize("grade", ["B7", "G1", "b2", "B", "B22", "", "B2\n"])
def test_a_grade_off_the_scales_is_refused(grade: str) -> None:
    with pytest.raises(ValidationError, match="reliability A-F"):
        source(grade)


def test_a_grade_as_typed_is_read_in_capitals() -> None:
    assert check_grade(" b2 ") == "B2"


@given(grade=grades, stricter=grades, looser=grades)
def test_meeting_a_minimum_means_meeting_every_looser_one(
    grade: str, stricter: str, looser: str
) -> None:
    if all(s <= lo for s, lo in zip(stricter, looser, strict=True)):
        assert not source(grade).graded_at_least(stricter) or source(grade).graded_at_least(looser)


@given(grade=grades)
def test_a_grade_meets_itself_and_an_ungraded_source_meets_nothing(grade: str) -> None:
    assert source(grade).graded_at_least(grade) and not source(None).graded_at_least("F6")


@pytest.mark.parametrize(("grade", "low"), [("A1", False), ("C3", False), ("D1", True),
                                            ("A4", True), ("F6", True), (None, False)])  # fmt: skip
def test_a_grade_is_low_from_d_or_from_4(grade: str | None, low: bool) -> None:
    assert source(grade).graded_low() is low


def _told(*grades: str | None) -> tuple[str, ...]:
    sources = [{"outlet": f"S{i}", "published": "2009", "grade": g} for i, g in enumerate(grades)]
    fact = FACT.validate_python({"kind": "observation", "date": "2009", "text": "They left.",
                                 "sources": sources})  # fmt: skip
    entry = make_entry(EventId("c", 2), fact, 2, datetime(2026, 1, 1, tzinfo=UTC))
    return summarise([entry]).periods[0].sentences[0].notes


def test_a_sentence_resting_only_on_low_grades_says_the_report_is_unconfirmed() -> None:
    assert _told("E5", "D2") == ("according to an unconfirmed report",)


def test_one_well_graded_or_ungraded_source_is_enough_to_tell_it_plainly() -> None:
    assert _told("E5", "B2") == () and _told("E5", None) == ()
