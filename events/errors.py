"""One line that says what is wrong with a value, for every validation error."""

from __future__ import annotations

from pydantic import ValidationError

from events.facts import FACT_KINDS
from events.instructions import INSTRUCTION_KINDS

# pydantic puts the discriminator value (the kind) first in an error's location
_KIND_TAGS = frozenset([*FACT_KINDS, *INSTRUCTION_KINDS])


def describe(error: ValidationError) -> str:
    """`date: '2009-13': month 13 does not exist; people: Input should be >= 0 (got -1)`."""
    parts = []
    for item in error.errors(include_url=False):
        loc = ".".join(str(p) for p in item["loc"] if p not in _KIND_TAGS)
        message = item["msg"].removeprefix("Value error, ")
        value = item.get("input")
        shown = "" if isinstance(value, dict) or repr(value) in message else f" (got {value!r})"
        parts.append(f"{loc or 'value'}: {message}{shown}")
    return "; ".join(parts)
