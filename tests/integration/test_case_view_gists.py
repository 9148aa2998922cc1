"""A case view computed again after an append reads only the new row into a model: the
others' gists are kept by their stored bytes (`SQLRecordView.gist_of`), and an erasure
forgets them all. That the kept gists give the fold's case views, after corrections,
retractions, catch-ups and rebuilds, is `test_views`'s state machine on SQLite and
PostgreSQL (one view, as a server holds it, through every step)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import projections.sql_views
from domain.application import Timeline
from events.facts import FACT
from events.instructions import OpenCase, RecordFact
from projections.case_view import case_view
from projections.record import fold
from projections.recorded import read_recorded
from projections.runner import catch_up, open_views
from projections.sql_views import SQLRecordView
from storage.keyring import StoreKey, new_key
from tests.conftest import store_maker

FIELDS = {"kind": "detained", "date": "2016", "people": 6, "place": "Khabarovsk, Russia",
          "text": "Six were detained in Khabarovsk.",
          "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def new_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Timeline]]:
    """Make fresh encrypted stores on this test's backend (sealed rows: the hardest case)."""
    key = lambda: StoreKey("test.key", new_key())  # noqa: E731
    with store_maker(request.param, tmp_path, key) as make:
        yield make


def record(app: Timeline, slug: str, text: str) -> None:
    app.carry_out([RecordFact(case=slug, fact=FACT.validate_python({**FIELDS, "text": text}))])


def counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every timeline row read into a model from here on."""
    read: list[Any] = []
    entry_of = projections.sql_views.entry_of

    def counted(blob: bytes) -> Any:
        read.append(blob)
        return entry_of(blob)

    monkeypatch.setattr(projections.sql_views, "entry_of", counted)
    return read


def test_a_catch_up_after_one_append_reads_only_the_new_row(
    new_store: Callable[[], Timeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = new_store()
    app.carry_out([OpenCase(case="the-forty", title="The forty")])
    for n in range(10):
        record(app, "the-forty", f"Report {n}.")
    views = open_views(app)
    catch_up(app, views)
    read = counting_reads(monkeypatch)

    record(app, "the-forty", "One more report.")
    catch_up(app, views)

    assert len(read) == 1
    assert views.case_views() == [case_view(c) for c in fold(read_recorded(app)).cases.values()]
    assert views.case_views()[0].people == 6


def test_an_erasure_forgets_every_kept_gist(new_store: Callable[[], Timeline]) -> None:
    app = new_store()
    app.carry_out([OpenCase(case="kept", title="Kept"), OpenCase(case="gone", title="Gone")])
    record(app, "kept", "Kept report.")
    record(app, "gone", "Report to forget.")
    views = open_views(app)
    catch_up(app, views)
    record(app, "gone", "Another report to forget.")
    catch_up(app, views)
    assert isinstance(views, SQLRecordView)
    assert views.gist_of.cache_info().currsize > 0  # type: ignore[attr-defined]

    app.erase("gone", "asked to be forgotten")
    catch_up(app, views)

    assert views.gist_of.cache_info().currsize == 0  # type: ignore[attr-defined]
    assert [v.slug for v in views.case_views()] == ["kept"]
