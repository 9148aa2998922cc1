"""Dates and numbers in plain English."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.wording import as_of, noted, number, people, says_number, when


@pytest.mark.parametrize(
    ("date", "phrase"),
    [
        ("2004", "in 2004"),
        ("2009-09", "in September 2009"),
        ("2009-12-23", "on 23 December 2009"),
        ("2007/2009", "between 2007 and 2009"),
        ("2004/..", "from 2004 on"),
        ("2004/", "from 2004 (end unknown)"),
        ("../2009-12", "up to December 2009"),
        ("2004~", "around 2004"),
        ("2004?", "possibly in 2004"),
        ("2004%", "possibly around 2004"),
        ("201X", "in the 2010s"),
        ("2004-06~/2005?", "between around June 2004 and possibly 2005"),
    ],
)
def test_dates_are_told_at_their_real_precision(date: str, phrase: str) -> None:
    assert when(date) == phrase


def test_a_state_is_told_as_of_its_date() -> None:
    assert as_of("2009-12") == "as of December 2009"


@pytest.mark.parametrize(
    ("n", "said"), [(0, "no"), (1, "one"), (9, "nine"), (10, "10"), (1700, "1,700")]
)
def test_one_to_nine_are_words_larger_numbers_digits(n: int, said: str) -> None:
    assert number(n) == said


def test_people_agree_in_number() -> None:
    assert (people(0), people(1), people(12)) == ("nobody", "one person", "12 people")


def test_a_number_already_given_in_words_or_digits_is_recognised() -> None:
    assert says_number("twelve North Korean men", 12) and says_number("the 12 men", 12)
    assert not says_number("North Korean men", 12)


@given(st.text(min_size=1).map(lambda t: t.rstrip(".?!") + "."), st.lists(st.text(min_size=1)))
def test_a_noted_sentence_still_ends_as_a_sentence_and_holds_every_note(
    text: str, notes: list[str]
) -> None:
    said = noted(text, notes)
    assert said.endswith(".") and said.startswith(text[:-1])
    assert all(f"({note})" in said for note in notes)


def test_a_note_goes_before_a_question_mark_too() -> None:
    assert noted("Did they go?", ["according to Kyodo"]) == "Did they go (according to Kyodo)?"
