"""Query parameters shared by the reads: as known when, and which dates."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from projections.known import Known, known_at
from service.problems import Problem

AsOf = Annotated[
    str | None,
    Query(description="The record as it was at this moment of recording (ISO 8601, UTC if "
          "no offset)."),
]  # fmt: skip
MAX_POSITION = 2**62
"""The largest position the stores index (SQLite's and PostgreSQL's 64-bit integers)."""
Until = Annotated[
    int | None,
    Query(ge=0, le=MAX_POSITION, description="The record as it was after this position."),
]
After = Annotated[int, Query(ge=0, le=MAX_POSITION, description="After this position.")]
From = Annotated[str | None, Query(alias="from", description="Only events from this EDTF date.")]
To = Annotated[str | None, Query(description="Only events up to this EDTF date.")]
Retracted = Annotated[bool, Query(description="Also retracted events, marked as such.")]


def known(as_of: str | None, until: int | None) -> Known:
    """The moment of recording named by as_of and until (now if neither); 400 if malformed."""
    try:
        return known_at(as_of, until)
    except ValueError as error:
        raise Problem(400, f"as_of: {error}") from None
