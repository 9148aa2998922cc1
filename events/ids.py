"""Names users type: case slugs, event ids (`amur-2009-group:3`) and account names, and the
id a case's slug gives it.

No pydantic here: a read that finds its views current checks its `--case` and finds
the case's rows with these alone (`projections.fresh`); the vocabulary's annotated
types for them are in `events.values`.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from uuid import UUID, uuid5

CASE_NAMESPACE = UUID("6f1c2a4e-8a0b-5d7e-9c3f-2b1d4e5f6a70")

_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")
_VERSION = re.compile(r"[1-9][0-9]{0,17}")  # ASCII digits only: str.isdigit() takes any script


def check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(
            f"case {value!r} is not a slug: use lower-case letters, digits and inner hyphens"
        )
    return value


_ACCOUNT = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


class BadAccountName(ValueError):
    """A name no account may have: bad input, not a refusal of the record."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"account name {name!r}: use 1 to 64 lower-case letters, digits, '.', '_' or '-'"
        )


def check_account_name(value: str) -> str:
    if not _ACCOUNT.fullmatch(value):
        raise BadAccountName(value)
    return value


def case_id(slug: str) -> UUID:
    """The id of case `slug`: the same on every store, so a slug names one case."""
    return uuid5(CASE_NAMESPACE, slug)


class EventId(NamedTuple):
    """An event is named by its case and its position in that case: `SLUG:N`."""

    case: str
    version: int

    def __str__(self) -> str:
        return f"{self.case}:{self.version}"

    @classmethod
    def parse(cls, text: str) -> EventId:
        case, sep, number = text.rpartition(":")
        if not sep or not _VERSION.fullmatch(number):
            raise ValueError(
                f"event id {text!r} is not of the form CASE:N (e.g. amur-2009-group:3)"
            )
        return cls(check_slug(case), int(number))


def check_event_id(value: str) -> str:
    return str(EventId.parse(value))
