"""/cases: the cases this account may see; opening one; recording an event in one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

import reads
from events.instructions import OpenCase, read_instruction
from service.auth import Asking, Held, Writing
from service.params import AsOf, Until, known
from service.problems import Problem
from service.responses import OrjsonResponse, StoredJson
from service.writing import JSON_BODY, json_object, read_body, record, recorded

router = APIRouter(prefix="/cases", tags=["cases"])


@router.get("")
def list_cases(asking: Asking, as_of: AsOf = None, until: Until = None) -> Any:
    """Every case this account may see, in the order they were opened (as `case list --json`)."""
    with asking.reading() as policy:
        moment = known(as_of, until)
        stored = reads.cases_json(asking.timeline, policy, known=moment)
        if stored is not None:
            return StoredJson.array(stored)
        views = reads.cases(asking.timeline, policy, known=moment)
    return OrjsonResponse([v.model_dump(mode="json") for v in views])


@router.post("", status_code=201, openapi_extra=JSON_BODY)
async def open_case(request: Request, policy: Writing, held: Held) -> Any:
    """Open a case: `{"case": SLUG, "title": ...}`; the opening as `replay --json` shows it."""
    raw = await read_body(request, held)
    body = json_object(raw)
    body.pop("kind", None)
    receipts = await record(held, policy, [OpenCase.model_validate(body)], request, raw)
    return OrjsonResponse(recorded(receipts[0]), 201)


@router.get("/{slug}")
def show_case(slug: str, asking: Asking, as_of: AsOf = None, until: Until = None) -> Any:
    """The current view of one case (as `case show --json`)."""
    with asking.reading() as policy:
        moment = known(as_of, until)
        stored = reads.case_json(asking.timeline, policy, slug, known=moment)
        if stored is not None:
            return StoredJson(stored)
        view = reads.case(asking.timeline, policy, slug, known=moment)
    return OrjsonResponse(view.model_dump(mode="json"))


@router.post("/{slug}/events", status_code=201, openapi_extra=JSON_BODY)
async def record_event(slug: str, request: Request, policy: Writing, held: Held) -> Any:
    """Record one event in the case: an import line without its `case`."""
    raw = await read_body(request, held)
    body = json_object(raw)
    if body.get("case", slug) != slug:
        raise Problem(400, f"case: the line names {body['case']!r}, the address {slug!r}")
    receipts = await record(held, policy, [read_instruction({**body, "case": slug})], request, raw)
    return OrjsonResponse(recorded(receipts[0]), 201)
