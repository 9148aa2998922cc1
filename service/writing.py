"""Writes: a body read within its limit, checked against the policy, carried out, attributed.

Every write goes through `record`: the instructions are carried out in one transaction
by the one application, each checked in its turn against the account's policy (a case
it may not see does not exist to it), each event stored with the account's name as its
`recorded_by`.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request
from starlette.concurrency import run_in_threadpool

from domain.access import Policy
from domain.recorded import Receipt
from events.instructions import Instruction
from events.json_input import JsonRefused, read_json
from service.problems import Problem
from service.state import Services

JSON_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}
"""The OpenAPI description of a JSON object body (the routes read it whole, then check it)."""
JSONL_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/jsonl": {"schema": {"type": "string"}}},
    }
}


async def read_body(request: Request, held: Services) -> bytes:
    """The request's body; 413 past the service's limit, before reading it all."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > held.max_body:
        raise Problem(413, f"the body is larger than {held.max_body} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > held.max_body:
            raise Problem(413, f"the body is larger than {held.max_body} bytes")
    return bytes(body)


def json_object(body: bytes) -> dict[str, Any]:
    """The body as one JSON object; 400 if it is not."""
    try:
        value = read_json(body)
    except orjson.JSONDecodeError as error:
        raise Problem(400, f"malformed JSON: {error.msg}") from None
    except JsonRefused as error:
        raise Problem(400, str(error)) from None
    if not isinstance(value, dict):
        raise Problem(400, "the body must be one JSON object")
    return value


async def record(held: Services, policy: Policy, instructions: list[Instruction]) -> list[Receipt]:
    """Carry out the instructions for this account, all or nothing, and attribute them; each
    is checked against its policy in its turn (`Timeline.carry_out`)."""
    return await run_in_threadpool(_record, held, policy, instructions)


def _record(held: Services, policy: Policy, instructions: list[Instruction]) -> list[Receipt]:
    return held.timeline.carry_out(instructions, policy=policy)


def recorded(receipt: Receipt) -> dict[str, Any]:
    """The new event as `replay --json` shows it, as the CLI's `--json` prints it."""
    from projections.history import receipt_entry

    return receipt_entry(receipt)
