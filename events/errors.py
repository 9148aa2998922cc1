"""One line that says what is wrong with a value, for every validation error."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from events.values import shown

if TYPE_CHECKING:
    from pydantic import ValidationError


@cache
def _not_fields() -> frozenset[str]:
    """pydantic puts the discriminator value (the kind) in an error's location, and a
    JSONL line's fields are validated inside `RecordFact.fact`: neither is the user's word.

    Asked when an error is described: the store's decoder imports this module, and a
    command that only reads should not build the instructions' schemas."""
    from events.facts import FACT_KINDS
    from events.reading import INSTRUCTION_KINDS

    return frozenset([*FACT_KINDS, *INSTRUCTION_KINDS, "fact"])


def describe(error: ValidationError) -> str:
    """`date: '2009-13': month 13 does not exist; people: Input should be >= 0 (got -1)`."""
    not_fields = _not_fields()
    parts = []
    items = error.errors(include_url=False, include_input=True)
    for item in items:
        if item["type"] == "too_short" and _within(item["loc"], items):
            continue  # a list whose items were refused is short of valid ones: said already
        loc = ".".join(str(p) for p in item["loc"] if p not in not_fields)
        message = item["msg"].removeprefix("Value error, ")
        value = item.get("input")
        quoted = shown(value)
        redundant = isinstance(value, dict) or (len(quoted) < 200 and quoted in message)
        parts.append(f"{loc or 'value'}: {message}{'' if redundant else f' (got {quoted})'}")
    return "; ".join(parts)


def _within(loc: tuple[Any, ...], items: list[Any]) -> bool:
    """Whether another error lies inside `loc`."""
    return any(len(i["loc"]) > len(loc) and tuple(i["loc"][: len(loc)]) == loc for i in items)
