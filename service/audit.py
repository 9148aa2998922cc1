"""/audit: who recorded what, for admins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

import reads
from projections.audit import AuditRow
from service.auth import Administering, Held
from service.params import After
from service.responses import OrjsonResponse

router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=list[AuditRow])
def audit(
    policy: Administering,
    held: Held,
    after: After = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    case: Annotated[str | None, Query(description="Only this case (its slug).")] = None,
    account: Annotated[
        str | None,
        Query(description="Only this account's writes; empty: those from the command line."),
    ] = None,
) -> Any:
    """Who recorded each event after position `after`, and when, from the audit's own
    projection: `account` is `null` for what was recorded from the command line. No facts."""
    from projections.audit import as_json

    rows = reads.audit(held.timeline, policy, after=after, limit=limit, case=case, account=account)
    return OrjsonResponse([as_json(row) for row in rows])
