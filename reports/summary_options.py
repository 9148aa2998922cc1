"""How a summary may be asked for, by the command line and the service alike."""

from __future__ import annotations

from enum import StrEnum


class By(StrEnum):
    """The periods a summary is told by; `auto` chooses from the span of the record."""

    year = "year"
    month = "month"
    auto = "auto"


class SummaryFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
