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

from service.auth import Asking, policy_of
from service.params import MAX_POSITION, After
from service.state import Services

router = APIRouter(tags=["stream"])

POLL = 0.5
"""Seconds between two looks at the log when nothing new was recorded."""
KEEPALIVE = 30
"""Polls without an event before a comment line keeps proxies from closing the stream."""
PAGE = 1000
"""The most events read from the log at each look."""


@router.get("/events/stream")
def stream(
    request: Request,
    asking: Asking,
    after: After = 0,
    last_event_id: Annotated[int | None, Header(ge=0, le=MAX_POSITION)] = None,
) -> StreamingResponse:
    """Every event recorded after `after` (or the `Last-Event-ID` header), then each new one
    as it is recorded: `id` its position, `event` its kind, `data` as `replay --json`."""
    asking.policy()  # 401 without a live account; each page reads it again, after its events
    start = last_event_id if last_event_id is not None else after
    events = _events(request, asking.held, asking.token, start)
    return StreamingResponse(events, media_type="text/event-stream",
                             headers={"Cache-Control": "no-store"})  # fmt: skip


async def _events(request: Request, held: Services, token: str, after: int) -> AsyncIterator[bytes]:
    quiet = 0
    while not await request.is_disconnected():
        page = await run_in_threadpool(_page, held, token, after)
        if page is None:  # revoked while listening
            return
        entries, after, read = page
        for entry in entries:
            yield _sse(entry)
        quiet = 0 if entries else quiet + 1
        if quiet >= KEEPALIVE:
            quiet = 0
            yield b": keep-alive\n\n"
        if not read:
            await asyncio.sleep(POLL)


def _page(held: Services, token: str, after: int) -> tuple[list[dict[str, Any]], int, int] | None:
    """The events after `after` that the account holding `token` sees, the position read to
    and how many were read; None once its token no longer works.

    The account's policy is read after the events, never before: a case among them opened
    restricted had its restriction stored with its opening, so this policy knows it. Read
    first, a policy could predate a case opened in between and show its events to all."""
    from projections.history import replayed
    from projections.recorded import read_recorded

    recorded = list(islice(read_recorded(held.timeline, after=after), PAGE))
    policy = policy_of(held, token)
    if policy is None:
        return None
    last = recorded[-1].position if recorded else after
    return list(replayed(held.timeline, recorded, policy.sees)), last, len(recorded)


def _sse(entry: dict[str, Any]) -> bytes:
    head = f"id: {entry['position']}\nevent: {entry['kind']}\ndata: ".encode()
    return head + orjson.dumps(entry) + b"\n\n"
