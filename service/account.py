"""/account and /kinds: who is signed in, and the vocabulary an editor records with."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from service.auth import Asking
from service.responses import OrjsonResponse

router = APIRouter(tags=["account"])


@router.get("/account")
def account(asking: Asking) -> Any:
    """The account the token belongs to: `{"name", "role"}`."""
    policy = asking.policy()
    return OrjsonResponse({"name": policy.account.name, "role": policy.account.role.value})


@router.get("/kinds")
def kinds(asking: Asking) -> Any:
    """Each kind of dated event, with the JSON Schema of its import line (from the models
    the API validates with, so a form built from it asks for what is checked)."""
    from events.facts import FACT_KINDS

    asking.policy()  # any account
    return OrjsonResponse({kind: cls.model_json_schema() for kind, cls in FACT_KINDS.items()})
