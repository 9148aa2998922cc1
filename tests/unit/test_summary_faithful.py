"""The summary says exactly what the record says: a person's own words as written, brackets
that do not nest, and totals that say what part of the record they cover."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from events.facts import FACT
from events.ids import EventId
from projections.record import make_entry
from reports import telling
from reports.counts import totals
from reports.sentences import sentence
from reports.summary import summarise
from reports.wording import Scope, as_of, dated, when
from tests.strategies import edtf_dates, fact_fields, slugs, words
from tests.unit.test_summary import KYODO, NOW, entry

REACHED: Counter[str] = Counter()


def observed(text: str, date: str = "2005") -> str:
    return sentence(entry(kind="observation", destination=None, text=text, date=date))


@pytest.mark.parametrize(
    ("text", "date", "said"),
    [
        ("Two men were flown to the U.S.", "2005", "Two men were flown to the U.S. (in 2005)."),
        ("t 2004/..", "2004/..", "T 2004/.. (from 2004 on)."),
        ("iPhone records...", "2005", "iPhone records... (in 2005)."),
        ("They were met by Acme Inc.", "2005", "They were met by Acme Inc. (in 2005)."),
        ("they left.", "2005", "They left (in 2005)."),
        ("They left in 2010", "2010-05", "They left in 2010 (in May)."),
        ("They left in 2010", "2010-05-23", "They left in 2010 (on 23 May)."),
        ("They left in 2009", "2010-05", "They left in 2009 (in May 2010)."),
        ("They left in May 2010", "2010-05", "They left in May 2010."),
        ("They left", "2004/", "They left (from 2004, end unknown)."),
    ],
)  # fmt: skip
def test_a_persons_own_words_are_quoted_as_written(text: str, date: str, said: str) -> None:
    assert observed(text, date) == said


def test_a_date_in_brackets_holds_no_brackets_of_its_own() -> None:
    assert when("2004/") == "from 2004 (end unknown)"  # opening a sentence, it may
    assert when("2004/", bracketed=True) == "from 2004, end unknown"
    assert as_of("2004/") == "as of from 2004, end unknown"


def test_a_correction_note_holds_no_brackets_of_its_own() -> None:
    from events.sources import Source
    from projections.record import Amendment

    fix = Amendment(id="amur-2009-group:10", reason="settles amur-2009-group:9", position=2,
                    recorded=NOW, sources=(Source(outlet="Yonhap", published="2010-01-05"),))  # fmt: skip
    corrected = entry(people=14).model_copy(update={"corrected": True, "corrections": (fix,)})
    out = telling.text(summarise([corrected]), width=200)
    assert (
        "reached South Korea. [1][2] (Corrected by amur-2009-group:10: settles amur-2009-group:9.)"
        in out
    )


def test_a_whole_summary_says_it_covers_the_whole_record() -> None:
    out = telling.text(summarise([entry(people=2)]), width=200)
    assert out.startswith("Summary of one case, by month\n")
    assert "In the whole record: two people reached South Korea." in out
    assert "Still pending at the end of the record: nobody." in out


def test_a_summary_of_one_year_says_its_totals_are_that_years_events() -> None:
    scope = Scope(start="2004", end="2004")
    out = telling.text(summarise([entry(people=2, date="2004")], scope=scope), width=200)
    assert "whole record" not in out and "end of the record" not in out
    assert "In the events that may have happened in 2004: two people reached South Korea." in out
    assert "Still pending at the end of the events that may have happened in 2004: nobody." in out


@pytest.mark.parametrize(
    ("scope", "said"),
    [
        (Scope(start="2004", end="2006-05"), "the events that may have happened from 2004 to May 2006"),
        (Scope(start="2004"), "the events that may have happened on or after 2004"),
        (Scope(end="2004"), "the events that may have happened on or before 2004"),
        (Scope(until=40), "the whole record, as known after position 40"),
        (Scope(as_of=datetime(2026, 11, 28, 14, tzinfo=UTC)),
         "the whole record, as known at 2026-11-28T14:00:00Z"),
        (Scope(cases=("a", "b")), "the record of cases a and b"),
        (Scope(cases=("a",), start="2004", end="2004"),
         "the events of case a that may have happened in 2004"),
    ],
)  # fmt: skip
def test_the_totals_say_what_the_filters_chose(scope: Scope, said: str) -> None:
    (first, pending) = totals(summarise([entry(people=2)], scope=scope).totals, 0)[::2]
    assert (
        first.startswith(f"In {said}: ")
        and pending == f"Still pending at the end of {said}: nobody."
    )


def _kept(text: str, told: str) -> bool:
    """`told` starts with `text`, but for at most a dropped final full stop and a first
    letter made a capital."""
    forms = [text, text[:-1]] if text.endswith(".") else [text]
    return any(told.startswith(f) or told.startswith(f[:1].upper() + f[1:]) for f in forms)


OWN_WORDS: Counter[str] = Counter()


@settings(max_examples=400, deadline=None)
@given(text=words | st.sampled_from(["the U.S.", "records...", "iPhone it", "t 2004/..", "x."]),
       date=edtf_dates())  # fmt: skip
def test_a_persons_own_words_appear_in_the_summary_as_written(text: str, date: str) -> None:
    """The text, minus at most a final sentence stop and a first-letter capital, opens the
    sentence; a first word with a capital inside, and a final `..`, are never changed."""
    told = observed(text, date)
    quoted = text.strip()
    first = quoted.split()[0]
    assert _kept(quoted, told), (quoted, told)
    if any(c.isupper() for c in first[1:]) or not quoted[:1].isalpha():
        assert told.startswith(quoted[:1])
        event("first word kept as written")
    if quoted.endswith(".."):
        assert quoted[1:] in told
        event("final dots kept")
    OWN_WORDS["reached"] += 1
    OWN_WORDS["capital inside" if any(c.isupper() for c in first[1:]) else "plain"] += 1


def test_the_own_words_property_reached_its_assertions() -> None:
    OWN_WORDS.clear()
    test_a_persons_own_words_appear_in_the_summary_as_written()
    assert OWN_WORDS["reached"] >= 300 and OWN_WORDS["capital inside"] >= 10, OWN_WORDS


def _depth(text: str) -> int:
    deepest = depth = 0
    for c in text:
        depth += {"(": 1, ")": -1}.get(c, 0)
        deepest = max(deepest, depth)
    return deepest


BRACKETS: Counter[str] = Counter()


@settings(max_examples=300, deadline=None)
@given(fields=fact_fields(), date=edtf_dates())
def test_the_brackets_of_a_sentence_do_not_nest(fields: dict[str, Any], date: str) -> None:
    """Where the person's words hold no brackets, no bracket of the summary holds another:
    in a sentence, a date in brackets, or a count's `as of`."""
    values = [v for v in fields.values() if isinstance(v, str)]
    values += [w for v in fields.values() if isinstance(v, list) for w in v if isinstance(w, str)]
    if any("(" in v or ")" in v for v in values):
        event("words with brackets: not checked")
        return
    told = sentence(make_entry(EventId("c", 2), FACT.validate_python(fields), 2, NOW))
    assert _depth(told) <= 1, told
    assert _depth(f"({dated(fields['text'], date)})") <= 1 and _depth(f"({as_of(date)})") <= 1
    BRACKETS["reached"] += 1
    BRACKETS["bracketed" if "(" in told else "plain"] += 1


