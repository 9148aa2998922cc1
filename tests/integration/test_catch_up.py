"""A catch-up told where the views stand (to spare a round trip to the server) applies
each event once, even when another process moved the views on since."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError

from domain.application import Timeline
from events.instructions import read_instruction
from projections import runner
from projections.case_view import case_view
from projections.record import fold
from projections.recorded import read_recorded
from projections.runner import catch_up, catch_up_to_read, open_views
from projections.views import RecordView
from tests.conftest import BACKENDS, store_maker

OPENED = {"kind": "case_opened", "case": "amur", "title": "Amur"}


def seen(n: int) -> dict[str, object]:
    return {"kind": "observation", "case": "amur", "date": "2009-12", "text": f"Seen {n}",
            "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip


@pytest.fixture(params=BACKENDS)
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Timeline]]:
    with store_maker(request.param, tmp_path) as make:
        yield make


def three_seen(new_store: Callable[[], Timeline]) -> tuple[Timeline, RecordView]:
    """A new store with a case opened and three events in it, and its views, not caught up."""
    app = new_store()
    app.carry_out([read_instruction(OPENED), *map(read_instruction, map(seen, range(3)))])
    return app, open_views(app)


def assert_views_fold_the_events(app: Timeline, views: RecordView) -> None:
    record = fold(read_recorded(app))
    assert list(views.timeline(include_retracted=True)) == record.entries(True)
    assert views.case_views() == [case_view(c) for c in record.cases.values()]


@pytest.mark.parametrize("page", [1, 2, 100])
def test_a_catch_up_told_a_position_the_views_moved_past_applies_each_event_once(
    new_store: Callable[[], Timeline], page: int
) -> None:
    app, views = three_seen(new_store)
    told = views.max_tracking_id(app.name) or 0
    assert catch_up(app, views) == 4  # as another process would, after `told` was read
    app.carry_out([read_instruction(seen(n)) for n in range(3, 5)])

    assert catch_up(app, views, page=page, at=told) == 2
    assert catch_up(app, views, at=told) == 0
    assert_views_fold_the_events(app, views)
    assert views.max_tracking_id(app.name) == app.recorder.max_notification_id()


def test_a_catch_up_up_to_a_position_leaves_the_events_after_it(
    new_store: Callable[[], Timeline],
) -> None:
    app, views = three_seen(new_store)
    last = app.recorder.max_notification_id() or 0
    app.carry_out([read_instruction(seen(3))])

    assert catch_up(app, views, page=1, last=last) == 4
    assert views.max_tracking_id(app.name) == last
    assert catch_up(app, views) == 1


def test_the_views_position_and_the_stores_are_read_together(
    new_store: Callable[[], Timeline],
) -> None:
    app, views = three_seen(new_store)
    last = app.recorder.max_notification_id() or 0
    assert views.positions(app) == (0, last)

    catch_up(app, views, last=last - 1)
    app.carry_out([read_instruction(seen(3))])

    assert views.positions(app) == (last - 1, app.recorder.max_notification_id())


def test_a_catch_up_given_the_events_after_a_position_the_views_moved_past_applies_each_once(
    new_store: Callable[[], Timeline],
) -> None:
    app, views = three_seen(new_store)
    told, last = views.positions(app)
    read = app.recorder.select_notifications(told, 100, stop=last, inclusive_of_start=False)
    assert catch_up(app, views, last=2) == 2  # as another thread or process would, meanwhile

    assert catch_up(app, views, last=last, at=told, read=read) == 2
    assert_views_fold_the_events(app, views)
    assert views.positions(app) == (last, last)


def test_a_read_that_waited_out_a_writer_which_moved_the_views_applies_each_event_once(
    new_store: Callable[[], Timeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = new_store()
    views = open_views(app)
    app.carry_out([read_instruction(OPENED), read_instruction(seen(0))])
    catch_up(app, views)
    app.carry_out([read_instruction(seen(1))])
    correction = {"kind": "correction", "event": "amur:2", "changes": {"text": "Seen"},
                  "reason": "misread"}  # fmt: skip
    app.carry_out([read_instruction(correction)])
    app.carry_out([read_instruction({"kind": "case_closed", "case": "amur", "reason": "done"})])
    real, calls = runner.catch_up, []

    def another_writer_first(app_: Timeline, view: RecordView, **kw: Any) -> int:
        calls.append(kw)
        if len(calls) == 1:  # another process moves the views part of the way, holding the
            real(app_, view, last=kw["last"] - 1)  # lock past this read's timeout
            raise OperationalError("database is locked")
        return real(app_, view, **kw)

    monkeypatch.setattr(runner, "catch_up", another_writer_first)
    assert catch_up_to_read(app, views)
    assert len(calls) == 2
    assert_views_fold_the_events(app, views)
