"""Who is asking: the bearer token's account, and the policy it is held to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from domain.access import Policy
from service.problems import Problem
from service.state import Services

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="timeline"'}


def services(request: Request) -> Services:
    """What the request shares with the others; first, the keyring forgets the keys of cases
    erased by another process since the last request (`Timeline.notice_erasures`)."""
    found: Services = request.app.state.services
    found.timeline.notice_erasures()
    return found


def current_policy(request: Request, held: Annotated[Services, Depends(services)]) -> Policy:
    """The policy of the account whose token the request bears; 401 without a live one."""
    policy = policy_of(held, bearer(request))
    if policy is None:
        raise Problem(401, "this token is not valid (unknown or revoked)", CHALLENGE)
    return policy


def bearer(request: Request) -> str:
    """The request's bearer token; 401 without one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "give an API token: Authorization: Bearer TOKEN", CHALLENGE)
    return token.strip()


def policy_of(held: Services, token: str) -> Policy | None:
    """The policy of the live account holding `token`, as the store says now."""
    account = held.access.account(token)
    if account is None:
        return None
    return Policy(account, held.access.restricted(), held.access.granted(account.name))


def reading_policy(
    request: Request, held: Annotated[Services, Depends(services)]
) -> Iterator[Policy]:
    """The policy of the account a read is for, read again once the route has read what it
    answers and before the answer leaves: a case opened restricted (or restricted) while the
    route read the record may be in that answer, which is then withheld (503, ask again).
    Checked after, not only before: a restriction is stored with the opening of its case, so
    a policy read after the record knows every case that record holds."""
    policy = current_policy(request, held)
    yield policy
    if policy.sees_every_case:
        return
    again = policy_of(held, bearer(request))
    if again is not None and not again.hidden <= policy.hidden:
        raise Problem(503, "who may see a case changed while this was read: ask again",
                      {"Retry-After": "1"})  # fmt: skip


def writing_policy(policy: Annotated[Policy, Depends(current_policy)]) -> Policy:
    """The policy of an account that may write; 403 for a reader."""
    policy.check_writes()
    return policy


def admin_policy(policy: Annotated[Policy, Depends(current_policy)]) -> Policy:
    policy.check_administers()
    return policy


Reading = Annotated[Policy, Depends(reading_policy, scope="function")]
Writing = Annotated[Policy, Depends(writing_policy)]
Administering = Annotated[Policy, Depends(admin_policy)]
Held = Annotated[Services, Depends(services)]
