"""/events/stream: events as they are recorded, as server-sent events, for what the account
sees. `Last-Event-ID` (or `after`) resumes after a position; the event's id is its position."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from itertools import islice
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Header, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

import reads
from domain.access import Policy
from service.auth import Held, Reading, bearer, policy_of
from service.params import MAX_POSITION, After
from service.state import Services

router = APIRouter(tags=["stream"])

POLL = 0.5
"""Seconds between two looks at the log when nothing new was recorded."""
KEEPALIVE = 30
"""Polls without an event before a comment line keeps proxies from closing the stream."""


@router.get("/events/stream")
def stream(
    request: Request,
    policy: Reading,
    held: Held,
    after: After = 0,
    last_event_id: Annotated[int | None, Header(ge=0, le=MAX_POSITION)] = None,
) -> StreamingResponse:
    """Every event recorded after `after` (or the `Last-Event-ID` header), then each new one
    as it is recorded: `id` its position, `event` its kind, `data` as `replay --json`."""
    start = last_event_id if last_event_id is not None else after
    events = _events(request, held, bearer(request), start)
    return StreamingResponse(events, media_type="text/event-stream",
                             headers={"Cache-Control": "no-store"})  # fmt: skip


async def _events(request: Request, held: Services, token: str, after: int) -> AsyncIterator[bytes]:
    quiet = 0
    while not await request.is_disconnected():
        policy = await run_in_threadpool(policy_of, held, token)
        if policy is None:  # revoked while listening
            return
        page = await run_in_threadpool(_page, held, policy, after)
        for entry in page:
            after = entry["position"]
            yield _sse(entry)
        quiet = 0 if page else quiet + 1
        if quiet >= KEEPALIVE:
            quiet = 0
            yield b": keep-alive\n\n"
        if not page:
            await asyncio.sleep(POLL)


def _page(held: Services, policy: Policy, after: int) -> list[dict[str, Any]]:
    return list(islice(reads.replay(held.timeline, policy, after=after), 1000))


def _sse(entry: dict[str, Any]) -> bytes:
    head = f"id: {entry['position']}\nevent: {entry['kind']}\ndata: ".encode()
    return head + orjson.dumps(entry) + b"\n\n"
