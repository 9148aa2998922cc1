"""What is left of an event of an erased case: its kind, its place in the case and its time.

An encrypted store keeps each event's recorded time (and who recorded it) in a clear
header beside the ciphertext, so that once a case's data key is destroyed its events
can still be shown for what they were, without anything they said.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.errors import CaseErased

ERASED_KINDS = {
    "timeline:Case.Opened": "case_opened",
    "timeline:Case.FactRecorded": "fact",
    "timeline:Case.FactCorrected": "correction",
    "timeline:Case.FactRetracted": "retraction",
    "timeline:Case.CitationCorrected": "correction",
    "timeline:Case.CitationRetracted": "retraction",
    "timeline:Case.Closed": "case_closed",
    "timeline:Case.Reopened": "case_reopened",
}


@dataclass(frozen=True)
class ErasedEvent:
    """An event of an erased case, read back without its payload."""

    originator_id: UUID
    originator_version: int
    timestamp: datetime
    topic: str

    @property
    def kind(self) -> str:
        return ERASED_KINDS.get(self.topic, "event")

    def mutate(self, aggregate: Any) -> Any:
        """Loading an erased case refuses: nothing of it can be read or added to."""
        raise CaseErased(self.originator_id.hex)
