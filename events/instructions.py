"""What a user asks the record to say: one instruction per CLI command or JSONL line.

A JSONL line is a JSON object with a `kind`. Fact kinds (`asylum_granted`, ...) add
a `case`; the others open, close or reopen a case, or correct or retract an
earlier event. The CLI builds the same instructions, so both validate alike.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from events.facts import FACT_KINDS, Fact, check_people, complete
from events.sources import Source
from events.values import AccountName, EventRef, Flag, Slug, Text, check_group_names


class _Instruction(BaseModel):
    # each schema is built when first used: an append validates a fact, and builds neither
    # the schemas of opening, closing, correcting and the rest, nor their union
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class OpenCase(_Instruction):
    """Open a case, named by a slug, with a title: restricted from its first event if
    `restricted` is true or `grants` names accounts, open to every account if `restricted`
    is false, and as the store's default for new cases says if neither is given."""

    kind: Literal["case_opened"] = "case_opened"
    case: Slug
    title: Text
    restricted: Flag | None = None
    grants: tuple[AccountName, ...] = ()

    @field_validator("grants")
    @classmethod
    def _granted_only_if_restricted(
        cls, grants: tuple[str, ...], given: ValidationInfo
    ) -> tuple[str, ...]:
        if grants and given.data.get("restricted") is False:
            raise ValueError(
                "a case open to every account grants no one: restrict it, or drop them"
            )
        return grants


class CloseCase(_Instruction):
    """Close a case: no more events until it is reopened."""

    kind: Literal["case_closed"] = "case_closed"
    case: Slug
    reason: Text


class ReopenCase(_Instruction):
    """Reopen a closed case."""

    kind: Literal["case_reopened"] = "case_reopened"
    case: Slug
    reason: Text


class CorrectEvent(_Instruction):
    """Give new values for fields of an earlier event, with the reason (and who says so).

    Of a citation or dispute (`events.citations`): its `note`, its sources (`sources`, given
    anew, here or in `changes`), the `quote` and `grade` of one of them (`nth`), a dispute's
    values."""

    kind: Literal["correction"] = "correction"
    event: EventRef
    changes: dict[str, JsonValue] = {}

    @field_validator("changes")
    @classmethod
    def _group_named_once(cls, changes: dict[str, JsonValue]) -> dict[str, JsonValue]:
        check_group_names(changes.get("group"), changes.get("within"))
        return changes

    reason: Text
    sources: tuple[Source, ...] = ()

    @model_validator(mode="after")
    def _changes_something(self) -> CorrectEvent:
        if not self.changes and not self.sources:
            raise ValueError("changes: give at least one new value")
        return self


class CiteSource(_Instruction):
    """Add sources that confirm an earlier event, without changing its facts."""

    kind: Literal["citation"] = "citation"
    event: EventRef
    sources: tuple[Source, ...] = Field(min_length=1)
    note: Text | None = None


class DisputeEvent(_Instruction):
    """Record that sources give other values for fields of an earlier event, which stays as
    recorded: the disagreement is held, not hidden."""

    kind: Literal["dispute"] = "dispute"
    event: EventRef
    values: dict[str, JsonValue] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)
    note: Text | None = None


class RetractEvent(_Instruction):
    """Withdraw an earlier event, citation or dispute from the record, with the reason."""

    kind: Literal["retraction"] = "retraction"
    event: EventRef
    reason: Text


class EraseCase(_Instruction):
    """Erase a case of an encrypted store, for a reason: a command of its own, never a line
    of an import (an erasure is not part of the record a file replays)."""

    kind: Literal["case_erased"] = "case_erased"
    case: Slug
    reason: Text


complete()  # built once, and referred to by RecordFact's schema and the store's decoder


class RecordFact(_Instruction):
    """Add a dated fact to a case."""

    case: Slug
    fact: Fact

    @model_validator(mode="after")
    def _group_named_once(self) -> RecordFact:
        check_group_names(self.fact.group, self.fact.within)
        return self


Amending = CorrectEvent | CiteSource | DisputeEvent | RetractEvent
"""Instructions about an earlier event, named by its id."""
CaseInstruction = Annotated[
    OpenCase | CloseCase | ReopenCase | Amending,
    Field(discriminator="kind"),
]
Instruction = OpenCase | CloseCase | ReopenCase | Amending | RecordFact

CASE_INSTRUCTION: TypeAdapter[CaseInstruction] = TypeAdapter(
    CaseInstruction, config=ConfigDict(defer_build=True)
)
INSTRUCTION_KINDS = ("case_opened", "case_closed", "case_reopened", "correction", "citation",
                     "dispute", "retraction")  # fmt: skip


DRAFT_KEY = "draft"
"""The key `timeline draft` gives each line it drafts (the sentence, a confidence, why): an
import reads the line without it, the source's quote still saying where the fact came from."""


class UnknownKind(ValueError):
    """A line whose `kind` is not in the vocabulary."""


def read_instruction(obj: Any) -> Instruction:
    """Validate one decoded JSON object as an instruction."""
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got a JSON {_json_type(obj)}")
    kind = obj.get("kind")
    if not isinstance(kind, str):
        got = "no kind" if kind is None else f"a kind that is a JSON {_json_type(kind)}"
        raise UnknownKind(f"{got}: give one of {_known()}")
    if kind in FACT_KINDS:
        fields = dict(obj)
        fields.pop(DRAFT_KEY, None)  # where `timeline draft` found it: not part of the fact
        case = fields.pop("case", None)
        if case is None:
            raise ValueError(f"a {kind} line needs a 'case'")
        recorded = RecordFact.model_validate({"case": case, "fact": fields})  # validated once
        check_people(kind, recorded.fact.people)  # not the model's rule: stored 0s stay readable
        return recorded
    if kind in INSTRUCTION_KINDS:
        return CASE_INSTRUCTION.validate_python(obj)
    raise UnknownKind(f"unknown kind {kind!r}; known kinds: {_known()}")


def _known() -> str:
    return ", ".join([*INSTRUCTION_KINDS, *FACT_KINDS])


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "number", float: "number", str: "string", list: "array"}
    return names.get(type(value), "object" if isinstance(value, dict) else "null")
