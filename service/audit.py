"""/audit: who recorded what, for admins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from service.auth import Administering, Held
from service.history import audited
from service.params import After
from service.responses import OrjsonResponse

router = APIRouter(tags=["audit"])


@router.get("/audit")
def audit(
    policy: Administering,
    held: Held,
    after: After = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> Any:
    """The recorded history after `after`, each event with the account that recorded it
    (`null`: recorded from the command line, which has no account)."""
    return OrjsonResponse(audited(held.timeline, policy, after=after, limit=limit))
