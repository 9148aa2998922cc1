"""The kinds for what happens to people beyond asylum: returns, refusals, other protection,
detention and release; their sentences, their place in a case's status, their totals."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from events.facts import FACT
from events.ids import EventId
from projections.case_view import case_view
from projections.record import CaseRecord, TimelineEntry, make_entry
from reports.counts import totals
from reports.sentences import sentence
from reports.summary import summarise
from tests.strategies import fact_fields

KYODO = [{"outlet": "Kyodo", "published": "2009-12-23"}]
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def entry(kind: str, case: str = "c", version: int = 2, **fields: Any) -> TimelineEntry:
    data = {"kind": kind, "date": "2010", "text": ".", "sources": KYODO, **fields}
    return make_entry(EventId(case, version), FACT.validate_python(data), version, NOW)


def returned(**fields: Any) -> TimelineEntry:
    return entry("returned", people=2, country="North Korea", **fields)


@pytest.mark.parametrize(
    ("fields", "told"),
    [
        ({}, "In 2010, two people were sent back to North Korea."),
        ({"manner": "forced"}, "In 2010, two people were sent back forcibly to North Korea."),
        ({"manner": "voluntary"}, "In 2010, two people went back to North Korea."),
        (
            {"means": "deported", "returned_by": "Russian border guards"},
            "In 2010, two people were deported to North Korea by Russian border guards.",
        ),
        ({"means": "handed_over"}, "In 2010, two people were handed over to North Korea."),
        (
            {"means": "repatriated", "manner": "voluntary"},
            "In 2010, two people were repatriated voluntarily to North Korea.",
        ),
    ],
)
def test_a_return_says_how_the_people_went_back(fields: dict[str, Any], told: str) -> None:
    assert sentence(returned(**fields)) == told


def test_a_refusal_says_what_was_applied_for_and_who_refused_it() -> None:
    refused = entry("application_refused", people=1, applied_for="temporary_asylum",
                    refused_by="Federal Migration Service", country="Russia")  # fmt: skip
    assert sentence(refused) == (
        "In 2010, one person was refused temporary asylum in Russia by the Federal Migration "
        "Service."
    )


def test_a_registration_by_an_agency_is_told_as_such() -> None:
    registered = entry("protection_granted", people=3, protection="registration",
                       granted_by="UNHCR")  # fmt: skip
    assert sentence(registered) == "In 2010, three people were registered by the UNHCR."


def test_detention_and_release_say_who_and_where() -> None:
    held = entry("detained", people=2, detained_by="police", place="Khabarovsk")
    freed = entry("released", people=2, version=3)
    assert sentence(held) == "In 2010, two people were detained by police in Khabarovsk."
    assert sentence(freed) == "In 2010, two people were released."


def _status(*entries: TimelineEntry) -> str:
    case = CaseRecord(slug="c", title="t", opened=1, entries={e.version: e for e in entries})
    return case_view(case).status


def test_a_case_whose_furthest_outcome_is_a_return_says_so() -> None:
    asked = entry("asylum_requested", requested_from="UNHCR", version=2)
    assert _status(asked, returned(version=3)) == "returned"


def test_a_refusal_outweighs_a_pending_application_and_asylum_outweighs_a_refusal() -> None:
    pending = entry("application_pending", handled_by="UNHCR", version=2)
    refused = entry("application_refused", applied_for="asylum", refused_by="X", version=3)
    granted = entry("asylum_granted", country="South Korea", version=4)
    assert _status(pending, refused) == "refused"
    assert _status(pending, refused, granted) == "granted"


def test_detention_and_release_are_statuses_before_any_decision() -> None:
    held = entry("detained", version=2)
    assert _status(held) == "detained"
    assert _status(held, entry("released", version=3)) == "released"


def test_outcomes_against_people_have_totals_of_their_own() -> None:
    summary = summarise([
        returned(version=2),
        entry("application_refused", people=4, applied_for="refugee_status", refused_by="X",
              case="d"),
        entry("detained", people=4, case="d", version=3),
    ])  # fmt: skip
    assert summary.totals.returned == {"North Korea": 2}
    assert summary.totals.refused == {"refugee_status": 4} and summary.totals.detained == 4
    assert totals(summary.totals, 0)[2] == (
        "Against them: four people refused refugee status; four people detained; two people "
        "returned to North Korea."
    )


def test_protection_short_of_asylum_is_counted_by_its_kind() -> None:
    summary = summarise([
        entry("protection_granted", people=3, protection="temporary_protection", granted_by="X"),
        entry("protection_granted", people=1, protection="registration", granted_by="UNHCR",
              case="d"),
    ])  # fmt: skip
    assert summary.totals.protected == {"temporary_protection": 3, "registration": 1}
    assert totals(summary.totals, 0)[0] == (
        "In the whole record: one person registered; three people granted temporary protection."
    )


_NEW = ["returned", "application_refused", "protection_granted", "detained", "released"]


@settings(max_examples=100, deadline=None)
@given(fields=st.sampled_from(_NEW).flatmap(fact_fields))
@example(fields={"kind": "returned", "date": "2004", "people": 3, "country": "North Korea",
                 "text": "Were they sent back to the camp?",
                 "sources": [{"outlet": "Kyodo", "published": "2009"}]})  # fmt: skip
def test_every_new_kind_is_told_in_one_sentence_ending_with_a_stop(
    fields: dict[str, Any],
) -> None:
    """A full stop, or the `?` or `!` its source's own words end with, told after it."""
    told = sentence(make_entry(EventId("c", 2), FACT.validate_python(fields), 2, NOW))
    end = told[-1:]
    assert end == "." or (end in "?!" and fields["text"].strip().endswith(end)), told
    assert told[:1].isupper()


def test_events_of_one_date_are_told_in_the_order_things_happen_to_people() -> None:
    pending = entry("application_pending", people=2, handled_by="UNHCR", version=3)
    told = summarise([returned(version=2), pending]).periods[0].sentences
    assert [s.events for s in told] == [("c:3",), ("c:2",)]  # pending, then sent back
