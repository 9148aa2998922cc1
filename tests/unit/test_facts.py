"""The vocabulary refuses what is wrong and names the field and the value."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from events.errors import describe
from events.facts import _PARTY_FIELDS, FACT, AgencyContacted, each_agency_named, with_changes
from events.instructions import UnknownKind, read_instruction

KYODO = [{"outlet": "Kyodo", "published": "2009-12-23"}]


def fact(**fields: Any) -> dict[str, Any]:
    return {"kind": "arrived", "date": "2009-09", "destination": "South Korea", "text": "t",
            "sources": KYODO, **fields}  # fmt: skip


def refusal(data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        FACT.validate_python(data)
    return describe(caught.value)


def test_a_valid_fact_is_read_as_its_kind() -> None:
    data = {**fact(kind="agency_contacted", agency="UNHCR"), "channels": ["letter"]}
    del data["destination"]
    parsed = FACT.validate_python(data)
    assert isinstance(parsed, AgencyContacted)


def test_invalid_date_is_refused_naming_field_and_value() -> None:
    assert refusal(fact(date="2009-13")) == "date: '2009-13': month 13 does not exist"


def test_negative_people_are_refused() -> None:
    assert refusal(fact(people=-1)).startswith("people: ") and "(got -1)" in refusal(
        fact(people=-1)
    )


def test_a_fact_needs_at_least_one_source() -> None:
    assert refusal(fact(sources=[])).startswith("sources: ")


def test_a_refused_source_is_said_once_not_again_as_a_list_too_short() -> None:
    bad = [{**KYODO[0], "grade": "Z9"}]
    said = refusal(fact(sources=bad))
    assert said.startswith("sources.0.grade: grade 'Z9'") and "; " not in said


def test_a_field_of_another_kind_is_refused() -> None:
    assert refusal(fact(mission="Consulate")).startswith("mission: Extra inputs are not permitted")


def test_a_missing_kind_specific_field_is_refused() -> None:
    assert refusal(fact(destination=None)).startswith("destination: ")


def test_unknown_kind_lists_the_known_ones() -> None:
    with pytest.raises(UnknownKind, match=r"unknown kind 'arrivd'.*arrived"):
        read_instruction({**fact(kind="arrivd"), "case": "c"})


def test_a_fact_line_needs_a_case() -> None:
    with pytest.raises(ValueError, match="needs a 'case'"):
        read_instruction(fact())


def test_case_slugs_are_checked() -> None:
    with pytest.raises(ValidationError, match="not a slug"):
        read_instruction({"kind": "case_opened", "case": "Amur Group", "title": "t"})


def test_correction_gives_new_values_and_keeps_the_rest() -> None:
    original = FACT.validate_python(fact(people=12))
    corrected = with_changes(original, {"date": "2009-08/2009-09"})
    assert (corrected.date, corrected.people) == ("2009-08/2009-09", 12)


def test_correction_cannot_change_the_kind() -> None:
    with pytest.raises(ValueError, match="cannot change the kind"):
        with_changes(FACT.validate_python(fact()), {"kind": "observation"})


def test_facts_are_immutable() -> None:
    parsed = FACT.validate_python(fact())
    with pytest.raises(ValidationError):
        parsed.people = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    "text", ["amur:\u0662", "amur:\uff12", "amur\n:2", "amur:0", "amur:02", "Amur:2"]
)
def test_event_ids_are_a_slug_and_ascii_digits(text: str) -> None:
    from events.ids import EventId

    with pytest.raises(ValueError, match="is not"):
        EventId.parse(text)


_words = st.lists(st.text(st.characters(categories=("L", "N")), min_size=1), min_size=1)
_spaces = st.text(" \t\n\u00a0", min_size=1)


@given(_words, st.data())
def test_a_group_is_one_group_however_it_is_spaced(words: list[str], data: Any) -> None:
    gaps = [data.draw(_spaces) for _ in range(len(words) + 1)]
    spaced = gaps[0] + "".join(w + g for w, g in zip(words, gaps[1:], strict=True))
    read = FACT.validate_python(fact(group=spaced))
    assert read.group == " ".join(words) == FACT.validate_python(fact(group=" ".join(words))).group


def _agencies_field_by_field(agencies: Any, fields: dict[str, Any]) -> list[str]:
    """What `each_agency_named` says, found by asking for every party field in turn."""
    named = list(agencies)
    for name in _PARTY_FIELDS:
        value = fields.get(name)
        if isinstance(value, list | tuple):
            named.extend(str(v) for v in value)
        elif value:
            named.append(str(value))
    return named


_NAMES = st.text(max_size=3)
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(), _NAMES, st.lists(_NAMES, max_size=2))


def test_the_agencies_a_fact_names_are_its_agencies_then_its_party_fields_in_their_order() -> None:
    reached = []

    @given(
        agencies=st.lists(_NAMES, max_size=3),
        fields=st.dictionaries(st.sampled_from([*_PARTY_FIELDS, "origin", "about"]), _VALUES),
    )
    def agree(agencies: list[str], fields: dict[str, Any]) -> None:
        assert list(each_agency_named(agencies, fields)) == _agencies_field_by_field(
            agencies, fields
        )
        reached.append(sum(bool(fields.get(name)) for name in _PARTY_FIELDS))

    agree()
    assert len(reached) >= 90, "too few examples reached the assertion"
    assert sum(n >= 2 for n in reached) >= 20, "too few examples named two parties or more"
