"""How a summary may be asked for, by the command line and the service alike."""

from __future__ import annotations

from enum import StrEnum


class By(StrEnum):
    """The periods a summary is told by; `auto` chooses from the span of the record."""

    year = "year"
    month = "month"
    auto = "auto"


class SummaryFormat(StrEnum):
    """A summary's format: its name (the member's value) and its media type."""

    _value_: str
    media: str

    def __new__(cls, name: str, media: str) -> SummaryFormat:
        member = str.__new__(cls, name)
        member._value_ = name
        member.media = media
        return member

    text = "text", "text/plain; charset=utf-8"
    markdown = "markdown", "text/markdown; charset=utf-8"
    json = "json", "application/json"
