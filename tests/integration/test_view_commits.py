"""The views commit without waiting for the disk; the events still wait for it.

A views transaction holds rows made from the events and the position they were made up
to: lost to a power cut, it is made again from the events, which were on the disk before
it (`Tables.derived_transaction`). In a server every read that catches the views up
commits one, while appends wait for the same one writer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.application import Timeline
from events.instructions import read_instruction
from projections.runner import catch_up, open_views
from projections.sql_views import SQLRecordView
from tests.conftest import store_maker

OPENED = {"kind": "case_opened", "case": "amur", "title": "Amur"}
SEEN = {"kind": "observation", "case": "amur", "date": "2009-12", "text": "Seen at the Amur",
        "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip
SETTING = {
    "sqlite": ("PRAGMA synchronous", {"views": 1, "events": 2}),  # NORMAL, FULL
    "postgres": ("SHOW synchronous_commit", {"views": "off", "events": "on"}),
}


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def new_store(backend: str, tmp_path: Path) -> Iterator[Callable[[], Timeline]]:
    with store_maker(backend, tmp_path) as make:
        yield make


def setting(cursor: Any, backend: str) -> Any:
    cursor.execute(SETTING[backend][0])
    row = cursor.fetchone()
    return (tuple(row.values()) if isinstance(row, dict) else tuple(row))[0]


def sql_views(app: Timeline) -> SQLRecordView:
    views = open_views(app)
    assert isinstance(views, SQLRecordView)
    return views


def events_setting(app: Timeline, backend: str) -> Any:
    """The setting an event's commit runs with, on a connection of the store's pool."""
    with app.recorder.datastore.transaction(commit=True) as cursor:  # type: ignore[attr-defined]
        return setting(cursor, backend)


def test_a_views_commit_does_not_wait_for_the_disk_and_an_events_commit_does(
    new_store: Callable[[], Timeline], backend: str
) -> None:
    app = new_store()
    views = sql_views(app)
    app.carry_out([read_instruction(OPENED)])
    seen: dict[str, list[Any]] = {"views": [], "events": []}
    for _ in range(3):  # the pool's connections go back and forth between the two
        app.carry_out([read_instruction(SEEN)])
        with views.writing() as writer:  # a catch-up's transaction
            seen["views"].append(setting(writer.c, backend))  # type: ignore[attr-defined]
        catch_up(app, views)
        seen["events"].append(events_setting(app, backend))
    wanted = SETTING[backend][1]
    assert seen == {"views": [wanted["views"]] * 3, "events": [wanted["events"]] * 3}
    assert [c.slug for c in views.case_views()] == ["amur"]
    assert views.counts() == (1, 3)


def test_a_views_transaction_that_fails_leaves_the_connection_waiting_for_the_disk(
    new_store: Callable[[], Timeline], backend: str
) -> None:
    app = new_store()
    views = sql_views(app)
    with pytest.raises(ZeroDivisionError), views.tables.derived_transaction():
        1 / 0  # noqa: B018
    assert events_setting(app, backend) == SETTING[backend][1]["events"]
