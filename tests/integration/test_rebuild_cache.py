"""A rebuild of an SQLite store's views runs with a larger page cache, on its own connection
and only while it rebuilds: the pool's connection goes back with the cache it had."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

import projections.runner as runner
from events.instructions import read_instruction
from projections.runner import catch_up, open_views, rebuild
from storage.opening import open_timeline
from storage.sqlite import REBUILD_CACHE_KIB, SQLiteTables
from tests.conftest import new_store
from tests.service.conftest import SEED


def _cache(cursor: Any) -> int:
    cursor.execute("PRAGMA cache_size")
    return int(cursor.fetchone()[0])


def test_the_cache_is_larger_while_rebuilding_and_as_it_was_after(tmp_path: Path) -> None:
    app = open_timeline(str(tmp_path / "store.db"), create=True)
    tables = SQLiteTables(app.factory.datastore)  # type: ignore[attr-defined]
    with tables.transaction(commit=False) as cursor:
        cursor.execute("PRAGMA cache_size = -3000")  # not SQLite's default: restored, not reset
        with tables.rebuilding(cursor):
            assert _cache(cursor) == -REBUILD_CACHE_KIB
        assert _cache(cursor) == -3000
        with pytest.raises(ZeroDivisionError), tables.rebuilding(cursor):
            _ = 1 / 0
        assert _cache(cursor) == -3000
    app.close()


def test_a_rebuild_folds_the_events_in_the_larger_cache_and_leaves_the_views_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = new_store(str(tmp_path / "store.db"))
    lines = [line for line in SEED.read_bytes().splitlines() if line.strip()]
    app.carry_out([read_instruction(orjson.loads(line)) for line in lines])
    view = open_views(app)
    catch_up(app, view)
    before = view.counts()
    assert before[1] > 0
    seen: list[int] = []
    replay = runner._replay

    def watched(app_: Any, writer: Any, *args: Any) -> int:
        seen.append(_cache(writer.c))
        return replay(app_, writer, *args)

    monkeypatch.setattr(runner, "_replay", watched)
    rebuild(app, view)
    assert seen == [-REBUILD_CACHE_KIB]
    assert view.counts() == before
    with app.factory.datastore.transaction(commit=False) as cursor:  # type: ignore[attr-defined]
        assert _cache(cursor) == -2000  # SQLite's default, as the pool made the connection
    app.close()
