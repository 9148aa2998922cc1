"""Reading case views: from the persisted view now, or folded as known at an earlier moment."""

from __future__ import annotations

from domain.application import Timeline
from domain.case import Case
from domain.errors import CaseErased
from projections.case_view import CaseView, case_view
from projections.known import NOW, Known, record_as_known
from projections.runner import Lagging, Progress, catch_up_to_read, open_views
from projections.timeline import check_case, check_recorded


def case_views(
    app: Timeline,
    known: Known = NOW,
    progress: Progress | None = None,
    lagging: Lagging | None = None,
) -> list[CaseView]:
    """Every case, in the order they were opened."""
    if known.now:
        views = open_views(app)
        catch_up_to_read(app, views, progress=progress, lagging=lagging)
        return views.case_views()
    return [case_view(case) for case in record_as_known(app, known).cases.values()]


def case_view_of(
    app: Timeline, slug: str, known: Known = NOW, progress: Progress | None = None
) -> CaseView:
    """One case, by its slug: from the views, or folded from its own events (read by
    index) where the views are behind the store."""
    if known.now:
        case_id = check_case(app, slug)
        views = open_views(app)
        if catch_up_to_read(app, views, progress=progress):
            view = views.case_view(case_id)
            if view is None:  # erased by another process since it was checked
                raise CaseErased(slug)
            return view
    record = record_as_known(app, known, slug)
    check_recorded(app, record.cases, slug, known)
    return case_view(record.cases[Case.create_id(slug)])
