"""The views' rows: what they hold, as a number, the timeline's order and filters over
them, and the projections' name.

Apart from `projections.views` so that a read finding its views current
(`projections.fresh`) reads them as the views do without importing the fold and its
models.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

VIEWS_LAYOUT = 9
"""What a view row holds, as a number: raised when that changes (2: groups, citations,
disputes and grades; 3: each group's status, and a case's status from its groups'; 4: no
control character but tab and newline, those stored before shown as their pictures; 5: each
citation's and dispute's corrections and retraction; 6: the group an event's people are
within, each group's status by date, its words and the group it is part of; 7: a case's
span as written; 8: the part of a date, and a source's `via`; 9: a group's people the sum
of the parts named apart within it, where larger), so that views written before are
rebuilt on their first use."""

FIRST, LAST = "0000-00-00", "9999-99-99"
"""How a timeline row writes an open or unknown start, and end: sorted before and after
every day."""


def day_key(day: date | None, unknown: str) -> str:
    """A possible day as a timeline row writes it: ISO, or `unknown` (`FIRST`, `LAST`)."""
    return day.isoformat() if day else unknown


VIEW_NAME = "views"
"""The projection's name: its environment prefix and its place in `projections status`."""

ORDER = " ORDER BY earliest, latest, position"
"""The timeline's order: earliest possible day, then latest, then when recorded."""


def entry_filters(
    case_id: UUID | None, low: date | None, high: date | None, include_retracted: bool
) -> tuple[str, list[Any]]:
    """The WHERE clause (with `?` parameters) and its parameters that keep the timeline
    rows of one case, overlapping [low, high], retracted ones only when asked."""
    clauses, params = [], []
    if case_id is not None:
        clauses.append("case_id = ?")
        params.append(case_id.hex)
    if low is not None:
        clauses.append("latest >= ?")
        params.append(low.isoformat())
    if high is not None:
        clauses.append("earliest <= ?")
        params.append(high.isoformat())
    if not include_retracted:
        clauses.append("retracted = 0")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
