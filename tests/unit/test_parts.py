"""Of whom: people `within` a group are part of it, not more people. A report that forty
crossed and six of them were detained gives a case of forty, six of whom were detained;
the case's people, each group's size and the totals count the six once, in the forty."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from events.facts import FACT
from events.ids import EventId
from events.instructions import read_instruction
from projections.case_view import CaseView, case_view
from projections.record import CaseRecord, TimelineEntry, make_entry
from reports.counts import Counts
from reports.sentences import sentence
from reports.summary import summarise
from tests.unit.test_groups import KYODO, NOW

_FIELDS: dict[str, dict[str, Any]] = {
    "arrived": {"destination": "Mongolia"},
    "detained": {},
    "released": {},
    "application_pending": {"handled_by": "UNHCR"},
    "asylum_requested": {"country": "Mongolia"},
    "application_refused": {"applied_for": "asylum", "refused_by": "FMS"},
    "no_protection": {"country": "Mongolia"},
    "asylum_granted": {"country": "South Korea"},
    "protection_granted": {"protection": "temporary_protection", "granted_by": "FMS"},
    "returned": {"country": "North Korea"},
    "observation": {},
}


def entry(kind: str, version: int, date: str = "2018", **fields: Any) -> TimelineEntry:
    data = {"kind": kind, "date": date, "text": ".", "sources": KYODO, **_FIELDS[kind], **fields}
    return make_entry(EventId("c", version), FACT.validate_python(data), version, NOW)


def view(entries: list[TimelineEntry]) -> CaseView:
    return case_view(CaseRecord("c", "t", 1, entries={e.version: e for e in entries}))


FORTY = entry("arrived", 2, "2017", people=40, group="the forty")
SIX = entry("detained", 3, "2019", people=6, within="the forty")


def test_six_of_the_forty_detained_are_not_six_more_people() -> None:
    shown = view([FORTY, SIX])
    assert shown.people == 40
    assert [(g.name, g.within, g.people, g.status) for g in shown.groups] == [
        ("the forty", None, 40, "arrived"),
        (None, "the forty", 6, "detained"),
    ]


def test_the_sentence_says_six_of_the_forty() -> None:
    assert sentence(SIX) == "In 2019, six of the forty were detained."
    told = sentence(entry("detained", 4, people=6, within="main group"))
    assert told == "In 2018, six of the main group were detained."


def test_the_totals_count_the_forty_once_with_six_of_them_detained() -> None:
    totals = summarise([FORTY, SIX]).totals
    assert totals.reached == {"Mongolia": 40} and totals.detained == 6
    assert view([FORTY, entry("arrived", 3, people=6, within="the forty")]).people == 40
    assert summarise([FORTY, entry("arrived", 3, people=6, within="the forty")]).totals.reached == {
        "Mongolia": 40
    }


def test_a_named_part_is_within_its_group_on_its_events_that_do_not_say_so() -> None:
    named = entry("detained", 3, "2019", people=6, group="the six", within="the forty")
    later = entry("released", 4, "2020", people=6, group="the six")
    shown = view([FORTY, named, later])
    assert shown.people == 40
    assert [(g.name, g.within, g.status) for g in shown.groups][1] == (
        "the six",
        "the forty",
        "released",
    )


def test_a_part_larger_than_its_group_gives_the_group_its_size() -> None:
    shown = view([entry("arrived", 2, people=4, group="g"), entry("detained", 3, people=9,
                                                                   within="g")])  # fmt: skip
    assert shown.people == 9 and shown.groups[0].people == 9


def test_people_0_is_refused_on_a_new_event_but_a_figure_may_count_no_one() -> None:
    line = {"case": "c", "kind": "observation", "date": "2018", "text": "t", "sources": KYODO}
    try:
        read_instruction({**line, "people": 0})
    except ValueError as refused:
        assert str(refused).startswith("people: 0 is no one")
    else:
        raise AssertionError("people 0 was taken")
    figure = {**line, "kind": "figure_reported", "population": "workers", "region": "Amur"}
    assert read_instruction({**figure, "people": 0}).fact.people == 0  # type: ignore[union-attr]


def test_a_0_stored_before_the_rule_makes_no_group_of_no_one() -> None:
    stored = make_entry(EventId("c", 2), FACT.validate_python({
        "kind": "observation", "date": "2018", "text": "t", "sources": KYODO, "people": 0,
        "group": "g"}), 2, NOW)  # fmt: skip
    assert view([stored, entry("arrived", 3, people=5)]).groups[1].people is None


# The property: recording that some of an event's people are a part within its group
# changes no count.

_GROUPS = [None, "a", "b"]
SEEN = {"examples": 0, "split outcomes": 0}


@st.composite
def records(draw: st.DrawFn) -> list[TimelineEntry]:
    """Events of one case about a few groups, of kinds that count, with numbers and dates."""
    found = []
    for version in range(2, draw(st.integers(3, 10))):
        kind = draw(st.sampled_from(sorted(_FIELDS)))
        found.append(entry(kind, version, str(draw(st.integers(2015, 2020))),
                           people=draw((st.none() if found else st.nothing())
                                       | st.integers(1, 50)),
                           group=draw(st.sampled_from(_GROUPS))))  # fmt: skip
    return found


def _counts(entries: list[TimelineEntry]) -> tuple[Any, ...]:
    shown = view(entries)
    sizes = {g.name: g.people for g in shown.groups if g.within is None}
    summary = summarise(entries)
    totals: Counts = summary.totals
    return shown.people, sizes, totals.model_dump(), summary.still_pending


@settings(max_examples=300, deadline=None, database=None)
@given(entries=records(), data=st.data())
def test_splitting_an_events_people_into_a_part_within_its_group_changes_no_count(
    entries: list[TimelineEntry], data: st.DataObject
) -> None:
    whole = data.draw(st.sampled_from([e for e in entries if e.people]))
    n = whole.people or 1
    within = whole.group or "main group"
    named = data.draw(st.sampled_from([None, "the part"]))
    part = whole.model_copy(update={
        "id": f"c:{len(entries) + 2}", "position": len(entries) + 2,
        "people": data.draw(st.integers(1, n)), "within": within, "group": named})  # fmt: skip
    assert _counts([*entries, part]) == _counts(entries)
    SEEN["examples"] += 1
    SEEN["split outcomes"] += whole.kind not in ("observation",)


def test_the_property_split_outcomes_in_most_of_its_examples() -> None:
    SEEN.update({"examples": 0, "split outcomes": 0})
    test_splitting_an_events_people_into_a_part_within_its_group_changes_no_count()
    assert SEEN["split outcomes"] >= 150, SEEN


SIBLINGS = {"reached": 0}


@settings(max_examples=150, deadline=None)
@given(
    own=st.one_of(st.none(), st.integers(1, 60)),
    parts=st.lists(st.integers(1, 20), min_size=2, max_size=4),
    kind=st.sampled_from(["arrived", "detained", "asylum_granted", "returned"]),
)
def test_parts_named_apart_add_up_within_their_group(
    own: int | None, parts: list[int], kind: str
) -> None:
    """Three of the twelve and four of the twelve are seven people, within the twelve: the
    group holds the larger of its own number and its parts' sum, and each outcome counts
    every part that reached it."""
    found = [entry("observation", 2, people=own)] if own is not None else []
    found += [
        entry(kind, n + 3, people=k, group=f"part {n}", within="main group")
        for n, k in enumerate(parts)
    ]
    view = case_view(CaseRecord("c", "t", 1, entries={e.version: e for e in found}))
    assert view.people == max(own or 0, sum(parts))
    counts = summarise(found).totals
    told = {
        "arrived": sum(counts.reached.values()),
        "detained": counts.detained,
        "asylum_granted": counts.granted,
        "returned": sum(counts.returned.values()),
    }[kind]
    assert told == sum(parts)
    SIBLINGS["reached"] += 1


def test_the_siblings_property_reached_its_assertions() -> None:
    SIBLINGS["reached"] = 0
    test_parts_named_apart_add_up_within_their_group()
    assert SIBLINGS["reached"] >= 100


def test_people_of_a_part_that_moved_on_are_no_longer_pending() -> None:
    pending = entry("application_pending", 2, "2009", people=12)
    arrived = entry("arrived", 3, "2010", people=3, group="the three", within="main group")
    assert summarise([pending]).still_pending == 12
    assert summarise([pending, arrived]).still_pending == 9
    later = entry("application_pending", 4, "2011", people=3, group="the three")
    assert summarise([pending, arrived, later]).still_pending == 12  # the three pending again


def test_a_group_is_never_named_as_the_main_group_nor_within_itself_when_recorded() -> None:
    import pytest

    line = {"kind": "detained", "case": "c", "date": "2018", "text": ".", "sources": KYODO}
    for named in ({"group": "Main group"}, {"group": "g", "within": "g"}):
        with pytest.raises(ValueError, match=r"main group|within itself"):
            read_instruction({**line, **named})
    with pytest.raises(ValueError, match="main group"):
        read_instruction({"kind": "correction", "event": "c:2", "changes": {"group": "main group"},
                          "reason": "r"})  # fmt: skip
    # a fact stored before the rule still reads
    stored = {k: v for k, v in line.items() if k != "case"}
    assert FACT.validate_python({**stored, "group": "main group"}).group == "main group"
