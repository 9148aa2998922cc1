"""The instruction that records a dated fact in a case, and what every instruction shares:
apart from the others (`events.case_instructions`), so that an append, which records a fact,
defines no other instruction.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

from events.facts import Fact, complete
from events.values import Slug, check_group_names


class _Instruction(BaseModel):
    # each schema is built when first used: an append validates a fact, and builds neither
    # the schemas of opening, closing, correcting and the rest, nor their union
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


complete()  # built once, and referred to by RecordFact's schema and the store's decoder


class RecordFact(_Instruction):
    """Add a dated fact to a case."""

    case: Slug
    fact: Fact

    @model_validator(mode="after")
    def _group_named_once(self) -> RecordFact:
        check_group_names(self.fact.group, self.fact.within)
        return self
