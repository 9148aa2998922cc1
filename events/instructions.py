"""What a user asks the record to say: one instruction per CLI command or JSONL line.

A JSONL line is a JSON object with a `kind`. Fact kinds (`asylum_granted`, ...) add
a `case`; the others open, close or reopen a case, or correct or retract an
earlier event. The CLI builds the same instructions, so both validate alike.

Every instruction is named here. They are defined in two modules, so that an append, which
records a fact, defines and builds no other: `events.fact_instruction` (a fact's) and
`events.case_instructions` (the others); a line is read by `events.reading`.
"""

from __future__ import annotations

from events.case_instructions import (
    CASE_INSTRUCTION,
    Amending,
    CaseInstruction,
    CiteSource,
    CloseCase,
    CorrectEvent,
    DisputeEvent,
    EraseCase,
    OpenCase,
    ReopenCase,
    RetractEvent,
)
from events.fact_instruction import RecordFact
from events.reading import DRAFT_KEY, INSTRUCTION_KINDS, UnknownKind, read_instruction

__all__ = [
    "CASE_INSTRUCTION", "DRAFT_KEY", "INSTRUCTION_KINDS", "Amending", "CaseInstruction",
    "CiteSource", "CloseCase", "CorrectEvent", "DisputeEvent", "EraseCase", "Instruction",
    "OpenCase", "RecordFact", "ReopenCase", "RetractEvent", "UnknownKind", "read_instruction",
]  # fmt: skip

Instruction = OpenCase | CloseCase | ReopenCase | Amending | RecordFact
