"""Whether the persisted views hold what a rebuild would make of the same events."""

from __future__ import annotations

from projections.case_view import case_view
from projections.record import Record
from projections.views import RecordView


def views_differ(view: RecordView, record: Record) -> str | None:
    """Where `view` differs from `record` (the fold of the events up to the view's tracked
    position), or None where they agree row for row."""
    stored = list(view.timeline(include_retracted=True))
    folded = record.entries(include_retracted=True)
    for kept, made in zip(stored, folded, strict=False):
        if kept.model_dump(mode="json") != made.model_dump(mode="json"):
            return f"the timeline row of {made.id} differs from a rebuild"
    if len(stored) != len(folded):
        return f"the views hold {len(stored):,} timeline rows where a rebuild makes {len(folded):,}"
    kept_cases = {v.slug: v.model_dump(mode="json") for v in view.case_views()}
    made_cases = {v.slug: v.model_dump(mode="json") for v in map(case_view, record.cases.values())}
    for slug in sorted(kept_cases.keys() | made_cases.keys()):
        if kept_cases.get(slug) != made_cases.get(slug):
            return f"the view of case {slug!r} differs from a rebuild"
    return None
