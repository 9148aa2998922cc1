"""Reads of the whole record, as this account may see it: timeline, summary, replay, export.

A restricted case this account was not granted is left out of every one of them, and
naming it is answered as naming a case that does not exist (`reads`).
"""

from __future__ import annotations

from itertools import islice
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

import reads
from reports.formats import ExportFormat
from reports.summary_options import By, SummaryFormat
from service.auth import Asking
from service.params import After, AsOf, From, Retracted, To, Until, known
from service.responses import OrjsonResponse, StoredJson, written

router = APIRouter(tags=["reading"])

Cases = Annotated[list[str] | None, Query(alias="case", description="Only these cases.")]
Kinds = Annotated[list[str] | None, Query(alias="kind", description="Only events of these kinds.")]


@router.get("/timeline")
def show_timeline(
    asking: Asking, case: Cases = None, from_: From = None, to: To = None,
    kind: Kinds = None, include_retracted: Retracted = False, as_of: AsOf = None,
    until: Until = None,
) -> Any:  # fmt: skip
    """The chronological timeline (as `show --json`)."""
    asked: dict[str, Any] = dict(start=from_, end=to, kinds=kind or [],
                                 include_retracted=include_retracted)  # fmt: skip
    with asking.reading() as policy:
        moment = known(as_of, until)
        stored = reads.timeline_json(asking.timeline, policy, case or [], known=moment, **asked)
        if stored is not None:
            return StoredJson.array(list(stored))
        entries = reads.timeline(asking.timeline, policy, case or [], known=moment, **asked)
        found = [e.model_dump(mode="json") for e in entries]
    return OrjsonResponse(found)


@router.get("/summary")
def summary(
    asking: Asking, format: SummaryFormat = SummaryFormat.json, by: By = By.auto,
    case: Cases = None, from_: From = None, to: To = None, kind: Kinds = None,
    include_retracted: Retracted = False, as_of: AsOf = None, until: Until = None,
) -> Response:  # fmt: skip
    """What happened, when, to how many, according to whom (as `summary --format`)."""
    with asking.reading() as policy:
        text = asking.held.summaries.summary(
            asking.timeline, policy, case or [], format=format, by=by, start=from_, end=to,
            kinds=kind or [], include_retracted=include_retracted, known=known(as_of, until),
            width=100,
        )  # fmt: skip
    return Response(text, media_type=format.media)


@router.get("/replay")
def replay(
    asking: Asking, case: Annotated[str | None, Query()] = None,
    after: After = 0, limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    as_of: AsOf = None, until: Until = None,
) -> Any:  # fmt: skip
    """The recorded history after position `after`, at most `limit` events (as `replay --json`)."""
    with asking.reading() as policy:
        entries = reads.replay(asking.timeline, policy, case, known=known(as_of, until),
                               after=after)  # fmt: skip
        found = list(islice(entries, limit))
    return OrjsonResponse(found)


@router.get("/export")
def export(
    asking: Asking, format: ExportFormat = ExportFormat.html, case: Cases = None,
    from_: From = None, to: To = None, kind: Kinds = None, include_retracted: Retracted = False,
    as_of: AsOf = None, until: Until = None,
) -> Response:  # fmt: skip
    """The record in a format people use (as `timeline export`), of the cases seen."""
    with asking.reading() as policy:
        exported = reads.export(
            asking.timeline, policy, format, case or [], start=from_, end=to, kinds=kind or [],
            include_retracted=include_retracted, known=known(as_of, until),
        )  # fmt: skip
        text = written(exported)
    return Response(text, media_type=format.media)
