"""Reading one instruction (`read_instruction`): a line's `kind` says which. The instruction
that records a fact (`events.fact_instruction`) is defined with this module, the others
(`events.case_instructions`) only when a line names one of them: an append defines and
builds nothing else. `events.instructions` names all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from events.fact_instruction import RecordFact
from events.facts import FACT_KINDS, check_people

if TYPE_CHECKING:
    from events.case_instructions import CaseInstruction


INSTRUCTION_KINDS = ("case_opened", "case_closed", "case_reopened", "correction", "citation",
                     "dispute", "retraction")  # fmt: skip


DRAFT_KEY = "draft"
"""The key `timeline draft` gives each line it drafts (the sentence, a confidence, why): an
import reads the line without it, the source's quote still saying where the fact came from."""


class UnknownKind(ValueError):
    """A line whose `kind` is not in the vocabulary."""


def read_instruction(obj: Any) -> RecordFact | CaseInstruction:
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
        return _case_instruction(obj)
    raise UnknownKind(f"unknown kind {kind!r}; known kinds: {_known()}")


def _case_instruction(obj: dict[str, Any]) -> CaseInstruction:
    from events.case_instructions import CASE_INSTRUCTION

    return CASE_INSTRUCTION.validate_python(obj)


def _known() -> str:
    return ", ".join([*INSTRUCTION_KINDS, *FACT_KINDS])


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "number", float: "number", str: "string", list: "array"}
    return names.get(type(value), "object" if isinstance(value, dict) else "null")
