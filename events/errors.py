"""One line that says what is wrong with a value, for every validation error."""

from __future__ import annotations

from pydantic import ValidationError

from events.facts import FACT_KINDS
from events.instructions import INSTRUCTION_KINDS
from events.values import shown

# pydantic puts the discriminator value (the kind) in an error's location, and a
# JSONL line's fields are validated inside `RecordFact.fact`: neither is the user's word
_NOT_FIELDS = frozenset([*FACT_KINDS, *INSTRUCTION_KINDS, "fact"])


def describe(error: ValidationError) -> str:
    """`date: '2009-13': month 13 does not exist; people: Input should be >= 0 (got -1)`."""
    parts = []
    for item in error.errors(include_url=False, include_input=True):
        loc = ".".join(str(p) for p in item["loc"] if p not in _NOT_FIELDS)
        message = item["msg"].removeprefix("Value error, ")
        value = item.get("input")
        quoted = shown(value)
        redundant = isinstance(value, dict) or (len(quoted) < 200 and quoted in message)
        parts.append(f"{loc or 'value'}: {message}{'' if redundant else f' (got {quoted})'}")
    return "; ".join(parts)
