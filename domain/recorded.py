"""An event as it stands in the record: with its position in the log and when it was recorded."""

from __future__ import annotations

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
