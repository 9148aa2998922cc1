"""The words people wrote are not lost: a sentence built from an event's fields is followed by
the event's own text wherever the text says more, and a correction's reason is told after the
sentence it amends, never inside it."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from events.sources import Source
from projections.record import Amendment
from reports import telling
from reports.sentences import sentence
from reports.summary import summarise
from reports.wording import capitalise, noted
from tests.strategies import fact_fields
from tests.unit.test_grammar import STRUCTURED, _entry
from tests.unit.test_summary import NOW, entry

NOT_MEANING = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or",
    "as", "into", "their", "they", "them", "his", "her", "he", "she", "it", "its", "who",
    "which", "that", "this", "these", "those", "was", "were", "is", "are", "be", "been",
    "being", "there",
}  # fmt: skip
"""Articles, the commonest prepositions and pronouns, forms of `be`: the only words of an
event's text its sentence may leave out."""
_NUMBERS = {w: str(n) for n, w in enumerate(
    ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"])}  # fmt: skip


def _words(text: str) -> set[str]:
    found = re.findall(r"[^\W_]+(?:['\u2019.-][^\W_]+)*", text.lower())
    return {_NUMBERS.get(w, w) for w in found} - NOT_MEANING


KEPT: Counter[str] = Counter()


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(STRUCTURED), data=st.data())
def test_a_sentence_never_says_less_than_its_events_text(kind: str, data: st.DataObject) -> None:
    """Every word of meaning in the event's text is in its sentence, or the text is, whole."""
    fields: dict[str, Any] = data.draw(fact_fields(kind))
    if data.draw(st.booleans()):  # a text in the words the fields give, some left out
        said = sentence(_entry({**fields, "text": "."})).rstrip(".").split()
        fields["text"] = " ".join(data.draw(st.lists(st.sampled_from(said), min_size=1)))
    told = sentence(_entry(fields))
    text = fields["text"].strip()
    if any(t.rstrip(".") in told for t in (text, capitalise(text))):
        KEPT["text whole"] += 1
        return
    assert _words(text) <= _words(told), (text, told)
    KEPT["every word"] += 1


HEDGES = ["They seek to defect", "they want to go to a third country",
          "according to an activist", "aged 34 and 51", "reportedly", "possibly not all of them",
          "the men said they had never applied"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(STRUCTURED), data=st.data(), hedge=st.sampled_from(HEDGES))
def test_a_hedge_a_wish_an_age_or_an_attribution_in_the_text_reaches_the_summary(
    kind: str, data: st.DataObject, hedge: str
) -> None:
    """The fields cannot say `seek to`, `want`, `according to`, an age: the text's own words
    carry them into the sentence."""
    fields: dict[str, Any] = data.draw(fact_fields(kind))
    fields["text"] = f"{hedge}: {fields['text']}"
    told = sentence(_entry(fields))
    assert hedge[1:] in told, told
    KEPT["hedge"] += 1


def test_a_text_that_says_more_follows_the_sentence_and_one_that_does_not_is_left_out() -> None:
    arrived = entry(people=12, text="The twelve reached South Korea, where they found refuge.")
    assert sentence(arrived) == (
        "In September 2009, 12 people reached South Korea. "
        "The twelve reached South Korea, where they found refuge."
    )
    said = entry(
        people=12, actors=("the 12 North Korean men",), text="The twelve men reached South Korea."
    )
    assert sentence(said) == "In September 2009, the 12 North Korean men reached South Korea."


REASONS: Counter[str] = Counter()


@settings(max_examples=200, deadline=None)
@given(reason=st.from_regex(r"[a-z][a-z ,;.]{2,30}[a-z]", fullmatch=True), retracted=st.booleans())
def test_a_corrections_reason_is_told_after_the_sentence_never_inside_it(
    reason: str, retracted: bool
) -> None:
    fix = Amendment(id="c:10", reason=reason, position=3, recorded=NOW,
                    sources=(Source(outlet="Yonhap", published="2010-01-05"),))  # fmt: skip
    amended = entry(people=14).model_copy(update={"corrected": True, "corrections": (fix,)})
    if retracted:
        gone = Amendment(id="c:11", reason=reason, position=4, recorded=NOW)
        amended = amended.model_copy(update={"retracted": True, "retraction": gone})
    summary = summarise([amended])
    (said,) = summary.periods[0].sentences
    assert reason not in noted(said.text, said.notes)
    assert said.amended[0] == f"corrected by c:10: {reason}"
    line = telling.text(summary, width=10_000).splitlines()[3]
    assert line.index("[2]") < line.index(f"(Corrected by c:10: {reason}")
    REASONS["retracted" if retracted else "corrected"] += 1


def test_the_own_words_properties_reached_their_assertions() -> None:
    KEPT.clear()
    REASONS.clear()
    test_a_sentence_never_says_less_than_its_events_text()
    test_a_hedge_a_wish_an_age_or_an_attribution_in_the_text_reaches_the_summary()
    test_a_corrections_reason_is_told_after_the_sentence_never_inside_it()
    assert KEPT["text whole"] >= 60 and KEPT["every word"] >= 60, KEPT
    assert KEPT["hedge"] >= 150 and REASONS["retracted"] >= 25, (KEPT, REASONS)
