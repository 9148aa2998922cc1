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
from events.ids import case_id
from projections.case_view import case_view
from projections.known import NOW, record_as_known
from projections.layout import ORDER, entry_filters
from projections.runner import Lagging, catch_up_to_read, open_views
from projections.sql_views import SQLRecordView
from projections.timeline import check_case, check_kinds, check_recorded, dates_between


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
    most: int | None = None,
) -> Iterator[tuple[str, bytes]] | None:
    """The rows `projections.timeline.timeline` reads now with these arguments, as (the
    case's id in hex, the entry's JSON); None where the views hold no JSON, or more than
    `most` rows (if given) of which these are.

    The rows are read whole, in one transaction, with the case's own row: a case the views
    hold exists (`check_case` is asked only of one they do not hold). The service answers
    with them whole."""
    low, high = dates_between(start, end)
    wanted = check_kinds(kinds)
    views = _sql_views(app)
    if views is None:
        if case:
            check_case(app, case)
        return None
    named = case_id(case) if case else None
    catch_up_to_read(app, views, lagging=lagging, cases=None if named is None else [named])
    where, params = entry_filters(named, low, high, include_retracted)
    limit = "" if most is None else f" LIMIT {int(most) + 1}"
    statement = f"SELECT case_id, entry FROM view_entries{where}{ORDER}{limit}"
    rows = views.tables.read(views.sql(statement), params)
    if most is not None and len(rows) > most:
        return None
    # a case with a row of its timeline is held (its rows are written and erased with its
    # own, in one transaction); one without is asked for
    held = (
        named is None or bool(rows) or bool(views.tables.read(views.sql(_CASE_HELD), [named.hex]))
    )
    if case and not held:  # opened since this read began, or never, or erased
        check_case(app, case)
        return iter(())
    return _entries(views, rows, wanted)


_CASE_HELD = "SELECT 1 FROM view_cases WHERE case_id = ?"


def _entries(
    views: SQLRecordView, rows: list[tuple[Any, ...]], kinds: frozenset[str]
) -> Iterator[tuple[str, bytes]]:
    for case_hex, entry in rows:
        found = views.unseal(case_hex, entry)
        if not kinds or orjson.loads(found)["kind"] in kinds:
            yield case_hex, found


def case_view_json(app: Timeline, slug: str) -> bytes | None:
    """The view of case `slug` now, as `projections.cases.case_view_of` reads it, as its
    JSON (folded from the case's own events where the views cannot be caught up first, or
    do not hold it yet); None where the views hold no JSON."""
    views = _sql_views(app)
    if views is None:
        check_case(app, slug)
        return None
    found = case_id(slug)
    if catch_up_to_read(app, views, cases=[found]):
        held = views.case_view_json(found)
        if held is not None:  # a case the views hold exists, and is not erased
            return held
    check_case(app, slug)
    record = record_as_known(app, NOW, slug)
    check_recorded(app, record.cases, slug, NOW)
    return case_view(record.cases[found]).model_dump_json().encode()


def case_views_json(
    app: Timeline, lagging: Lagging | None = None
) -> list[tuple[str, bytes]] | None:
    """Every case view now, in the order the cases were opened, as (its slug, its JSON);
    None where the views hold no JSON."""
    views = _sql_views(app)
    if views is None:
        return None
    catch_up_to_read(app, views, lagging=lagging)
    return views.case_views_json()
