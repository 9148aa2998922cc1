"""The recorded history, streamed in the order it was recorded.

Each event comes with its position in the notification log and the moment it was
recorded (the event's timestamp, set when it was triggered). Reading stops at
`until` (a position) and skips what was recorded after `as_of`, so a fold over
this stream is the record as it was known then.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from uuid import UUID

from eventsourcing.application import Application

from domain.recorded import Recorded

PAGE = 1000


def read_recorded(
    app: Application[UUID],
    *,
    after: int = 0,
    until: int | None = None,
    as_of: datetime | None = None,
    originator: UUID | None = None,
    page: int = PAGE,
) -> Iterator[Recorded]:
    """Every event after position `after`, up to `until` and recorded no later than `as_of`;
    only those of one aggregate if `originator` is given (read by its index)."""
    if originator is not None:
        from storage.cases import case_notifications

        for notification in case_notifications(app, originator, until):
            if notification.id > after:
                event = app.mapper.to_domain_event(notification)
                if as_of is None or event.timestamp <= as_of:  # type: ignore[attr-defined]
                    yield Recorded(notification.id, event)
        return
    while True:
        notifications = app.recorder.select_notifications(
            after, page, stop=until, inclusive_of_start=False
        )
        for notification in notifications:
            event = app.mapper.to_domain_event(notification)
            if as_of is None or event.timestamp <= as_of:  # type: ignore[attr-defined]
                yield Recorded(notification.id, event)
        if len(notifications) < page:
            return
        after = notifications[-1].id
