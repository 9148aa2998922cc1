"""Reads of the whole record, as this account may see it: timeline, summary, replay, export.

A restricted case this account was not granted is left out of every one of them, and
naming it is answered as naming a case that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from domain.access import Policy
from projections.record import TimelineEntry
from reports.summary_options import By, SummaryFormat
from service.auth import Held, Reading
from service.params import After, AsOf, From, Retracted, To, Until, known
from service.responses import OrjsonResponse

router = APIRouter(tags=["reading"])

Cases = Annotated[list[str] | None, Query(alias="case", description="Only these cases.")]
Kinds = Annotated[list[str] | None, Query(alias="kind", description="Only events of these kinds.")]


class ExportFormat(StrEnum):
    html = "html"
    timelinejs = "timelinejs"
    csv = "csv"
    markdown = "markdown"
    jsonl = "jsonl"


MEDIA = {
    "json": "application/json", "text": "text/plain; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
    "timelinejs": "application/json", "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl",
}  # fmt: skip


def seen(policy: Policy, entries: Iterable[TimelineEntry]) -> Iterator[TimelineEntry]:
    return (e for e in entries if policy.sees(e.case))


def entries_seen(
    held: Held, policy: Policy, cases: list[str], **options: Any
) -> Iterator[TimelineEntry]:
    """The timeline of the cases named (every case seen if none), as this account sees it."""
    from projections.timeline import timeline_of

    for slug in cases:
        policy.check_sees(slug)
    return seen(policy, timeline_of(held.timeline, cases, **options))


@router.get("/timeline")
def show_timeline(
    policy: Reading, held: Held, case: Cases = None, from_: From = None, to: To = None,
    kind: Kinds = None, include_retracted: Retracted = False, as_of: AsOf = None,
    until: Until = None,
) -> Any:  # fmt: skip
    """The chronological timeline (as `show --json`)."""
    entries = entries_seen(
        held, policy, case or [], start=from_, end=to, kinds=kind or [],
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
    from reports import telling
    from reports.summary import SummaryStream
    from reports.wording import Scope

    entries = entries_seen(
        held, policy, case or [], start=from_, end=to, kinds=kind or [],
        include_retracted=include_retracted, known=known(as_of, until),
    )  # fmt: skip
    scope = Scope.of(case or [], from_, to, known(as_of, until), include_retracted, kind or [])
    told = SummaryStream(entries, by.value, scope)
    out: list[bytes] = []
    if format is SummaryFormat.json:
        telling.write_json(told, out.append)
    elif format is SummaryFormat.markdown:
        telling.write_markdown(told, lambda s: out.append(s.encode()))
    else:
        telling.write_text(told, lambda s: out.append(s.encode()), width=100)
    return Response(b"".join(out), media_type=MEDIA[format.value])


@router.get("/replay")
def replay(
    policy: Reading, held: Held, case: Annotated[str | None, Query()] = None,
    after: After = 0, limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    as_of: AsOf = None, until: Until = None,
) -> Any:  # fmt: skip
    """The recorded history after position `after`, at most `limit` events (as `replay --json`)."""
    from itertools import islice

    from service.history import replayed

    entries = replayed(held.timeline, policy, known(as_of, until), after=after, case=case)
    return OrjsonResponse(list(islice(entries, limit)))


@router.get("/export")
def export(
    policy: Reading, held: Held, format: ExportFormat = ExportFormat.html, case: Cases = None,
    from_: From = None, to: To = None, kind: Kinds = None, include_retracted: Retracted = False,
    as_of: AsOf = None, until: Until = None,
) -> Response:  # fmt: skip
    """The record in a format people use (as `timeline export`), of the cases seen."""
    from service.exporting import exported

    body = exported(
        held.timeline, policy, format.value, case or [], from_, to, include_retracted,
        known(as_of, until), kind or [],
    )  # fmt: skip
    return Response(body, media_type=MEDIA[format.value])
