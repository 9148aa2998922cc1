"""Views written by an older timeline are rebuilt on their first use, once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson

from events.instructions import read_instruction
from projections.layout import VIEWS_LAYOUT
from projections.runner import open_views
from projections.timeline import timeline
from storage.location import postgres_store
from storage.opening import open_timeline
from storage.postgres import drop_schema
from tests.conftest import new_store, postgres_url
from tests.service.conftest import SEED

LINES = [line for line in SEED.read_bytes().splitlines() if line.strip()]


def stale(location: str, statements: list[str]) -> None:
    """Make the views of the store at `location` look as an older timeline left them."""
    app = new_store(location)
    app.carry_out([read_instruction(orjson.loads(line)) for line in LINES])
    assert len(list(timeline(app))) > 0
    datastore = app.factory.datastore  # type: ignore[attr-defined]
    with datastore.transaction(commit=True) as cursor:
        for statement in statements:
            cursor.execute(statement)
    app.close()


def test_sqlite_views_without_a_layout_are_rebuilt_when_first_read(tmp_path: Path) -> None:
    location = str(tmp_path / "older.db")
    stale(location, ["DELETE FROM view_entries", "DROP TABLE view_layout"])
    app = open_timeline(location)
    assert len(list(timeline(app))) == 26
    assert open_views(app).layout() == VIEWS_LAYOUT
    app.close()
    with sqlite3.connect(location) as db:
        assert db.execute("SELECT version FROM view_layout").fetchall() == [(VIEWS_LAYOUT,)]


def test_postgres_views_of_an_older_layout_are_rebuilt_when_first_read() -> None:
    location = postgres_url()
    schema = postgres_store(location).schema
    try:
        stale(location, [f'DELETE FROM "{schema}".view_entries',
                         f'UPDATE "{schema}".view_layout SET version = 1'])  # fmt: skip
        app = open_timeline(location)
        assert len(list(timeline(app))) == 26
        assert open_views(app).layout() == VIEWS_LAYOUT
        app.close()
    finally:
        drop_schema(postgres_store(location))
