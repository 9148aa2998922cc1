"""Summaries: sentences by period, folded recurrences, counts, sources; stable and complete."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from events.facts import FACT
from events.ids import EventId
from projections.record import TimelineEntry, make_entry
from reports import telling
from reports.summary import summarise
from tests.strategies import fact_fields, slugs

KYODO = [{"outlet": "Kyodo", "published": "2009-12-23", "reference": "ID 96523"}]
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def entry(case: str = "c", version: int = 2, position: int = 1, **fields: Any) -> TimelineEntry:
    data = {"kind": "arrived", "date": "2009-09", "destination": "South Korea", "text": ".",
            "sources": KYODO, **fields}  # fmt: skip
    data = {k: v for k, v in data.items() if v is not None}  # None: the field does not apply
    return make_entry(EventId(case, version), FACT.validate_python(data), position, NOW)


def granted(year: int, case: str) -> TimelineEntry:
    return entry(case, kind="asylum_granted", date=str(year), people=1, destination=None,
                 actors=["a male North Korean worker"], country="South Korea",
                 granted_by="South Korean Consulate General in Vladivostok")  # fmt: skip


def texts(entries: list[TimelineEntry], by: str = "year") -> list[str]:
    return [s.text for p in summarise(entries, by=by).periods for s in p.sentences]


def test_one_event_a_year_over_consecutive_years_is_told_once() -> None:
    told = texts([granted(2006, "a"), granted(2007, "b"), granted(2008, "c")])
    assert told == [
        "One male North Korean worker a year was granted asylum in South Korea at the South "
        "Korean Consulate General in Vladivostok, 2006 to 2008 (three in all)."
    ]


def test_a_gap_breaks_the_recurrence() -> None:
    assert len(texts([granted(2006, "a"), granted(2008, "c")])) == 2


def test_an_interval_is_told_once_in_the_period_where_it_starts() -> None:
    summary = summarise([entry(kind="agency_contacted", destination=None, agency="UNHCR",
                               date="2007/2009", people=12)], by="year")  # fmt: skip
    (period,) = summary.periods
    assert period.name == "2007" and period.sentences[0].text.startswith("Between 2007 and 2009,")


def test_people_are_counted_once_per_case_not_once_per_event() -> None:
    twice = [entry("c", 2, 1, people=12), entry("c", 3, 2, people=12, date="2009-10")]
    assert summarise(twice).totals.reached == {"South Korea": 12}


def test_pending_people_whose_case_went_on_to_arrive_are_not_still_pending() -> None:
    pending = entry(
        "c", 2, 1, kind="application_pending", destination=None, handled_by="UNHCR", people=4
    )
    summary = summarise([pending, entry("c", 3, 2, people=4, date="2009-12")])
    assert summary.totals.pending == 4 and summary.still_pending == 0


def test_every_sentence_cites_its_sources_listed_once_at_the_end() -> None:
    summary = summarise([entry("a", people=1), entry("b", people=2, date="2004")])
    assert [s.cites for p in summary.periods for s in p.sentences] == [(1,), (1,)]
    assert [c.outlet for c in summary.sources] == ["Kyodo"]


def test_a_corrected_event_cites_the_correction_too() -> None:
    from events.sources import Source
    from projections.record import Amendment

    fix = Amendment(id="c:3", reason="second source", position=2, recorded=NOW,
                    sources=(Source(outlet="Yonhap", published="2010-01-05"),))  # fmt: skip
    corrected = entry().model_copy(update={"corrected": True, "corrections": (fix,)})
    (sentence,) = summarise([corrected]).periods[0].sentences
    assert sentence.cites == (1, 2) and sentence.amended == ("corrected by c:3: second source",)


@st.composite
def entry_sets(draw: st.DrawFn) -> list[TimelineEntry]:
    cases = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    facts = draw(st.lists(fact_fields(), min_size=1, max_size=10))
    found = []
    for position, fields in enumerate(facts, 1):
        case = draw(st.sampled_from(cases))
        found.append(
            make_entry(EventId(case, position + 1), FACT.validate_python(fields), position, NOW)
        )
    return found


@settings(max_examples=150, deadline=None)
@given(entries=entry_sets(), by=st.sampled_from(["year", "month", "auto"]))
def test_every_event_appears_in_exactly_one_sentence(entries: list[TimelineEntry], by: str) -> None:
    told = [
        event for p in summarise(entries, by=by).periods for s in p.sentences for event in s.events
    ]
    assert sorted(told) == sorted(e.id for e in entries)


@st.composite
def arrivals(draw: st.DrawFn) -> list[TimelineEntry]:
    """Entries where most facts are arrivals naming people: the totals are rarely empty."""
    cases = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    kinds = st.sampled_from(["arrived", "arrived", "arrived", "asylum_granted", "observation"])
    facts = draw(st.lists(kinds.flatmap(fact_fields), min_size=1, max_size=10))
    found = []
    for position, fields in enumerate(facts, 1):
        if fields["kind"] == "arrived" and draw(st.booleans()):
            fields["people"] = draw(st.integers(0, 50))
        case = draw(st.sampled_from(cases))
        found.append(
            make_entry(EventId(case, position + 1), FACT.validate_python(fields), position, NOW)
        )
    return found


def test_counts_equal_the_sums_over_each_cases_largest_group() -> None:
    non_empty = 0

    @settings(max_examples=150, deadline=None, database=None)
    @given(entries=arrivals())
    def counts_agree(entries: list[TimelineEntry]) -> None:
        nonlocal non_empty
        reached: dict[str, dict[tuple[str, str | None], int]] = {}
        for e in entries:
            if e.kind == "arrived" and e.people is not None:
                country, group = str(e.details["destination"]), (e.case, e.group)
                # each group of a case once, at the largest number that arrived
                reached.setdefault(country, {})[group] = max(
                    reached.get(country, {}).get(group, 0), e.people
                )
        expected = {country: sum(by_case.values()) for country, by_case in reached.items()}
        assert summarise(entries).totals.reached == expected
        non_empty += bool(expected)

    counts_agree()
    assert non_empty >= 45  # many examples compare totals that hold something (about 60%)


@settings(max_examples=100, deadline=None)
@given(entries=entry_sets(), seed=st.integers())
def test_the_summary_does_not_depend_on_the_order_events_were_appended(
    entries: list[TimelineEntry], seed: int
) -> None:
    shuffled = entries[:]
    random.Random(seed).shuffle(shuffled)
    renumbered = [e.model_copy(update={"position": i}) for i, e in enumerate(shuffled, 1)]
    assert telling.text(summarise(renumbered), 80) == telling.text(summarise(entries), 80)
    assert telling.markdown(summarise(renumbered)) == telling.markdown(summarise(entries))
