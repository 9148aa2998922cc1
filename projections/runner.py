"""Keeping the views current: catch up, rebuild, report, follow.

An SQLite store cannot be subscribed to (its recorder's `subscribe()` is not
implemented, so eventsourcing's `ProjectionRunner` does not run on it): the
views catch up with a pull loop instead, one transaction per page, starting
after the tracked position. Two processes catching up at once are safe: the
tracking row only moves forward, so the slower one's page is rolled back and
it starts again from the new position.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from threading import Event
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, OperationalError, Tracking

from domain.recorded import Recorded
from projections.views import VIEW_NAME, RecordView, apply_page

Progress = Callable[[int, int], None]
"""Called with (events done, events to do)."""

PAGE = 1000
_RETRIES = 50
_views: weakref.WeakKeyDictionary[Application[UUID], RecordView] = weakref.WeakKeyDictionary()


def open_views(app: Application[UUID]) -> RecordView:
    """The persisted views of the store `app` is on, made on first use."""
    if app not in _views:
        from eventsourcing.popo import POPOFactory

        if isinstance(app.factory, POPOFactory):
            from projections.memory_views import MemoryRecordView

            _views[app] = MemoryRecordView()
        else:
            from projections.sqlite_views import SQLiteRecordView

            view = app.factory.tracking_recorder(SQLiteRecordView)
            assert isinstance(view, SQLiteRecordView)
            _views[app] = view
    return _views[app]


def catch_up(
    app: Application[UUID], view: RecordView, *, page: int = PAGE, progress: Progress | None = None
) -> int:
    """Apply every event recorded after the view's position; returns how many were applied."""
    done, last, retries = 0, app.recorder.max_notification_id() or 0, 0
    while True:
        try:
            applied = _catch_up_page(app, view, page)
        except (IntegrityError, OperationalError) as error:
            # another process wrote first (it moved the view on, or holds the lock):
            # go on from where the view now is; anything else is a real failure
            busy = isinstance(error, IntegrityError) or "locked" in str(error)
            retries += 1
            if not busy or retries == _RETRIES:
                raise
            time.sleep(0.01)
            continue
        if not applied:
            return done
        done += applied
        if progress:
            progress(view.max_tracking_id(app.name) or 0, last)


def _catch_up_page(app: Application[UUID], view: RecordView, page: int) -> int:
    with view.writing() as writer:
        start = writer.position(app.name)
        notifications = app.recorder.select_notifications(start, page, inclusive_of_start=False)
        if not notifications:
            return 0
        events = [Recorded(n.id, app.mapper.to_domain_event(n)) for n in notifications]
        apply_page(writer, events)
        writer.track(Tracking(app.name, notifications[-1].id))
        return len(notifications)


def rebuild(app: Application[UUID], view: RecordView, *, progress: Progress | None = None) -> int:
    """Drop the views and replay every event, in one transaction.

    Readers keep seeing the old views until the new ones are committed whole;
    a rebuild that fails or is interrupted leaves the old views as they were.
    """
    last = app.recorder.max_notification_id() or 0
    done = 0
    with view.writing() as writer:
        writer.clear(app.name)
        while done < last:
            notifications = app.recorder.select_notifications(
                done, PAGE, stop=last, inclusive_of_start=False
            )
            if not notifications:
                break
            events = [Recorded(n.id, app.mapper.to_domain_event(n)) for n in notifications]
            apply_page(writer, events, refresh=False)
            done = notifications[-1].id
            if progress:
                progress(done, last)
        writer.refresh_case_views(None)
        if last:
            writer.track(Tracking(app.name, last))
    return last


@dataclass(frozen=True)
class ViewStatus:
    """Where a view stands against the store."""

    name: str
    position: int
    last: int
    lag: int
    cases: int
    entries: int


def status(app: Application[UUID], view: RecordView) -> ViewStatus:
    position = view.max_tracking_id(app.name) or 0
    last = app.recorder.max_notification_id() or 0
    cases, entries = view.counts()
    return ViewStatus(VIEW_NAME, position, last, last - position, cases, entries)


def follow(
    app: Application[UUID],
    view: RecordView,
    stop: Event,
    *,
    interval: float = 0.5,
    applied: Callable[[int], None] | None = None,
) -> None:
    """Keep the views current as other processes append, until `stop` is set."""
    while not stop.is_set():
        count = catch_up(app, view)
        if count and applied:
            applied(count)
        stop.wait(interval)
