"""The summary's prose, one rule per fix: a date the text gives is not repeated, countries
and authorities take their article, every sentence starts with a capital and ends with a
full stop."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings

from events.facts import FACT
from events.ids import EventId
from projections.record import TimelineEntry, make_entry
from reports.sentences import sentence
from reports.wording import authority, capitalise, country, full_sentence, says_date
from tests.strategies import fact_fields

KYODO = [{"outlet": "Kyodo", "published": "2009-12-23"}]
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def entry(kind: str, **fields: Any) -> TimelineEntry:
    data = {"kind": kind, "text": ".", "sources": KYODO, **fields}
    return make_entry(EventId("c", 2), FACT.validate_python(data), 2, NOW)


# Rule 1: a sentence never repeats a date its text already gives.


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("He went to Russia in 2001", "2001"),
        ("Migrants entered Russia in the 1990s and 2000s", "199X/200X"),
        ("They left in September 2009", "2009-09"),
        ("On 23 December 2009 Kyodo reported it", "2009-12-23"),
    ],
)
def test_a_date_the_text_gives_is_recognised(text: str, date: str) -> None:
    assert says_date(text, date)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("They left in 2009", "2009-09"),  # the text is less precise than the date
        ("He went to Russia in 2001", "2001~"),  # the text does not say "around"
        ("In 2007 they wrote", "2007/2009"),  # the text gives one end only
        ("Before 2009 they wrote", "../2009"),
        ("They were 2001 in number", "2002"),
    ],
)
def test_a_date_the_text_does_not_give_is_not(text: str, date: str) -> None:
    assert not says_date(text, date)


def test_an_observation_that_gives_its_date_is_not_dated_again() -> None:
    told = sentence(entry("observation", date="2001", text="He went to Russia in 2001."))
    assert told == "He went to Russia in 2001."


def test_an_observation_that_does_not_give_its_date_is_dated() -> None:
    told = sentence(entry("observation", date="2009-09", text="They were overstaying."))
    assert told == "They were overstaying (in September 2009)."


# Rule 2: countries and authorities take their article where English needs it.


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("United States", "the United States"),
        ("Republic of Korea", "the Republic of Korea"),
        ("Philippines", "the Philippines"),
        ("Russian Federation", "the Russian Federation"),
        ("South Korea", "South Korea"),
        ("Russia", "Russia"),
        ("the United Kingdom", "the United Kingdom"),
    ],
)
def test_a_country_takes_its_article_where_english_gives_it_one(name: str, said: str) -> None:
    assert country(name) == said


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Russian government", "the Russian government"),
        ("Federal Migration Service", "the Federal Migration Service"),
        ("UNHCR", "the UNHCR"),
        ("the Russian government", "the Russian government"),
        ("a Russian immigration official", "a Russian immigration official"),
        ("Yonhap", "Yonhap"),
    ],
)
def test_an_authority_takes_its_article_a_person_or_outlet_does_not(name: str, said: str) -> None:
    assert authority(name) == said


def test_asylum_requested_in_a_country_with_an_article_says_it() -> None:
    requested = entry("asylum_requested", date="2004", people=1, country="United States",
                      requested_from="U.S. Consulate General")  # fmt: skip
    assert "requested asylum in the United States from the U.S. Consulate" in sentence(requested)


def test_a_figure_reported_by_an_authority_names_it_with_its_article() -> None:
    figure = entry("figure_reported", date="2009-12", people=1700, population="workers",
                   region="Amur", reported_by="Russian government")  # fmt: skip
    assert (
        sentence(figure)
        == "In December 2009, the Russian government reported 1,700 workers in Amur."
    )


# Rule 3: a place followed by more of the sentence is closed by a comma.


def test_a_place_with_a_comma_is_closed_by_one() -> None:
    departed = entry("departed_to_third_country", date="2009-09", people=12,
                     origin="Amur Province, Russia", destination="South Korea")  # fmt: skip
    assert "left Amur Province, Russia, for South Korea" in sentence(departed)


# Rule 4: every sentence starts with a capital and ends with a full stop.


@pytest.mark.parametrize(
    ("text", "said"),
    [("they left.", "They left."), ("they left", "They left."), ("They left...", "They left..."),
     ("Did they leave?", "Did they leave?"), (" they left. ", "They left.")],
)  # fmt: skip
def test_a_sentence_has_a_capital_and_one_full_stop(text: str, said: str) -> None:
    assert full_sentence(text, own_words=True) == said


def test_a_sentence_of_ours_ends_in_a_full_stop_whatever_its_last_value() -> None:
    assert (
        full_sentence("in 2009, people were detained by ?") == "In 2009, people were detained by ?."
    )


@settings(max_examples=300, deadline=None)
@given(fields=fact_fields())
def test_every_sentence_starts_with_a_capital_and_ends_with_its_stop(
    fields: dict[str, Any],
) -> None:
    told = sentence(make_entry(EventId("c", 2), FACT.validate_python(fields), 2, NOW))
    assert capitalise(told) == told
    assert told[-1] in ".?!"
