"""Who is asking: the bearer token's account, and the policy it is held to.

The token is taken from the request as it comes in (401 without one); the account and its
policy are read from the store in one query (`AccessStore.policy`), in the worker thread
that serves the request, never on the event loop. Each dependency FastAPI runs in a thread
is a hop there and back, and under load each hop waits for the interpreter's lock: a read
route takes a `Caller` and does its whole work in the one thread FastAPI runs it in (the
policy, the read, the policy read again: `Caller.reading`); a write reads its policy in one
hop (`Writing`) and is carried out in another (`service.writing.record`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from domain.access import Policy
from service.problems import Problem
from service.state import Services

if TYPE_CHECKING:
    from domain.application import Timeline

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="timeline"'}


def bearer(request: Request) -> str:
    """The request's bearer token; 401 without one."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(401, "give an API token: Authorization: Bearer TOKEN", CHALLENGE)
    return token.strip()


def policy_of(held: Services, token: str) -> Policy | None:
    """The policy of the live account holding `token`, as the store says now."""
    return held.access.policy(token)


@dataclass(frozen=True)
class Caller:
    """Who a request is from: its bearer token, and what every request shares. Its policy is
    read from the store when asked (`policy`, `reading`): in the route's thread."""

    held: Services
    token: str

    @property
    def timeline(self) -> Timeline:
        return self.held.timeline

    def policy(self) -> Policy:
        """The policy of the account whose token the request bears; 401 without a live one.
        First, the keyring forgets the keys of cases erased by another process since the last
        request (`Timeline.notice_erasures`)."""
        self.held.timeline.notice_erasures()
        policy = policy_of(self.held, self.token)
        if policy is None:
            raise Problem(401, "this token is not valid (unknown or revoked)", CHALLENGE)
        return policy

    @contextmanager
    def reading(self) -> Iterator[Policy]:
        """The policy of the account a read is for, read again once the block has read what
        it answers and before the answer leaves: a case opened restricted (or restricted)
        while the block read the record may be in that answer, which is then withheld (503,
        ask again). Checked after, not only before: a restriction is stored with the opening
        of its case, so a policy read after the record knows every case that record holds.
        The block reads the record whole (no stream left to read after it)."""
        policy = self.policy()
        yield policy
        if policy.sees_every_case:
            return
        again = policy_of(self.held, self.token)
        if again is not None and not again.hidden <= policy.hidden:
            raise Problem(503, "who may see a case changed while this was read: ask again",
                          {"Retry-After": "1"})  # fmt: skip

    def writing(self) -> Policy:
        """The policy of an account that may write; 403 for a reader."""
        policy = self.policy()
        policy.check_writes()
        return policy

    def administering(self) -> Policy:
        """The policy of an admin; 403 for any other account."""
        policy = self.policy()
        policy.check_administers()
        return policy


async def caller(request: Request) -> Caller:
    """Who the request is from; 401 without a token. Nothing is read from the store here,
    on the event loop."""
    return Caller(request.app.state.services, bearer(request))


async def writing_policy(asking: Annotated[Caller, Depends(caller)]) -> Policy:
    """The policy of an account that may write, read in a worker thread; 401, 403."""
    return await run_in_threadpool(asking.writing)


async def admin_policy(asking: Annotated[Caller, Depends(caller)]) -> Policy:
    return await run_in_threadpool(asking.administering)


async def services(request: Request) -> Services:
    """What the request shares with the others."""
    found: Services = request.app.state.services
    return found


Asking = Annotated[Caller, Depends(caller)]
Writing = Annotated[Policy, Depends(writing_policy)]
Administering = Annotated[Policy, Depends(admin_policy)]
Held = Annotated[Services, Depends(services)]
