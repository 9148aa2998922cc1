"""Writes: a body read within its limit, checked against the policy, carried out, attributed.

Every write goes through `record`: the instructions are carried out in one transaction
by the one application, each checked in its turn against the account's policy (a case
it may not see does not exist to it), each event stored with the account's name as its
`recorded_by`, and under an `Idempotency-Key` once only.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from fastapi import Request
from starlette.concurrency import run_in_threadpool

from domain.access import Policy
from domain.once import Once
from domain.recorded import Receipt
from events.instructions import Instruction
from events.json_input import JsonRefused, read_json
from service.problems import Problem
from service.state import Services

IDEMPOTENCY_KEY = "Idempotency-Key"
"""The header under which a write is carried out once: a retry under the same key, with the
same address and body, is answered as the first time and records nothing again."""
LONGEST_KEY = 255

_ONCE: list[dict[str, Any]] = [
    {
        "name": IDEMPOTENCY_KEY,
        "in": "header",
        "required": False,
        "description": "A key of your own (a new UUID) for this write: retried under it, with "
        "the same body, it is answered as the first time and records nothing again.",
        "schema": {"type": "string", "minLength": 1, "maxLength": LONGEST_KEY},
    }
]
JSON_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    "parameters": _ONCE,
}
"""The OpenAPI description of a write with a JSON object body (the routes read it whole,
then check it), and its `Idempotency-Key`."""
JSONL_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/jsonl": {"schema": {"type": "string"}}},
    },
    "parameters": _ONCE,
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


async def record(
    held: Services, policy: Policy, instructions: list[Instruction], request: Request, body: bytes
) -> list[Receipt]:
    """Carry out the instructions for this account, all or nothing, and attribute them; each
    is checked against its policy in its turn (`Timeline.carry_out`); once only under the
    request's `Idempotency-Key` (`domain.once`)."""
    once = once_of(request, policy, body)
    return await run_in_threadpool(_record, held, policy, instructions, once)


def _record(
    held: Services, policy: Policy, instructions: list[Instruction], once: Once | None
) -> list[Receipt]:
    return held.timeline.carry_out(instructions, policy=policy, once=once)


def once_of(request: Request, policy: Policy, body: bytes) -> Once | None:
    """The write this request asks under its `Idempotency-Key`, if it gives one: the key
    (as a token, or an RFC 8941 string in quotes), and a digest of the address and the body."""
    given = request.headers.getlist(IDEMPOTENCY_KEY)
    if not given:
        return None
    if len(given) > 1:
        raise Problem(400, f"{IDEMPOTENCY_KEY}: give one key, not {len(given)}")
    key = given[0].strip()
    if len(key) > 1 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not 0 < len(key) <= LONGEST_KEY or not all("!" <= c <= "~" for c in key):
        raise Problem(
            400, f"{IDEMPOTENCY_KEY}: give 1 to {LONGEST_KEY} visible ASCII characters "
            "(a new UUID for each new write)",
        )  # fmt: skip
    asked = hashlib.sha256(request.url.path.encode() + b"\n" + body).digest()
    return Once(policy.account.name, key, asked)


def recorded(receipt: Receipt) -> dict[str, Any]:
    """The new event as `replay --json` shows it, as the CLI's `--json` prints it."""
    from projections.history import receipt_entry

    return receipt_entry(receipt)
