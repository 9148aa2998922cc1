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
from service.auth import Held, Reading
from service.params import After, AsOf, From, Retracted, To, Until, known
from service.responses import OrjsonResponse

router = APIRouter(tags=["reading"])

Cases = Annotated[list[str] | None, Query(alias="case", description="Only these cases.")]
Kinds = Annotated[list[str] | None, Query(alias="kind", description="Only events of these kinds.")]


@router.get("/timeline")
def show_timeline(
    policy: Reading, held: Held, case: Cases = None, from_: From = None, to: To = None,
    kind: Kinds = None, include_retracted: Retracted = False, as_of: AsOf = None,
    until: Until = None,
) -> Any:  # fmt: skip
    """The chronological timeline (as `show --json`)."""
    entries = reads.timeline(
        held.timeline, policy, case or [], start=from_, end=to, kinds=kind or [],
        include_retracted=include_retracted, known=known(as_of, until),
    )  # fmt: skip
    return OrjsonResponse([e.model_dump(mode="json") for e in entries])


@router.get("/summary")
def summary(
    policy: Reading, held: Held, format: SummaryFormat = SummaryFormat.json, by: By = By.auto,
    case: Cases = None, from_: From = None, to: To = None, kind: Kinds = None,
    include_retracted: Retracted = False, as_of: AsOf = None, until: Until = None,
) -> Response:  # fmt: skip
    """What happened, when, to how many, according to whom (as `summary --format`)."""
    told = reads.summary(
        held.timeline, policy, case or [], format=format, by=by, start=from_, end=to,
        kinds=kind or [], include_retracted=include_retracted, known=known(as_of, until),
        width=100,
    )  # fmt: skip
    return Response(written(told), media_type=format.media)


@router.get("/replay")
def replay(
    policy: Reading, held: Held, case: Annotated[str | None, Query()] = None,
    after: After = 0, limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    as_of: AsOf = None, until: Until = None,
) -> Any:  # fmt: skip
    """The recorded history after position `after`, at most `limit` events (as `replay --json`)."""
    entries = reads.replay(held.timeline, policy, case, known=known(as_of, until), after=after)
    return OrjsonResponse(list(islice(entries, limit)))


@router.get("/export")
def export(
    policy: Reading, held: Held, format: ExportFormat = ExportFormat.html, case: Cases = None,
    from_: From = None, to: To = None, kind: Kinds = None, include_retracted: Retracted = False,
    as_of: AsOf = None, until: Until = None,
) -> Response:  # fmt: skip
    """The record in a format people use (as `timeline export`), of the cases seen."""
    exported = reads.export(
        held.timeline, policy, format, case or [], start=from_, end=to, kinds=kind or [],
        include_retracted=include_retracted, known=known(as_of, until),
    )  # fmt: skip
    return Response(written(exported), media_type=format.media)


def written(writing: reads.Writing) -> bytes:
    """What `writing` writes, as UTF-8."""
    out: list[bytes] = []
    writing(lambda text: out.append(text.encode()))
    return b"".join(out)
