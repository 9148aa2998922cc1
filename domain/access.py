"""Who may read and write the record: accounts, their roles, and restricted cases.

Accounts and grants are not facts about cases, so they are kept beside the record
(`storage/access.py`), never in its log: an export, a replay or a copy of the record
carries no account and no token hash. The rules are here, in one policy, so the
command line and the HTTP service ask the same questions and hold none of them.

A case may be restricted from its first event: its restriction and grants are stored
in the transaction that stores its opening (`AccessRecord.restricting`), so no reader
ever finds it open, even for a moment.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from domain.errors import CaseAlreadyOpened, CaseNotFound, TimelineError
from events.ids import BadAccountName, check_account_name

__all__ = ["BadAccountName"]  # raised by `checked_name`, defined beside the names it checks


class Role(StrEnum):
    """reader: reads what the account may see; editor: also writes; admin: sees everything."""

    reader = "reader"
    editor = "editor"
    admin = "admin"


class AccessError(TimelineError):
    """A change to accounts or grants the record refuses."""


class AccountExists(AccessError):
    def __init__(self, name: str) -> None:
        super().__init__(f"account {name!r} already exists")


class AccountNotFound(AccessError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no account {name!r}: add it with `timeline user add {name} --role ...`")


class NotAllowed(AccessError):
    """The account may not do this (it may still read)."""

    def __init__(self, name: str, what: str) -> None:
        super().__init__(f"account {name!r} may not {what}")


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    role: Role


def checked_name(name: str) -> str:
    """`name` if an account may have it; `BadAccountName` if not."""
    return check_account_name(name)


def new_token() -> str:
    """A random API token, shown once to its holder and never stored."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def same_hash(stored: str, token: str) -> bool:
    return hmac.compare_digest(stored, token_hash(token))


@dataclass(frozen=True, slots=True)
class Policy:
    """What one account may do, given the restricted cases and the account's grants."""

    account: Account
    restricted: frozenset[str]
    granted: frozenset[str]

    @property
    def sees_every_case(self) -> bool:
        """Admins see every case, restricted or not."""
        return self.account.role is Role.admin

    def sees(self, slug: str) -> bool:
        """A case is seen unless restricted; a restricted one by admins and its grantees."""
        return self.sees_every_case or slug not in self.restricted or slug in self.granted

    @property
    def hidden(self) -> frozenset[str]:
        """The cases this account may not see."""
        return frozenset() if self.sees_every_case else self.restricted - self.granted

    def check_sees(self, slug: str) -> None:
        """A case this account may not see is, to it, a case that does not exist."""
        if not self.sees(slug):
            raise CaseNotFound(slug)

    def check_may_record(self, slug: str, *, opening: bool) -> None:
        """A case this account may not see does not exist to it, but its slug is taken:
        opening it is refused as opening any existing case is, and nothing more is said."""
        if not self.sees(slug):
            raise CaseAlreadyOpened(slug) if opening else CaseNotFound(slug)

    def check_writes(self) -> None:
        if self.account.role is Role.reader:
            raise NotAllowed(self.account.name, "write: its role is reader")

    def check_administers(self) -> None:
        if self.account.role is not Role.admin:
            raise NotAllowed(self.account.name, "see the record of accounts")


@dataclass(frozen=True, slots=True)
class CaseAccess:
    """Who sees a case: every account, or (restricted) admins and the accounts granted it."""

    restricted: bool
    granted: tuple[str, ...] = ()


OPEN = CaseAccess(restricted=False)


def access_on_opening(
    restricted: bool | None,
    grants: Sequence[str],
    *,
    restricted_by_default: bool,
    opener: Account | None,
) -> CaseAccess:
    """Who sees a case as it is opened: the one rule, for every door.

    Restricted if asked (`restricted` true), or if accounts are granted it; open to every
    account if `restricted` is false; else as the store's default for new cases says. A
    restricted case is granted to the accounts named and to its opener when the opener is
    not an admin: it recorded what it would otherwise no longer see.
    """
    if restricted is False or (restricted is None and not grants and not restricted_by_default):
        return OPEN
    granted = [*grants]
    if opener is not None and opener.role is not Role.admin:
        granted.append(opener.name)
    return CaseAccess(restricted=True, granted=tuple(dict.fromkeys(granted)))


class AccessRecord(Protocol):
    """The store's access tables, as the record's commands need them (`storage.access`)."""

    def new_cases_restricted(self) -> bool:
        """Whether a case opened without saying otherwise is restricted (the store's default)."""

    def check_accounts(self, names: Collection[str]) -> None:
        """Raise `AccountNotFound` for the first of `names` that names no account."""

    def restricting(
        self, cases: Sequence[tuple[str, CaseAccess]]
    ) -> AbstractContextManager[dict[str, Any]]:
        """Within the block, the keyword arguments for the recorder's insert that store
        these cases' restrictions and grants in the transaction storing the events."""
