"""The recorded history from a position on, as this account may see it (`replay --json`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from domain.access import Policy
from domain.application import Timeline
from domain.case import Case
from domain.recorded import Recorded
from projections.known import Known


def replayed(
    app: Timeline, policy: Policy, known: Known, *, after: int = 0, case: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every event recorded after position `after` (of one case, if given) that this account
    sees, in recorded order; read from `after` on, not from the start of the log."""
    from projections.recorded import read_recorded
    from projections.timeline import check_case

    if case is not None:
        policy.check_sees(case)
    wanted = check_case(app, case) if case is not None else None
    yield from seen(
        app, policy,
        read_recorded(app, after=after, until=known.until, as_of=known.as_of, originator=wanted),
    )  # fmt: skip


def seen(app: Timeline, policy: Policy, recorded: Iterable[Recorded]) -> Iterator[dict[str, Any]]:
    """The events of `recorded` this account sees, as `replay --json` shows them."""
    from projections.history import replay_entry

    slugs = _Slugs(app)
    for at in recorded:
        slug = slugs.of(at)
        if policy.sees(slug):
            yield replay_entry(at, slug)


class _Slugs:
    """Each case's slug by its id: the views' cases, and those opened since."""

    def __init__(self, app: Timeline) -> None:
        from projections.cases import case_views

        self.app = app
        self.by_id = {Case.create_id(v.slug): v.slug for v in case_views(app)}

    def of(self, at: Recorded) -> str:
        if isinstance(at.event, Case.Opened | Case.Erased):
            self.by_id[at.case_id] = at.event.slug
        if at.case_id not in self.by_id:  # an erased case: its last event, the erasure, names it
            (last,) = self.app.recorder.select_events(at.case_id, desc=True, limit=1)
            erasure = self.app.mapper.to_domain_event(last)
            assert isinstance(erasure, Case.Erased)
            self.by_id[at.case_id] = erasure.slug
        return self.by_id[at.case_id]
