"""Grammar that cannot change a meaning: a sentence built from an event's fields never joins
two of its values into one that the record does not hold."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from events.facts import FACT
from events.ids import EventId
from projections.record import TimelineEntry, make_entry
from reports.sentences import sentence
from tests.strategies import fact_fields
from tests.unit.test_prose import NOW

STRUCTURED = sorted(
    {"fled_to_mission", "asylum_requested", "asylum_granted", "agency_contacted",
     "departed_to_third_country", "arrived", "application_pending", "returned",
     "application_refused", "protection_granted", "detained", "released"}
)  # fmt: skip
plain = st.from_regex(r"[a-z]{2,8}( [a-z]{2,8}){0,2}", fullmatch=True)
"""Words a person types, that neither a date nor another value holds by chance."""
Name = st.from_regex(r"[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8})?", fullmatch=True)


def told(fields: dict[str, Any]) -> str:
    return sentence(_entry(fields))


def _entry(fields: dict[str, Any]) -> TimelineEntry:
    return make_entry(EventId("c", 2), FACT.validate_python(fields), 2, NOW)


def _after(text: str, part: str) -> str:
    """What follows the first `part` in `text`, what is said of it in brackets skipped (the
    count of people, the group they are part of)."""
    rest = text[text.index(part) + len(part) :]
    return re.sub(r"^( \([^()]*\))*", "", rest)


REACHED: Counter[str] = Counter()


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(STRUCTURED), data=st.data(),
    who=st.tuples(Name, plain).map(", ".join),
)  # fmt: skip
def test_an_actor_written_with_a_comma_is_closed_before_the_verb(
    kind: str, data: st.DataObject, who: str
) -> None:
    """`three former miners, all over 50, fled to ...`: never `all over 50 fled`."""
    fields = {**data.draw(fact_fields(kind)), "actors": [who], "date": "2004"}
    said = told(fields)
    assert _after(said, who).startswith(","), said
    REACHED["actor"] += 1


@settings(max_examples=100, deadline=None)
@given(who=st.tuples(Name, plain).map(", ".join), people=st.integers(0, 3000))
def test_a_figure_reported_by_someone_written_with_a_comma_closes_the_name(
    who: str, people: int
) -> None:
    """`A. B., a lawyer in Seoul, reported ...`."""
    fields = {"kind": "figure_reported", "date": "2004", "text": "t", "people": people,
              "population": "workers", "region": "Seoul", "reported_by": who,
              "sources": [{"outlet": "Kyodo", "published": "2009"}]}  # fmt: skip
    said = told(fields)
    assert _after(said, who).startswith(", reported"), said
    REACHED["reporter"] += 1


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(), kind=st.sampled_from(["agency_contacted", "departed_to_third_country"]),
    clause=plain, place=st.tuples(Name, Name).map(", ".join),
)  # fmt: skip
def test_a_place_is_never_told_as_part_of_a_purpose_or_a_helper(
    data: st.DataObject, kind: str, clause: str, place: str
) -> None:
    """`contacted a priest by letter in Irkutsk, Russia, seeking to go to Canada`, never
    `seeking to go to Canada in Irkutsk, Russia` (as if Canada were in Irkutsk)."""
    fields = {**data.draw(fact_fields(kind)), "place": place, "date": "2004"}
    if kind == "agency_contacted":
        fields["purpose"] = clause = f"to go to {clause}"
    else:
        fields["helped_by"] = [clause]
        fields["origin"] = fields["destination"] = "Elsewhere"
        clause = f"helped by {clause}"
    said = told(fields)
    if f"in {place}" not in said:
        event("place already named")
        return
    assert said.index(f"in {place}") < said.index(clause), said
    REACHED["place"] += 1


PARTIES = ["agency", "requested_from", "granted_by", "handled_by", "returned_by", "refused_by",
           "detained_by", "released_by", "mission", "helped_by"]  # fmt: skip
_KIND_OF = {"agency": "agency_contacted", "requested_from": "asylum_requested",
            "granted_by": "protection_granted", "handled_by": "application_pending",
            "returned_by": "returned", "refused_by": "application_refused",
            "detained_by": "detained", "released_by": "released", "mission": "fled_to_mission",
            "helped_by": "departed_to_third_country"}  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(), party=st.sampled_from(PARTIES),
    qualifier=st.sampled_from(["Civic", "civic", "Japanese", "Russian border", "local"]),
    head=st.sampled_from(["groups", "consulates", "guards", "authorities", "officials"]),
    where=st.sampled_from(["", " in Busan", " of the province"]),
    article=st.sampled_from(["", "", "the ", "a few ", "some "]),
)  # fmt: skip
def test_no_article_is_added_to_a_name_written_as_a_bare_plural(
    data: st.DataObject, party: str, qualifier: str, head: str, where: str, article: str
) -> None:
    """`civic groups in Busan` stays `civic groups in Busan` (some of them, as written), never
    `the civic groups in Busan` (all of them); a name given with its article keeps it."""
    name = f"{article}{qualifier} {head}{where}"
    fields = {**data.draw(fact_fields(_KIND_OF[party])), "date": "2004"}
    fields[party] = [name] if party == "helped_by" else name
    said = told(fields)
    assert name in said and f"the {name}" not in said and "the the " not in said, said
    REACHED["article" if article else "bare"] += 1


_MISSIONS = [("United States", "U.S."), ("United States", "American"), ("China", "Chinese"),
             ("South Korea", "South Korean"), ("Mongolia", "Mongolian"), ("Japan", "Japanese"),
             ("United Kingdom", "British"), ("Germany", "German")]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(), mission=st.sampled_from(_MISSIONS), city=Name,
    post=st.sampled_from(["Embassy", "Consulate General", "Consulate", "mission"]),
    said_whose=st.booleans(),
)  # fmt: skip
def test_a_mission_is_named_once(
    data: st.DataObject, mission: tuple[str, str], city: str, post: str, said_whose: bool
) -> None:
    """`fled to the U.S. Consulate General in Vladivostok`, never followed by `(the United
    States)`; a mission whose name does not say whose it is is told with its country."""
    whose, adjective = mission
    name = f"{adjective + ' ' if said_whose else ''}{post} in {city}"
    fields = {**data.draw(fact_fields("fled_to_mission")), "date": "2004", "mission": name,
              "mission_country": whose}  # fmt: skip
    said = told(fields)
    assert (f"{whose})" in said) is not said_whose, said
    REACHED["named" if said_whose else "unnamed"] += 1


def test_the_grammar_properties_reached_their_assertions() -> None:
    REACHED.clear()
    test_an_actor_written_with_a_comma_is_closed_before_the_verb()
    test_a_figure_reported_by_someone_written_with_a_comma_closes_the_name()
    test_a_place_is_never_told_as_part_of_a_purpose_or_a_helper()
    test_no_article_is_added_to_a_name_written_as_a_bare_plural()
    test_a_mission_is_named_once()
    assert REACHED["actor"] >= 150 and REACHED["reporter"] >= 80, REACHED
    assert REACHED["place"] >= 100 and REACHED["bare"] >= 70, REACHED
    assert REACHED["article"] >= 100, REACHED
    assert REACHED["named"] >= 25 and REACHED["unnamed"] >= 25, REACHED
