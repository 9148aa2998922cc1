"""Names users type: case slugs and event ids (`amur-2009-group:3`)."""

from __future__ import annotations

import re
from typing import Annotated, NamedTuple

from pydantic import AfterValidator

_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")
_VERSION = re.compile(r"[1-9][0-9]{0,17}")  # ASCII digits only: str.isdigit() takes any script


def check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(
            f"case {value!r} is not a slug: use lower-case letters, digits and inner hyphens"
        )
    return value


Slug = Annotated[str, AfterValidator(check_slug)]


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


EventRef = Annotated[str, AfterValidator(check_event_id)]
