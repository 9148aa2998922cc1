"""Keeping the views current: catch up, rebuild, report, follow.

An SQLite store cannot be subscribed to (its recorder's `subscribe()` is not
implemented, so eventsourcing's `ProjectionRunner` does not run on it): the
views catch up with a pull loop instead, one transaction per page, starting
after the tracked position. Two processes catching up at once are safe: the
tracking row only moves forward, so the slower one's page is rolled back and
it starts again from the new position.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from threading import Event
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import IntegrityError, Notification, OperationalError, Tracking

from domain.recorded import Recorded
from projections.layout import VIEW_NAME, VIEWS_LAYOUT
from projections.rebuilding import HELD, Rebuilding, RowWriter
from projections.views import READING, RecordView, ViewWriter, apply_page
from storage.cycles import without_cycle_collection

Progress = Callable[[int, int], None]
"""Called with (events done, events to do)."""


@dataclass(frozen=True)
class Behind:
    """Views served as they stand, behind the store, and why they could not catch up."""

    position: int
    last: int
    why: str
    shown: str = "the views"
    """What is served as it stands: the views, or the audit."""


Lagging = Callable[[Behind], None]

TOLD_OF_LAG: ContextVar[Lagging | None] = ContextVar("told_of_lag", default=None)
"""Who is told of a read served behind the store where the read names nobody: the HTTP
service sets it for each request, to say so in a header (`service.behind`)."""


def told(lagging: Lagging | None) -> Lagging | None:
    """Who to tell of a read served behind: `lagging`, else whoever the context names."""
    return lagging or TOLD_OF_LAG.get()


def waited_out(error: OperationalError) -> bool:
    """Whether `error` says another held a lock past the store's lock timeout: SQLite's
    "database is locked", PostgreSQL's "canceling statement due to lock timeout"."""
    return "locked" in str(error) or "lock timeout" in str(error)


PAGE = 1000
_RETRIES = 50
_views: weakref.WeakKeyDictionary[Application[UUID], RecordView] = weakref.WeakKeyDictionary()


_opening = threading.Lock()
"""Held while a process makes the views of a store: a server's first requests arrive at
once, and a view handed out before its keyring was set read an encrypted store's sealed
rows as if they were plain (a 400 on a new server), and would have written plain ones."""


def open_views(app: Application[UUID]) -> RecordView:
    """The persisted views of the store `app` is on, made on first use; views written by
    an older timeline (an older `VIEWS_LAYOUT`) are rebuilt then, once. Threads asking at
    once wait for the one making them: a view is handed out only ready (sealed, upgraded)."""
    found = _views.get(app)
    if found is not None:
        return found
    with _opening:
        if app not in _views:
            view = _view_of(app)
            _seal(app, view)
            _upgrade(app, view)
            _views[app] = view
        return _views[app]


def create_views(app: Application[UUID]) -> RecordView:
    """Make the views' tables in a new store (on PostgreSQL only `init` creates tables)."""
    with _opening:
        view = _views.get(app)
        if view is None:
            view = _view_of(app)
            _seal(app, view)
        view.create_tables()
        _upgrade(app, view)
        _views[app] = view
        return view


def _seal(app: Application[UUID], view: RecordView) -> None:
    """An encrypted store's views keep their rows sealed, and its summaries their spools."""
    keyring = getattr(app, "keyring", None)
    if keyring is not None:
        from projections.spool import seal_spools
        from projections.sql_views import SQLRecordView

        if isinstance(view, SQLRecordView):
            view.keyring = keyring
        seal_spools()  # summaries of an encrypted store spool sealed sentences


def _upgrade(app: Application[UUID], view: RecordView) -> None:
    if not getattr(app, "read_only", False) and view.layout() < VIEWS_LAYOUT:
        rebuild(app, view)


def _view_of(app: Application[UUID]) -> RecordView:
    """The views on the store's own tables, made by its backend; in memory, dictionaries."""
    from projections.memory_views import MemoryRecordView
    from projections.sql_views import SQLRecordView
    from storage.backends import stored

    opened = stored(app)
    in_memory: Callable[[], RecordView] = MemoryRecordView
    return opened.backend.views(opened, VIEW_NAME, SQLRecordView, in_memory)


def catch_up(
    app: Application[UUID],
    view: RecordView,
    *,
    page: int = PAGE,
    progress: Progress | None = None,
    last: int | None = None,
    at: int | None = None,
    read: Sequence[Notification] | None = None,
) -> int:
    """Apply the events recorded after the view's position and before this call (up to
    position `last`, if given); returns how many were applied. Events recorded meanwhile
    are left for the next call: under steady appends a catch-up still ends. `at` is the
    view's position where the caller has just read it (on PostgreSQL each read of it is a
    round trip to the server; a position moved on meanwhile is found when the page is
    written, and read again). `read` are the events after `at` up to `last`, where the caller
    has read them already (at most a page of them)."""
    done, retries = 0, 0
    last = (app.recorder.max_notification_id() or 0) if last is None else last
    while True:
        try:
            applied = _catch_up_page(app, view, page, last, at, read)
        except IntegrityError:
            # another process moved the views on first: go on from where they now are
            retries += 1
            if retries == _RETRIES:
                raise
            time.sleep(0.01)
            at, read = None, None
            continue
        read = None
        if applied is None:
            at = None
            continue  # another thread or process applied this page first: go on from there
        count, at = applied
        if not count:
            return done
        done += count
        if progress:
            progress(at, last)
        if at >= last:
            return done


