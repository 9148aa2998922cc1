"""A read served behind the store says so: the `Timeline-Behind` header.

Where the views (or the audit) cannot be caught up before a read (another process holds
the store's writer past the lock timeout: a long import, a rebuild), the read is served
from them as they stand, as on the command line, which says so on stderr. Over HTTP the
answer carries `Timeline-Behind: events=3, position=120, why="..."` (an RFC 8941
dictionary): how many events the store holds beyond what was shown, the position shown,
and why. A pure ASGI middleware, rather than Starlette's `BaseHTTPMiddleware`, so that a
streamed answer is passed through as it is written.
"""

from __future__ import annotations

from typing import Any

from projections.runner import TOLD_OF_LAG, Behind

HEADER = "Timeline-Behind"


def header_value(behind: Behind) -> str:
    return f'events={behind.last - behind.position}, position={behind.position}, why="{behind.why}"'


class SayBehind:
    """Adds `Timeline-Behind` to an answer whose read was served behind the store."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        heard: list[Behind] = []

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start" and heard:
                extra = (HEADER.lower().encode(), header_value(heard[-1]).encode())
                message = {**message, "headers": [*message.get("headers", []), extra]}
            await send(message)

        # the request's own context: a route run in a thread works on a copy of it, which
        # holds the same list
        token = TOLD_OF_LAG.set(heard.append)
        try:
            await self.app(scope, receive, sending)
        finally:
            TOLD_OF_LAG.reset(token)
