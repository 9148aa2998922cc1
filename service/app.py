"""The HTTP service: one FastAPI app over one `Timeline`, its routers joined here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from domain.application import Timeline
from service import account, audit, cases, drafting, events, page, problems, reading, stream
from service.behind import SayBehind
from service.responses import OrjsonResponse
from service.state import Services
from storage.access import access_store

STORE_THREADS = 8
"""How many requests use the store at once; the others wait their turn. eventsourcing's
connection pools hold a few connections (SQLite: 5, and 10 more at most) and give up
after a few seconds: with the server's default of 40 threads a burst of requests would
wait on the pool and fail, where a queue of requests only waits. On PostgreSQL the pool
is opened with two connections a thread and one over (`open_timeline(threads=...)`)."""


@asynccontextmanager
async def _store_threads(app: FastAPI) -> AsyncIterator[None]:
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = STORE_THREADS
    yield


def create_app(timeline: Timeline, *, max_body: int = 10 * 1024 * 1024) -> FastAPI:
    """The service over `timeline` (and the accounts kept in its store)."""
    # FastAPI's own /docs page loads Swagger UI from a CDN: a team's service on a closed
    # network shows nothing, and any reader's browser tells a third party it looked.
    # fastapi-offline serves the same page with Swagger UI's files from this server.
    app = FastAPIOffline(
        lifespan=_store_threads,
        title="timeline",
        summary="An event-sourced record of what happened to people, when, and who says so.",
        default_response_class=OrjsonResponse,
        docs_url="/docs",
        redoc_url=None,
        static_url="/docs/assets",
        swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from swagger.io
        # Starlette answers `/cases/x/` with a redirect to `http://{Host header}/cases/x`:
        # a request naming another host would be sent there. A path is answered as given.
        redirect_slashes=False,
    )
    app.state.services = Services(timeline, access_store(timeline), max_body)
    app.add_middleware(SayBehind)
    problems.install(app)
    for router in (
        cases.router,
        stream.router,  # before events.router: /events/stream is not an event's id
        events.router,
        reading.router,
        audit.router,
        account.router,
        page.router,
        drafting.router,
    ):
        app.include_router(router)
    return app


STORE_VARIABLE = "TIMELINE_SERVE_STORE"
"""Where `timeline serve --workers N` tells each worker process which store to open."""


def served_from_environment() -> FastAPI:
    """The service in one of `serve --workers N`'s processes: each opens the store itself."""
    import os

    from storage.keyring import load_key
    from storage.opening import open_timeline

    key = os.environ.get("TIMELINE_KEY_FILE")  # set by `timeline serve --key-file`
    store, key_file = os.environ[STORE_VARIABLE], load_key(key) if key else None
    return create_app(open_timeline(store, key=key_file, threads=STORE_THREADS))
