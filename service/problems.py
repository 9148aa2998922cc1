"""One map from what went wrong to an RFC 9457 problem: type, title, status, detail.

As `cli/errors.py` maps an error to a line and an exit code, this maps it to a status:
400/422 bad input (422 too for an idempotency key given with another request), 401 no or
bad token, 403 not allowed, 404 not found (or not visible to this account), 409 refused by
the record, 410 an erased case, 413 too large. Nothing else reaches a client: an unexpected
error is a 500 that names no code.
"""

from __future__ import annotations

import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from domain.access import AccountNotFound, NotAllowed
from domain.errors import (
    CaseErased,
    CaseNotFound,
    EventNotFound,
    KeyReused,
    Refused,
    TimelineError,
)

log = logging.getLogger("timeline.service")

TITLES = {
    400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
    405: "Method not allowed", 409: "Refused by the record", 410: "Gone", 413: "Content too large",
    422: "Unprocessable content", 500: "Internal error",
}  # fmt: skip


class Problem(Exception):
    """An HTTP problem raised by the service itself."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    body = {
        "type": f"urn:timeline:problem:{status}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    return Response(orjson.dumps(body), status, headers, media_type="application/problem+json")


def status_of(error: BaseException) -> tuple[int, str]:
    """The status and detail for an error of the record or its input."""
    from eventsourcing.persistence import MapperDeserialisationError
    from pydantic import ValidationError

    from events.errors import describe

    if isinstance(error, Refused):
        return status_of(error.cause)[0], str(error)
    if isinstance(error, CaseNotFound | EventNotFound | AccountNotFound):
        return 404, str(error)
    if isinstance(error, NotAllowed):
        return 403, str(error)
    if isinstance(error, CaseErased):
        return 410, str(error)
    if isinstance(error, KeyReused):
        return 422, str(error)
    if isinstance(error, TimelineError | MapperDeserialisationError):
        return 409, str(error)
    if isinstance(error, ValidationError):
        return 422, describe(error)
    if isinstance(error, ValueError):
        return 400, str(error)
    raise error


def install(app: FastAPI) -> None:
    """Every error the service can meet, answered as a problem."""

    async def on_problem(request: Request, error: Exception) -> Response:
        assert isinstance(error, Problem)
        return problem(error.status, error.detail, error.headers)

    async def on_http(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return problem(error.status_code, str(error.detail), dict(error.headers or {}))

    async def on_invalid(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return problem(422, "; ".join(_where(e) for e in error.errors()))

    async def on_error(request: Request, error: Exception) -> Response:
        from eventsourcing.persistence import ConnectionUnavailableError

        if isinstance(error, ConnectionUnavailableError):
            # every connection to the store stayed busy past the pool's timeout
            return problem(503, "the store is busy: try again in a moment", {"Retry-After": "1"})
        try:
            status, detail = status_of(error)
        except Exception:
            log.exception("unexpected error on %s %s", request.method, request.url.path)
            return problem(500, "the service failed; the record is unchanged by this request")
        return problem(status, detail)

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_invalid)
    from eventsourcing.persistence import MapperDeserialisationError
    from pydantic import ValidationError

    for known in (TimelineError, MapperDeserialisationError, ValidationError, ValueError):
        app.add_exception_handler(known, on_error)
    app.add_exception_handler(Exception, on_error)


def _where(error: Any) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg"))
