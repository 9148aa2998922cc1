"""The timeline: every dated event of the record, in chronological order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from domain.application import Timeline
from domain.case import Case
from domain.errors import CaseNotFound, CaseNotYetOpened
from events.edtf import parse_edtf
from projections.known import NOW, Known, record_as_known
from projections.record import TimelineEntry
from projections.runner import Lagging, Progress, catch_up_to_read, open_views


def timeline(
    app: Timeline,
    *,
    case: str | None = None,
    start: str | None = None,
    end: str | None = None,
    include_retracted: bool = False,
    kinds: Sequence[str] = (),
    known: Known = NOW,
    progress: Progress | None = None,
    lagging: Lagging | None = None,
) -> Iterator[TimelineEntry]:
    """The entries, optionally of one case, of some kinds and overlapping [start, end]
    (EDTF dates).

    Now: read from the persisted view after it catches up (or as it stands, behind the
    store, where it cannot: see `catch_up_to_read`). As known at an
    earlier moment: folded from the events recorded up to then.
    """
    low, high = dates_between(start, end)
    wanted = check_kinds(kinds)
    if known.now:
        case_id = check_case(app, case) if case else None
        views = open_views(app)
        catch_up_to_read(app, views, progress=progress, lagging=lagging)
        found = views.timeline(case_id, low, high, include_retracted)
    else:
        record = record_as_known(app, known, case)
        if case is not None:
            check_recorded(app, record.cases, case, known)
        found = (
            e
            for e in record.entries(include_retracted)
            if (low is None or e.latest is None or e.latest >= low)
            and (high is None or e.earliest is None or e.earliest <= high)
        )
    return (e for e in found if e.kind in wanted) if wanted else found


def dates_between(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """The earliest and latest days of [start, end] (EDTF dates), either open if not given."""
    low = parse_edtf(start).earliest if start else None
    high = parse_edtf(end).latest if end else None
    if low is not None and high is not None and low > high:
        raise ValueError(f"from {start} is after to {end}: no event could be in between")
    return low, high


def check_kinds(kinds: Sequence[str]) -> frozenset[str]:
    """The kinds asked for, each a kind of fact in the vocabulary."""
    from events.facts import FACT_KINDS

    for kind in kinds:
        if kind not in FACT_KINDS:
            raise ValueError(f"no kind {kind!r}: `timeline kinds` lists the kinds of event")
    return frozenset(kinds)


def check_case(app: Timeline, slug: str) -> UUID:
    """The id of case `slug`, which must exist in the store."""
    if not app.has_case(slug):
        raise CaseNotFound(slug)
    case_id = Case.create_id(slug)
    if app.keyring is not None and app.keyring.is_erased(case_id):
        from domain.errors import CaseErased

        raise CaseErased(slug)
    return case_id


def check_recorded(app: Timeline, cases: Mapping[UUID, object], slug: str, known: Known) -> None:
    """Case `slug` must be in the record as folded at `known` (it may not have been opened
    yet then, which is said as such rather than as a case to open)."""
    if Case.create_id(slug) not in cases:
        if app.has_case(slug):
            raise CaseNotYetOpened(slug, known.said())
        raise CaseNotFound(slug)


def timeline_of(app: Timeline, cases: Sequence[str], **options: Any) -> Iterator[TimelineEntry]:
    """The timeline of several cases together (of every case if none is named); of one
    case, streamed as it is read."""
    named = list(dict.fromkeys(cases))
    if len(named) < 2:
        return timeline(app, case=named[0] if named else None, **options)
    found = [e for case in named for e in timeline(app, case=case, **options)]
    return iter(sorted(found, key=TimelineEntry.sort_key))
