"""Who says so: the source every recorded fact cites."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from events.dates import EdtfDate
from events.values import Text


class Source(BaseModel):
    """A published source: outlet, publication date, reference and the passage relied on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outlet: Text = Field(description="who published it, e.g. 'Kyodo'")
    published: EdtfDate = Field(description="publication date, EDTF (usually a day)")
    reference: Text | None = Field(default=None, description="URL, wire id or page")
    quote: Text | None = Field(default=None, description="the passage the fact rests on")

    def citation(self) -> str:
        """`Kyodo, 2009-12-23 (ID 96523)`: how the source is cited in one line."""
        cited = f"{self.outlet}, {self.published}"
        return f"{cited} ({self.reference})" if self.reference else cited


def parse_source(text: str) -> Source:
    """Read `OUTLET, DATE[, REFERENCE]` as typed on the command line."""
    parts = [part.strip() for part in text.split(",", 2)]
    if len(parts) < 2:
        raise ValueError(f"source {text!r}: write it as 'OUTLET, DATE[, REFERENCE]'")
    reference = parts[2] if len(parts) == 3 else None
    return Source(outlet=parts[0], published=parts[1], reference=reference)
