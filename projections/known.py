"""Reading the record as it was known at an earlier moment (bitemporal reads).

An event has two times: when it happened (its EDTF date) and when it was
recorded (its position in the log, and its timestamp). `Known` names a moment
on the second axis; the record as known then is the fold of the events recorded
up to it, so corrections and retractions recorded later are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from eventsourcing.application import Application

from domain.case import Case
from projections.record import Record
from projections.recorded import read_recorded


@dataclass(frozen=True)
class Known:
    """Up to which moment of recording to read: a timestamp, a position, or both."""

    as_of: datetime | None = None
    until: int | None = None

    @property
    def now(self) -> bool:
        return self.as_of is None and self.until is None

    def said(self) -> str:
        """The moment in words: `as of 2009-12-23T00:00:00+00:00, up to position 12`."""
        parts = [f"as of {self.as_of.isoformat()}"] if self.as_of is not None else []
        parts += [f"up to position {self.until}"] if self.until is not None else []
        return ", ".join(parts) or "now"


NOW = Known()


def recording_moment(text: str) -> datetime:
    """A moment of recording written in ISO 8601 (UTC when it gives no offset).

    Raises ValueError, which each caller words for its own users."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def record_as_known(app: Application[UUID], known: Known, case: str | None = None) -> Record:
    """Fold the events recorded up to `known` (of one case, if given), streamed from the store.

    Of an encrypted store, what is told from the fold is spooled sealed, as it is when the
    views are opened (`projections.runner`): this read opens none."""
    if getattr(app, "keyring", None) is not None:
        from projections.spool import seal_spools

        seal_spools()
    wanted = Case.create_id(case) if case is not None else None
    record = Record()
    for at in read_recorded(app, until=known.until, as_of=known.as_of, originator=wanted):
        record.apply(at)
    return record
