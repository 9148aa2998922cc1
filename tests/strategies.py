"""Hypothesis strategies for the vocabulary: EDTF dates, sources, facts, instruction streams."""

from __future__ import annotations

import calendar
from typing import Annotated, Any, Literal, get_args, get_origin

from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter

from events.facts import FACT_KINDS, DatedFact
from events.values import TEXT_CHARS

words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=30
).filter(str.strip)
"""Text as a person types it: never blank (the vocabulary refuses that)."""
slugs = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)


@st.composite
def edtf_points(draw: st.DrawFn) -> str:
    """A single EDTF date of our subset: year, month, day, unknown digits, qualifiers."""
    year = draw(st.integers(1000, 2999))
    shape = draw(
        st.sampled_from(["year", "month", "day", "decade", "century", "XX", "XX-XX", "MM-XX"])
    )
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    text = {
        "year": f"{year:04d}",
        "month": f"{year:04d}-{month:02d}",
        "day": f"{year:04d}-{month:02d}-{day:02d}",
        "decade": f"{year // 10:03d}X",
        "century": f"{year // 100:02d}XX",
        "XX": f"{year:04d}-XX",
        "XX-XX": f"{year:04d}-XX-XX",
        "MM-XX": f"{year:04d}-{month:02d}-XX",
    }[shape]
    return text + draw(st.sampled_from(["", "", "?", "~", "%"]))


@st.composite
def edtf_dates(draw: st.DrawFn) -> str:
    """A point, or an interval of two ordered points, or one with an open or unknown end."""
    from events.edtf import parse_edtf

    first = draw(edtf_points())
    form = draw(st.sampled_from(["point", "point", "interval", "open_end", "open_start"]))
    if form == "point":
        return first
    if form == "open_end":
        return f"{first}/{draw(st.sampled_from(['..', '']))}"
    if form == "open_start":
        return f"{draw(st.sampled_from(['..', '']))}/{first}"
    second = draw(edtf_points())
    a, b = sorted([first, second], key=lambda s: parse_edtf(s).earliest)
    return f"{a}/{b}"


grades = st.builds(lambda r, c: f"{r}{c}", st.sampled_from("ABCDEF"), st.sampled_from("123456"))
"""Admiralty grades: reliability A-F, credibility 1-6."""
sources = st.fixed_dictionaries(
    {"outlet": words, "published": edtf_points()},
    optional={"reference": words, "quote": words, "grade": grades, "via": words},
)

_COMMON = set(DatedFact.model_fields)
_CHANNELS = st.lists(
    st.sampled_from(["in_person", "letter", "phone", "email", "other"]), max_size=3
)
_SPECIAL: dict[str, st.SearchStrategy[Any]] = {
    "channels": _CHANNELS,
    "helped_by": st.lists(words, max_size=2),
    "about": st.booleans(),
}


