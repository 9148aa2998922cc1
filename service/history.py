"""The recorded history from a position on, as this account may see it (`replay --json`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from domain.access import Policy
from domain.application import Timeline
from domain.case import Case
from projections.known import Known


def replayed(
    app: Timeline, policy: Policy, known: Known, *, after: int = 0, case: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every event recorded after position `after` (of one case, if given) that this account
    sees, in recorded order; read from `after` on, not from the start of the log."""
    from projections.cases import case_views
    from projections.history import replay_entry
    from projections.recorded import read_recorded
    from projections.timeline import check_case

    if case is not None:
        policy.check_sees(case)
    wanted = check_case(app, case) if case is not None else None
    slugs = {Case.create_id(v.slug): v.slug for v in case_views(app)}
    for at in read_recorded(
        app, after=after, until=known.until, as_of=known.as_of, originator=wanted
    ):
        if isinstance(at.event, Case.Opened):  # opened since the views were read
            slugs[at.case_id] = at.event.slug
        slug = slugs[at.case_id]
        if policy.sees(slug):
            yield replay_entry(at, slug)
