"""One line that says what is wrong with a value, for every validation error."""

from __future__ import annotations

from pydantic import ValidationError

from events.facts import FACT_KINDS
from events.instructions import INSTRUCTION_KINDS

# pydantic puts the discriminator value (the kind) in an error's location, and a
# JSONL line's fields are validated inside `RecordFact.fact`: neither is the user's word
_NOT_FIELDS = frozenset([*FACT_KINDS, *INSTRUCTION_KINDS, "fact"])


def describe(error: ValidationError) -> str:
    """`date: '2009-13': month 13 does not exist; people: Input should be >= 0 (got -1)`."""
    parts = []
    for item in error.errors(include_url=False):
        loc = ".".join(str(p) for p in item["loc"] if p not in _NOT_FIELDS)
        message = item["msg"].removeprefix("Value error, ")
        value = item.get("input")
        shown = "" if isinstance(value, dict) or repr(value) in message else f" (got {value!r})"
        parts.append(f"{loc or 'value'}: {message}{shown}")
    return "; ".join(parts)