@st.composite
def fact_fields(draw: st.DrawFn, kind: str | None = None) -> dict[str, Any]:
    """The JSON fields of a valid fact of `kind` (any kind if not given)."""
    kind = kind or draw(st.sampled_from(sorted(FACT_KINDS)))
    cls = FACT_KINDS[kind]
    fields: dict[str, Any] = {
        "kind": kind,
        "date": draw(edtf_dates()),
        "text": draw(words),
        "sources": draw(st.lists(sources, min_size=1, max_size=2)),
    }
    optional = {
        "place": words,
        "people": st.integers(1, 5000),  # 0 is no one: only a figure may count it
        "actors": st.lists(words, max_size=2),
        "agencies": st.lists(words, max_size=2),
        "group": st.sampled_from(["the twelve", "two others"]),
        "part": st.sampled_from(["early", "mid", "late"]),
        "within": st.sampled_from(["the twelve", "main group"]),
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            fields[name] = draw(strategy)
    if fields.get("within") == fields.get("group", object()):
        del fields["within"]  # a group within itself is refused when recorded
    if kind == "figure_reported":
        fields["people"] = draw(st.integers(0, 5000))
    for name, info in cls.model_fields.items():
        if name in _COMMON or name == "kind":
            continue
        if info.is_required() or draw(st.booleans()):
            fields[name] = draw(
                _SPECIAL[name] if name in _SPECIAL else _strategy_of(info.annotation)
            )
    return fields


def _strategy_of(annotation: Any) -> st.SearchStrategy[Any]:
    """Text, or one of the values a `Literal` field allows (also inside `X | None`)."""
    for arg in (annotation, *get_args(annotation)):
        if get_origin(arg) is Literal:
            return st.sampled_from(get_args(arg))
    return words


@st.composite
def case_histories(draw: st.DrawFn, max_cases: int = 3, max_facts: int = 8) -> list[dict[str, Any]]:
    """JSONL objects that open a few cases and record facts in them, in any interleaving."""
    cases = draw(st.lists(slugs, min_size=1, max_size=max_cases, unique=True))
    lines: list[dict[str, Any]] = [
        {"kind": "case_opened", "case": c, "title": draw(words)} for c in cases
    ]
    for _ in range(draw(st.integers(0, max_facts))):
        lines.append({"case": draw(st.sampled_from(cases)), **draw(fact_fields())})
    return lines


def string_fields(model: type[BaseModel]) -> list[tuple[str, bool, bool]]:
    """`(name, many, free)` for each field of `model` that takes strings, read from its JSON
    schema: `many` where it takes a list of them, `free` where it is free text (at most
    `TEXT_CHARS`, where a date, a slug or a grade has a form of its own). Kinds and other
    fields that list their values are left out, as are nested models and JSON values."""
    found = []
    for name, info in model.model_fields.items():
        schema = TypeAdapter(Annotated[info.annotation, info]).json_schema()
        many = schema.get("type") == "array"
        one = schema.get("items", {}) if many else schema
        for option in [one, *one.get("anyOf", [])]:
            if option.get("type") == "string" and not {"enum", "const"} & set(option):
                found.append((name, many, option.get("maxLength") == TEXT_CHARS))
                break
    return found


texts_of_any_character = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x7F), st.characters(codec="utf-8", exclude_categories=["Cs"])
    ),
    max_size=12,
).map(lambda text: f"x{text}")
"""Text of any characters, the ASCII controls as likely as the rest, never blank."""


@st.composite
def fact_changes(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """New values for one to three fields of a fact of `kind`, as a correction gives them (a
    group may come out within itself: recording refuses that)."""
    fields = draw(fact_fields(kind))
    names = st.sampled_from(sorted(set(fields) - {"kind"}))
    chosen = draw(st.lists(names, min_size=1, max_size=3, unique=True))
    return {name: fields[name] for name in chosen}


@st.composite
def dispute_values(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """Other values for fields of a fact of `kind`, as a dispute gives them (its sources are
    the dispute's own, never a value)."""
    values = draw(fact_changes(kind))
    values.pop("sources", None)
    return values or {"people": draw(st.integers(1, 5000))}


@st.composite
def citation_changes(draw: st.DrawFn, kind: str | None = None, cites: int = 1) -> dict[str, Any]:
    """What a correction of a citation citing `cites` sources changes (of a dispute, given
    the kind of the event it disputes): its note, its sources given anew, the quote or grade
    of one of them, or (a dispute's) the values it gives."""
    which = draw(
        st.sampled_from(["note", "sources", "quote", "grade", *(["values"] if kind else [])])
    )
    if which == "note":
        return {"note": draw(words)}
    if which == "sources":
        return {"sources": draw(st.lists(sources, min_size=1, max_size=2))}
    if which == "values":
        assert kind is not None
        return draw(dispute_values(kind))
    return {which: draw(words if which == "quote" else grades), "nth": draw(st.integers(1, cites))}
