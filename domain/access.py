"""Who may read and write the record: accounts, their roles, and restricted cases.

Accounts and grants are not facts about cases, so they are kept beside the record
(`storage/access.py`), never in its log: an export, a replay or a copy of the record
carries no account and no token hash. The rules are here, in one policy, so the
command line and the HTTP service ask the same questions and hold none of them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import CaseAlreadyOpened, CaseNotFound, TimelineError

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


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


class BadAccountName(ValueError):
    """A name no account may have: bad input, not a refusal of the record."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"account name {name!r}: use 1 to 64 lower-case letters, digits, '.', '_' or '-'"
        )


class NotAllowed(AccessError):
    """The account may not do this (it may still read)."""

    def __init__(self, name: str, what: str) -> None:
        super().__init__(f"account {name!r} may not {what}")


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    role: Role


def checked_name(name: str) -> str:
    if not NAME.match(name):
        raise BadAccountName(name)
    return name


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

    def sees(self, slug: str) -> bool:
        """A case is seen unless restricted; a restricted one by admins and its grantees."""
        return (
            self.account.role is Role.admin or slug not in self.restricted or slug in self.granted
        )

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
