"""The timeline view: every dated event of the record, in chronological order."""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from eventsourcing.application import Application

from domain.case import Case
from domain.errors import CaseNotFound
from events.edtf import parse_edtf
from projections.record import TimelineEntry, fold
from projections.recorded import read_recorded


def timeline(
    app: Application[UUID],
    *,
    case: str | None = None,
    start: str | None = None,
    end: str | None = None,
    include_retracted: bool = False,
) -> list[TimelineEntry]:
    """The entries, optionally of one case and overlapping [start, end] (EDTF dates)."""
    record = fold(read_recorded(app))
    if case is not None:
        check_case(record.cases, case)
    low = parse_edtf(start).earliest if start else None
    high = parse_edtf(end).latest if end else None
    return [
        e
        for e in record.entries(include_retracted)
        if (case is None or e.case == case)
        and (low is None or e.latest is None or e.latest >= low)
        and (high is None or e.earliest is None or e.earliest <= high)
    ]


def check_case(cases: Mapping[UUID, object], slug: str) -> None:
    if Case.create_id(slug) not in cases:
        raise CaseNotFound(slug)
