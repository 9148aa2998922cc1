"""Writes about an earlier event (a correction, a citation, a dispute, a retraction): one
way to read, check and record them, and the answer each gives.

Each answer is the new event as `replay --json` shows it (what the CLI's `--json` prints
for the same command); the models below describe it in the OpenAPI document, and the
service's tests check every answer against them.
"""

from __future__ import annotations

from typing import Literal

from fastapi import Request
from pydantic import BaseModel, ConfigDict, JsonValue

from domain.access import Policy
from events.instructions import CiteSource, CorrectEvent, DisputeEvent, RetractEvent
from events.sources import Source
from service.responses import OrjsonResponse
from service.state import Services
from service.writing import json_object, read_body, record, recorded

AmendingInstruction = (
    type[CorrectEvent] | type[CiteSource] | type[DisputeEvent] | type[RetractEvent]
)


async def amend(
    event: str, request: Request, policy: Policy, held: Services, made: AmendingInstruction
) -> OrjsonResponse:
    """Record the instruction the body gives about `event` (the address names the event;
    a `kind` in the body is ignored), for this account; the new event, 201."""
    raw = await read_body(request, held)
    body = json_object(raw)
    body.pop("kind", None)
    instruction = made.model_validate({**body, "event": event})
    receipts = await record(held, policy, [instruction], request, raw)
    return OrjsonResponse(recorded(receipts[0]), 201)


class _Recorded(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    position: int
    recorded: str
    id: str
    event: str


class CorrectionRecorded(_Recorded):
    """A correction as recorded: the new values of the event's fields, why and who says so."""

    kind: Literal["correction"]
    changes: dict[str, JsonValue]
    reason: str
    sources: list[Source]


class CitationRecorded(_Recorded):
    """A citation as recorded: the sources that confirm the event."""

    kind: Literal["citation"]
    sources: list[Source]
    note: str | None


class DisputeRecorded(_Recorded):
    """A dispute as recorded: the values its sources give instead of the event's."""

    kind: Literal["dispute"]
    values: dict[str, JsonValue]
    sources: list[Source]
    note: str | None


class RetractionRecorded(_Recorded):
    """A retraction as recorded: why the event is withdrawn."""

    kind: Literal["retraction"]
    reason: str