def _catch_up_page(
    app: Application[UUID],
    view: RecordView,
    page: int,
    last: int,
    at: int | None,
    read: Sequence[Notification] | None = None,
) -> tuple[int, int] | None:
    """Apply one page: how many events, and the position the views are at after it; None
    where the views moved on from `at` (read here where not given) while it was read.

    The page is read before the views' write transaction begins: a connection asked for
    while the pool's one writer is held waits behind any request for the writer, which
    waits for this one (eventsourcing's pool hands connections out in order), and a
    server's threads then stood still until the pool's timeout.
    """
    start = (view.max_tracking_id(app.name) or 0) if at is None else at
    if start >= last:
        return 0, start
    notifications = (
        app.recorder.select_notifications(start, page, stop=last, inclusive_of_start=False)
        if read is None or at is None
        else [n for n in read if n.id > start][:page]  # `read` may begin before `at`
    )
    if not notifications:
        return 0, start
    events = [Recorded(n.id, app.mapper.to_domain_event(n)) for n in notifications]
    with view.writing() as writer:
        if writer.position(app.name) != start:
            return None
        apply_page(writer, events)
        writer.track(Tracking(app.name, notifications[-1].id))
        return len(notifications), notifications[-1].id


@dataclass
class _Turn:
    """The threads of one process catch a store's views up in turn: each reader would
    otherwise read and decode the same page, and all but one find the views moved on when
    they come to write it (under a server's concurrent reads, most of the catch-up's time)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    applied: int = 0
    """The position this process's catch-ups have brought the views to (they never go back):
    a thread that waited its turn behind another's catch-up that applied what it needs
    returns without asking the store."""
    waited_out_at: float = 0.0
    """When a catch-up last gave up on another process's write lock: the threads that
    waited behind it serve the views as they stand instead of waiting as long again."""


_turns: weakref.WeakKeyDictionary[Application[UUID], _Turn] = weakref.WeakKeyDictionary()
_turning = threading.Lock()


def _turn_of(app: Application[UUID]) -> _Turn:
    with _turning:
        return _turns.setdefault(app, _Turn())


def catch_up_to_read(
    app: Application[UUID],
    view: RecordView,
    *,
    progress: Progress | None = None,
    lagging: Lagging | None = None,
    cases: Collection[UUID] | None = None,
) -> bool:
    """Catch the views up before a read; returns whether they are current: whether they
    hold every event recorded before the call (of the `cases` the read is of, if named).

    Where they cannot be written now (a read-only store, or another process has held the
    write lock past the lock timeout: a rebuild, a long import) the read is served from
    the views as they stand, and `lagging` is told how far behind they are.

    A read needs the events recorded before it began, no more: a thread that waited its
    turn behind another's catch-up that applied them returns without catching up again.
    Under a server's reads and appends, each read would otherwise write the views (and
    wait for its commit to reach the disk) to apply the appends made while it waited. A
    read of some cases needs only their events: an event changes the rows of its own case
    alone (`projections.record`: each handler folds into `at.case_id`'s), so where none of
    the few events not yet applied is of those cases, their rows are already as the
    catch-up would leave them.
    """
    why = "the store is read-only"
    seen, needed = view.positions(app)
    if seen >= needed:
        return True
    pending = _pending(app, seen, needed)
    if cases is not None and pending is not None and not _of_cases(pending, cases):
        return True
    turn = _turn_of(app)
    while not getattr(app, "read_only", False):
        asked = time.monotonic()
        with turn.lock:
            if turn.waited_out_at > asked:  # the thread before waited out a long writer
                why = "another process is writing the store"
                break
            position = max(seen, turn.applied)
            if position >= needed:
                return True  # the thread before applied what this read needs
            reading = READING.set(True)
            try:
                # from where the views were seen, or this process brought them: where another
                # process moved them on meanwhile, the page's write finds it, and reads again
                ahead = pending if position == seen else None
                catch_up(app, view, progress=progress, last=needed, at=position, read=ahead)
                turn.applied = max(turn.applied, needed)
                return True
            except OperationalError as error:
                if not waited_out(error):  # another holds the views' write lock
                    raise
                turn.waited_out_at = time.monotonic()
            finally:
                READING.reset(reading)
        moved = view.max_tracking_id(app.name) or 0
        if moved == seen:  # nobody moved the views on while we waited: a long writer
            why = "another process is writing the store"
            break
        seen = moved  # other readers are catching up the same events: wait our turn again
        if pending is not None:  # those it applied are not to be applied again
            pending = [n for n in pending if n.id > seen]
    position, last = view.positions(app)
    tell = told(lagging)
    if last > position and tell:
        tell(Behind(position, last, why))
    return last <= position


FEW = 100
"""The most events not yet applied that a read looks through for those of its cases."""


def _pending(app: Application[UUID], after: int, last: int) -> Sequence[Notification] | None:
    """The events after position `after` up to `last`; None where there are more than `FEW`."""
    if last - after > FEW:
        return None
    return app.recorder.select_notifications(after, FEW, stop=last, inclusive_of_start=False)


def _of_cases(pending: Sequence[Notification], cases: Collection[UUID]) -> bool:
    """Whether any of these events is of these cases."""
    return bool({UUID(str(n.originator_id)) for n in pending} & set(cases))


def rebuild(
    app: Application[UUID],
    view: RecordView,
    *,
    progress: Progress | None = None,
    page: int = PAGE,
    held: int = HELD,
) -> int:
    """Drop the views and replay every event, in one transaction.

    Readers keep seeing the old views until the new ones are committed whole;
    a rebuild that fails or is interrupted leaves the old views as they were.
    `held` bounds the entries kept in memory meanwhile (`projections.rebuilding`).
    Views in a database keep their timeline rows while the events write each anew over
    its old self: most are unchanged, and are then not written again (nor the pages of
    the old ones zeroed as they are freed). A row left that no event made (views damaged,
    or copied from elsewhere) makes it replay again into views emptied first.
    """
    last = app.recorder.max_notification_id() or 0
    keyring = getattr(app, "keyring", None)
    if keyring is not None:
        keyring.unwrap_all()  # before the write transaction: its own read
    with view.writing() as writer, without_cycle_collection():
        rows = writer if isinstance(writer, RowWriter) else None
        with rows.rebuilding() if rows is not None else nullcontext():
            if rows is not None:
                rows.clear_keeping_entries(app.name)
            else:
                writer.clear(app.name)
            written = _replay(app, writer, last, page, held, progress)
            if rows is not None and rows.count_entries() != written:
                writer.clear(app.name)
                _replay(app, writer, last, page, held, progress)
            if last:
                writer.track(Tracking(app.name, last))
            writer.set_layout(VIEWS_LAYOUT)
    return last


def _replay(
    app: Application[UUID],
    writer: ViewWriter,
    last: int,
    page: int,
    held: int,
    progress: Progress | None,
) -> int:
    """Fold the events up to `last` into `writer`'s views; returns how many timeline rows
    the fold made."""
    rebuilding, done = Rebuilding(writer, held), 0
    while done < last:
        notifications = app.recorder.select_notifications(
            done, page, stop=last, inclusive_of_start=False
        )
        if not notifications:
            break
        rebuilding.apply((n.id, app.mapper.to_domain_event(n)) for n in notifications)
        done = notifications[-1].id
        if progress:
            progress(done, last)
    rebuilding.finish()
    return rebuilding.written()


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
    applied: Callable[[ViewStatus], None] | None = None,
) -> None:
    """Keep the views current as other processes append, until `stop` is set.

    Where the store can be subscribed to (PostgreSQL), eventsourcing's `ProjectionRunner`
    is told of new events by LISTEN/NOTIFY; on SQLite the views catch up every `interval`.
    `applied` is called with the views' status after they moved on.
    """
    position = view.max_tracking_id(app.name) or 0
    with _runner(app, view) as runner:
        while not stop.is_set():
            if runner is None:
                with suppress(OperationalError):  # locked by a long writer: next time
                    catch_up(app, view)
                stop.wait(interval)
            else:
                runner.run_forever(timeout=interval)  # re-raises what stopped the runner
            now = status(app, view)
            if now.position != position and applied:
                applied(now)
            position = now.position


@contextmanager
def _runner(app: Application[UUID], view: RecordView) -> Iterator[Any]:
    """eventsourcing's runner of the views' projection where the store can be subscribed to."""
    from storage.backends import stored

    if not stored(app).backend.subscribable:
        yield None
        return
    from eventsourcing.projection import ProjectionRunner
    from eventsourcing.utils import Environment

    from projections.views import RecordProjection

    class Runner(ProjectionRunner[Any, Any]):
        # the store's own settings only, as `Timeline.construct_env`: the library's
        # default merges the process environment into the views' settings
        @staticmethod
        def _construct_env(name: str, env: Any = None) -> Environment:
            return Environment(name, dict(env or {}))

    # the runner makes its own application and view from their classes: an encrypted
    # store's keyring goes with the classes, or events could not be read, nor rows sealed
    keyring = getattr(app, "keyring", None)

    class Keyed(type(app)):  # type: ignore[misc]
        name = app.name  # eventsourcing names a subclass after itself: its tables too

        def __init__(self, env: Any = None) -> None:
            super().__init__(env)
            self.backend = stored(app).backend
            if keyring is not None:
                self.keyring = keyring
                self.mapper.keyring = keyring

    class KeyedView(type(view)):  # type: ignore[misc]
        pass

    if keyring is not None:
        KeyedView.keyring = keyring

    env = {**app.env, "CREATE_TABLE": "no"}  # the tables are made by `init`
    with Runner(
        application_class=Keyed, projection_class=RecordProjection, view_class=KeyedView, env=env
    ) as runner:
        yield runner
