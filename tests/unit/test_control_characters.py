"""No text the vocabulary takes holds a control character but tab and line breaks; a text
stored before that rule is read with each one as its picture."""

from __future__ import annotations

from typing import Annotated, Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from domain.case import Case
from domain.codec import OrjsonTranscoder, PydanticMapper
from events.errors import describe
from events.facts import FACT_KINDS
from events.instructions import CaseInstruction, EraseCase, RecordFact, read_instruction
from events.sources import Source
from events.values import readable
from tests.strategies import string_fields, texts_of_any_character

REFUSED = {chr(code) for code in range(0x20)} - {"\t", "\n", "\r"} | {"\x7f"}
"""The issue's words: C0 but tab and newline (a carriage return is read as a line break),
and DEL."""
MODELS: list[type[BaseModel]] = [
    *FACT_KINDS.values(), Source, *get_args(get_args(CaseInstruction)[0]), RecordFact, EraseCase
]  # fmt: skip
FIELDS = [(model, *field) for model in MODELS for field in string_fields(model)]
FREE = [(model, name, many) for model, name, many, free in FIELDS if free]
NAMED = {"title", "reason", "note", "text", "place", "actors", "outlet", "quote", "population"}


def takes(model: type[BaseModel], name: str, many: bool, text: str) -> bool:
    """Whether field `name` of `model` takes `text` (as its one item, where it takes many)."""
    info = model.model_fields[name]
    try:
        TypeAdapter(Annotated[info.annotation, info]).validate_python([text] if many else text)
    except ValidationError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(field=st.sampled_from(FREE), text=texts_of_any_character)
def test_any_free_text_field_refuses_a_control_character_and_takes_any_other_text(
    field: tuple[type[BaseModel], str, bool], text: str
) -> None:
    assert NAMED.issubset(name for _, name, _ in FREE)  # the fields were found in every model
    assert takes(*field, text) == REFUSED.isdisjoint(text)


@settings(max_examples=200, deadline=None)
@given(field=st.sampled_from(FIELDS), text=texts_of_any_character, control=st.sampled_from(sorted(REFUSED)))  # fmt: skip
def test_no_string_field_of_any_model_takes_a_control_character(
    field: tuple[type[BaseModel], str, bool, bool], text: str, control: str
) -> None:
    model, name, many, _ = field
    cut = len(text) // 2
    assert not takes(model, name, many, text[:cut] + control + text[cut:])


def refusal(line: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        read_instruction(line)
    return describe(caught.value)


def test_a_refusal_names_the_field_the_character_and_where_it_is() -> None:
    said = refusal({"kind": "case_opened", "case": "amur", "title": "Bad\x00title"})
    assert said.startswith("title: holds the control character U+0000 at character 4")


def test_a_refusal_inside_a_source_names_the_source_field() -> None:
    line = {"kind": "observation", "case": "amur", "date": "2009", "text": "t",
            "sources": [{"outlet": "Kyodo", "published": "2009", "quote": "a\x1b[2Jb"}]}  # fmt: skip
    assert refusal(line).startswith("sources.0.quote: holds the control character U+001B")


@pytest.mark.parametrize("typed", ["one\r\ntwo", "one\rtwo"])
def test_a_carriage_return_is_recorded_as_a_line_break(typed: str) -> None:
    line = read_instruction({"kind": "case_closed", "case": "amur", "reason": typed})
    assert line.reason == "one\ntwo"  # type: ignore[union-attr]


def test_a_stored_text_reads_with_each_control_character_as_its_picture() -> None:
    assert readable("Bad\x00title\x1b[2J\x7f\tend\r\n") == "Bad␀title␛[2J␡\tend\n"


@settings(max_examples=300, deadline=None)
@given(title=texts_of_any_character, text=texts_of_any_character)
def test_any_text_stored_before_is_read_back_as_readable_shows_it(title: str, text: str) -> None:
    mapper = PydanticMapper(transcoder=OrjsonTranscoder())
    kyodo = Source(outlet="Kyodo", published="2009")
    case = Case(slug="amur", title=title)  # as an older timeline stored them: unchecked
    case.trigger_event(Case.FactRecorded, fact=FACT_KINDS["observation"].model_construct(
        date="2009", text=text, sources=(kyodo,)))  # fmt: skip
    opened, recorded = (mapper.to_domain_event(mapper.to_stored_event(e)) for e in case.collect_events())  # fmt: skip
    assert (opened.title, recorded.fact.text) == (readable(title), readable(text))  # type: ignore[attr-defined]
