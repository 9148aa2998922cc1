"""Writes that name events: corrections, citations, disputes, retractions, and many lines at
once (/import)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from fastapi import APIRouter, Request
from pydantic import ValidationError

import reads
from domain.errors import Refused, TimelineError
from events.instructions import (
    CiteSource,
    CorrectEvent,
    DisputeEvent,
    Instruction,
    RetractEvent,
    read_instruction,
)
from events.json_input import read_json
from service.amending import (
    CitationRecorded,
    CorrectionRecorded,
    DisputeRecorded,
    RetractionRecorded,
    amend,
)
from service.auth import Asking, Held, Writing
from service.params import AsOf, Until, known
from service.problems import Problem, status_of
from service.responses import OrjsonResponse
from service.writing import JSON_BODY, JSONL_BODY, read_body, record

router = APIRouter(tags=["events"])


@router.get("/events/{event}")
def event_detail(event: str, asking: Asking, as_of: AsOf = None, until: Until = None) -> Any:
    """One dated event as the timeline shows it (`entry`), and its recorded `history`: the
    line that recorded it, then each correction and retraction of it."""
    with asking.reading() as policy:
        found = reads.history(asking.timeline, policy, event, known=known(as_of, until))
    return OrjsonResponse(found)


@router.post(
    "/events/{event}/corrections",
    status_code=201,
    openapi_extra=JSON_BODY,
    response_model=CorrectionRecorded,
)
async def correct(event: str, request: Request, policy: Writing, held: Held) -> Any:
    """Correct fields of an event: `{"changes": {...}, "reason": ..., "sources": [...]}`."""
    return await amend(event, request, policy, held, CorrectEvent)


@router.post(
    "/events/{event}/citations",
    status_code=201,
    openapi_extra=JSON_BODY,
    response_model=CitationRecorded,
)
async def cite(event: str, request: Request, policy: Writing, held: Held) -> Any:
    """Cite sources that confirm an event, without changing it: `{"sources": [...],
    "note": ...}` (as `timeline cite`)."""
    return await amend(event, request, policy, held, CiteSource)


@router.post(
    "/events/{event}/disputes",
    status_code=201,
    openapi_extra=JSON_BODY,
    response_model=DisputeRecorded,
)
async def dispute(event: str, request: Request, policy: Writing, held: Held) -> Any:
    """Record that sources give other values for fields of an event, which stays as it is:
    `{"values": {FIELD: VALUE}, "sources": [...], "note": ...}` (as `timeline dispute`)."""
    return await amend(event, request, policy, held, DisputeEvent)


@router.post(
    "/events/{event}/retractions",
    status_code=201,
    openapi_extra=JSON_BODY,
    response_model=RetractionRecorded,
)
async def retract(event: str, request: Request, policy: Writing, held: Held) -> Any:
    """Retract an event: `{"reason": ...}`."""
    return await amend(event, request, policy, held, RetractEvent)


@router.post("/import", status_code=201, openapi_extra=JSONL_BODY)
async def import_lines(request: Request, policy: Writing, held: Held) -> Any:
    """Many lines of JSON (the import format), stored all or nothing; a refusal names the
    first wrong line. Answers as `import --json`: each new event's id and position."""
    body = await read_body(request, held)
    numbers, instructions = read_lines(body)
    try:
        receipts = await record(held, policy, instructions, request, body)
    except Refused as refused:
        status, detail = status_of(refused)
        raise Problem(status, f"line {numbers[refused.index]}: {detail}") from None
    return OrjsonResponse([{"id": str(r.id), "position": r.at.position} for r in receipts], 201)


def read_lines(body: bytes) -> tuple[list[int], list[Instruction]]:
    """The instructions of a JSON Lines body with their line numbers; the first bad one raises."""
    numbers: list[int] = []
    instructions: list[Instruction] = []
    for number, row in enumerate(body.splitlines(), 1):
        if row.strip():
            with on_line(number):
                instructions.append(read_instruction(read_json(row)))
            numbers.append(number)
    if not instructions:
        raise Problem(400, "no events in the body")
    return numbers, instructions


@contextmanager
def on_line(number: int) -> Iterator[None]:
    """What goes wrong within the block is a problem that names line `number`."""
    try:
        yield
    except orjson.JSONDecodeError as error:
        raise Problem(400, f"line {number}: malformed JSON: {error.msg}") from None
    except (TimelineError, ValidationError, ValueError) as error:
        status, detail = status_of(error)
        raise Problem(status, f"line {number}: {detail}") from None
