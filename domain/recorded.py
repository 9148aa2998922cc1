"""An event as it stands in the record: with its position in the log and when it was recorded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from events.ids import EventId

if TYPE_CHECKING:
    from domain.access import CaseAccess


@dataclass(frozen=True, slots=True)
class Recorded:
    """One stored event with where and when it entered the record.

    `recorded` is the event's timestamp, set when it was triggered: the store has
    no other recorded-at column.
    """

    position: int
    event: Any

    @property
    def recorded(self) -> datetime:
        stamp: datetime = self.event.timestamp
        return stamp

    @property
    def case_id(self) -> UUID:
        case_id: UUID = self.event.originator_id
        return case_id


@dataclass(frozen=True, slots=True)
class Receipt:
    """What a command recorded: the new event's id and its place in the record, and for an
    opening who sees the case."""

    id: EventId
    at: Recorded
    access: CaseAccess | None = None


_RECORDED_BY: ContextVar[str | None] = ContextVar("recorded_by", default=None)


@contextmanager
def recording_by(account: str | None) -> Iterator[None]:
    """Events stored within this block carry `account` as their `recorded_by` metadata: a
    key of the stored state beside the event's fields, not a field of the event, so that
    every reader (and every older version of timeline) reads the event as it was. The
    store's mapper writes it (`storage.codec`)."""
    token = _RECORDED_BY.set(account)
    try:
        yield
    finally:
        _RECORDED_BY.reset(token)


def recording_account() -> str | None:
    """The account `recording_by` names here, if any."""
    return _RECORDED_BY.get()
