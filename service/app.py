"""The HTTP service: one FastAPI app over one `Timeline`, its routers joined here."""

from __future__ import annotations

from fastapi import FastAPI

from domain.application import Timeline
from service import account, audit, cases, events, page, problems, reading, stream
from service.responses import OrjsonResponse
from service.state import Services
from storage.access import access_store


def create_app(timeline: Timeline, *, max_body: int = 10 * 1024 * 1024) -> FastAPI:
    """The service over `timeline` (and the accounts kept in its store)."""
    app = FastAPI(
        title="timeline",
        summary="An event-sourced record of what happened to people, when, and who says so.",
        default_response_class=OrjsonResponse,
        docs_url=None,
        redoc_url=None,
    )
    app.state.services = Services(timeline, access_store(timeline), max_body)
    problems.install(app)
    for router in (
        cases.router,
        stream.router,  # before events.router: /events/stream is not an event's id
        events.router,
        reading.router,
        audit.router,
        account.router,
        page.router,
    ):
        app.include_router(router)
    return app


STORE_VARIABLE = "TIMELINE_SERVE_STORE"
"""Where `timeline serve --workers N` tells each worker process which store to open."""


def served_from_environment() -> FastAPI:
    """The service in one of `serve --workers N`'s processes: each opens the store itself."""
    import os

    from storage.opening import open_timeline

    return create_app(open_timeline(os.environ[STORE_VARIABLE]))
