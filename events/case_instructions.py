"""The instructions about a case as a whole or about an earlier event: opening, closing and
reopening a case, correcting, citing, disputing, retracting, erasing.

Imported where one of them is given or read (`events.reading`); `events.instructions` names
every instruction.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    ConfigDict,
    Field,
    JsonValue,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)

from events.fact_instruction import _Instruction
from events.sources import Source
from events.values import AccountName, EventRef, Flag, Slug, Text, check_group_names


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


Amending = CorrectEvent | CiteSource | DisputeEvent | RetractEvent
"""Instructions about an earlier event, named by its id."""
CaseInstruction = Annotated[
    OpenCase | CloseCase | ReopenCase | Amending,
    Field(discriminator="kind"),
]

CASE_INSTRUCTION: TypeAdapter[CaseInstruction] = TypeAdapter(
    CaseInstruction, config=ConfigDict(defer_build=True)
)
