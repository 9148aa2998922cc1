"""Reading the views now as the JSON their rows hold, for a door that sends it on as it is.

The views write each timeline entry and each case view as JSON (`projections.sql_views`),
the JSON `show --json` and `case show --json` print. The service answers a case, the case
list and the timeline with those rows as they are, as the command line's fresh path does
(`projections.fresh`), instead of reading each into its model and writing it out again:
for a case of a hundred events, a tenth of the time. The checks, the catch-up and the
filters are the timeline's (`projections.timeline`, `projections.cases`).

Views kept in memory hold models, not JSON, and a read of an earlier moment is folded from
the events: those are `None` here, and the door takes the models' path.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import orjson

from domain.application import Timeline
from domain.errors import CaseErased
from projections.case_view import case_view
from projections.known import NOW, record_as_known
from projections.layout import ORDER, entry_filters
from projections.runner import Lagging, catch_up_to_read, open_views
from projections.sql_views import SQLRecordView
from projections.timeline import check_case, check_kinds, check_recorded, dates_between
from storage.tables import values


def _sql_views(app: Timeline) -> SQLRecordView | None:
    views = open_views(app)
    return views if isinstance(views, SQLRecordView) else None


def timeline_rows(
    app: Timeline,
    *,
    case: str | None = None,
    start: str | None = None,
    end: str | None = None,
    include_retracted: bool = False,
    kinds: Sequence[str] = (),
    lagging: Lagging | None = None,
) -> Iterator[tuple[str, bytes]] | None:
    """The rows `projections.timeline.timeline` reads now with these arguments, as (the
    case's id in hex, the entry's JSON), streamed; None where the views hold no JSON."""
    low, high = dates_between(start, end)
    wanted = check_kinds(kinds)
    case_id = check_case(app, case) if case else None
    views = _sql_views(app)
    if views is None:
        return None
    catch_up_to_read(app, views, lagging=lagging, cases=None if case_id is None else [case_id])
    where, params = entry_filters(case_id, low, high, include_retracted)
    statement = views.sql(f"SELECT case_id, entry FROM view_entries{where}{ORDER}")
    return _entries(views, views.stream(statement, tuple(params)), wanted)


def _entries(
    views: SQLRecordView, rows: Iterator[Any], kinds: frozenset[str]
) -> Iterator[tuple[str, bytes]]:
    for row in rows:
        case_hex, entry = values(row)
        found = views.unseal(case_hex, entry)
        if not kinds or orjson.loads(found)["kind"] in kinds:
            yield case_hex, found


def case_view_json(app: Timeline, slug: str) -> bytes | None:
    """The view of case `slug` now, as `projections.cases.case_view_of` reads it, as its
    JSON (folded from the case's own events where the views cannot be caught up first);
    None where the views hold no JSON."""
    case_id = check_case(app, slug)
    views = _sql_views(app)
    if views is None:
        return None
    if not catch_up_to_read(app, views, cases=[case_id]):
        record = record_as_known(app, NOW, slug)
        check_recorded(app, record.cases, slug, NOW)
        return case_view(record.cases[case_id]).model_dump_json().encode()
    rows = _rows(views, "SELECT view FROM view_cases WHERE case_id = ?", case_id.hex)
    if not rows:  # erased by another process since it was checked
        raise CaseErased(slug)
    return views.unseal(case_id.hex, rows[0][0])


def case_views_json(
    app: Timeline, lagging: Lagging | None = None
) -> list[tuple[str, bytes]] | None:
    """Every case view now, in the order the cases were opened, as (its slug, its JSON);
    None where the views hold no JSON."""
    views = _sql_views(app)
    if views is None:
        return None
    catch_up_to_read(app, views, lagging=lagging)
    rows = _rows(views, "SELECT slug, case_id, view FROM view_cases ORDER BY opened")
    return [(slug, views.unseal(case_hex, view)) for slug, case_hex, view in rows]


def _rows(views: SQLRecordView, statement: str, *params: Any) -> list[tuple[Any, ...]]:
    with views.transaction(commit=False) as c:
        c.execute(views.sql(statement), params)
        return [values(row) for row in c.fetchall()]
