"""One case's events with their positions in the log: an index read on every backend.

eventsourcing reads one aggregate's events (`select_events`) without their
notification ids, and the whole log (`select_notifications`) with them; a case's
history with positions needs both, so it is one query of ours on the library's
own table, keyed by its primary key (originator id, version), written by each backend
(`Backend.case_notifications`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Notification


def case_notifications(
    app: Application[UUID], case_id: UUID, until: int | None = None
) -> Sequence[Notification]:
    """The stored events of one case recorded up to position `until`, in version order."""
    from storage.backends import stored

    return stored(app).backend.case_notifications(stored(app), case_id, until)


def as_notifications(case_id: UUID, rows: list[tuple[Any, ...]]) -> list[Notification]:
    """Rows of (position, version, topic, state) as the library's notifications."""
    return [
        Notification(
            id=position,
            originator_id=case_id,
            originator_version=version,
            topic=topic,
            state=bytes(state),
        )
        for position, version, topic, state in rows
    ]