def test_the_brackets_property_reached_its_assertions() -> None:
    BRACKETS.clear()
    test_the_brackets_of_a_sentence_do_not_nest()
    assert BRACKETS["reached"] >= 200 and BRACKETS["bracketed"] >= 30, BRACKETS


scopes = st.builds(
    Scope,
    cases=st.lists(slugs, max_size=5, unique=True).map(tuple),
    start=st.none() | edtf_dates(),
    end=st.none() | edtf_dates(),
    as_of=st.none() | st.datetimes(timezones=st.just(UTC)),
    until=st.none() | st.integers(0, 10**9),
    include_retracted=st.booleans(),
)
SCOPES: Counter[str] = Counter()


@settings(max_examples=200, deadline=None)
@given(scope=scopes, people=st.integers(0, 30))
def test_totals_never_call_part_of_the_record_the_whole(scope: Scope, people: int) -> None:
    """A summary its filters chose part of says so in its heading and in each total line."""
    lines = totals(summarise([entry(people=people)], scope=scope).totals, people)
    if scope.whole:
        assert lines[0].startswith("In the whole record")
        event("whole record")
        return
    assert scope.header() and all("whole record:" not in line for line in lines)
    assert [line for line in lines if line.startswith(("In ", "Still pending"))] == [
        line for line in lines if scope.events() in line
    ]
    SCOPES["part"] += 1


def test_the_totals_property_reached_its_assertions() -> None:
    SCOPES.clear()
    test_totals_never_call_part_of_the_record_the_whole()
    assert SCOPES["part"] >= 150, SCOPES


def test_kyodo_sources_are_the_tests_sources() -> None:
    assert KYODO[0]["outlet"] == "Kyodo"


def test_an_ordinary_word_that_is_also_an_abbreviation_ends_its_sentence() -> None:
    from reports.wording import sentence_end

    assert sentence_end("The UNHCR said no.") == "The UNHCR said no"
    assert sentence_end("They met at Acme Inc.") == "They met at Acme Inc."
    assert sentence_end("The report of Dec.") == "The report of Dec."
