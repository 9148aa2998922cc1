"""What every request shares: the one application and the store's accounts."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.application import Timeline
from service.summaries import Summaries
from storage.access import AccessStore


@dataclass(frozen=True)
class Services:
    timeline: Timeline
    access: AccessStore
    max_body: int = 10 * 1024 * 1024
    """The largest request body taken, in bytes (an import bigger than this is 413)."""
    summaries: Summaries = field(default_factory=Summaries)
    """The summaries told lately, kept by what they were told from."""
