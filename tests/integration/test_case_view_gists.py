"""A case view computed again after an append reads only the new row into a model: the
others' gists are kept by their stored bytes (`SQLRecordView.gist_of`), and an erasure
forgets them all. Where the views are where this process's last catch-up left them, the
rows of a case it computed then are not read again at all (`CaseGists`). That the kept gists give the fold's case views, after corrections,
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
from storage.location import postgres_store
from storage.opening import open_timeline
from storage.postgres import drop_schema
from tests import conftest
from tests.conftest import postgres_url, store_maker

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


def test_a_catch_up_after_one_append_reads_no_row_back_into_a_model(
    new_store: Callable[[], Timeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old rows' gists are kept, and the new row's entry is the one just written."""
    app = new_store()
    app.carry_out([OpenCase(case="the-forty", title="The forty")])
    for n in range(10):
        record(app, "the-forty", f"Report {n}.")
    views = open_views(app)
    catch_up(app, views)
    read = counting_reads(monkeypatch)

    record(app, "the-forty", "One more report.")
    catch_up(app, views)

    assert read == []
    assert views.case_views() == [case_view(c) for c in fold(read_recorded(app)).cases.values()]
    assert views.case_views()[0].people == 6


def counting_row_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The cases whose timeline rows a catch-up reads from the store from here on."""
    read: list[str] = []
    stored_gists = projections.sql_views._SQLWriter._stored_gists

    def counted(writer: Any, case_hex: str) -> Any:
        read.append(case_hex)
        return stored_gists(writer, case_hex)

    monkeypatch.setattr(projections.sql_views._SQLWriter, "_stored_gists", counted)
    return read


def test_a_catch_up_after_this_process_caught_up_reads_no_stored_row_of_the_case(
    new_store: Callable[[], Timeline], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = new_store()
    app.carry_out([OpenCase(case="the-forty", title="The forty")])
    record(app, "the-forty", "Report 0.")
    views = open_views(app)
    catch_up(app, views)
    read = counting_row_reads(monkeypatch)

    for n in range(1, 4):
        record(app, "the-forty", f"Report {n}.")
        catch_up(app, views)

    assert read == []
    assert views.case_views() == [case_view(c) for c in fold(read_recorded(app)).cases.values()]
    assert views.case_views()[0].events == 4


def test_a_case_another_process_wrote_since_is_read_again(
    location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = conftest.new_store(location)
    server.carry_out([OpenCase(case="the-forty", title="The forty")])
    record(server, "the-forty", "Report 0.")
    views = open_views(server)
    catch_up(server, views)
    other = open_timeline(location)
    record(other, "the-forty", "Report by another process.")
    catch_up(other, open_views(other))  # the views' rows of the case changed meanwhile
    read = counting_row_reads(monkeypatch)

    record(server, "the-forty", "Report 2.")
    catch_up(server, views)

    assert len(read) == 1
    folded = [case_view(c) for c in fold(read_recorded(server)).cases.values()]
    assert views.case_views() == folded
    assert views.case_views()[0].events == 3
    other.close()
    server.close()


def gists_kept_of_a_case_to_forget(app: Timeline) -> SQLRecordView:
    """Cases `kept` and `gone`, the views caught up twice with `gone`'s rows: their gists
    are kept."""
    app.carry_out([OpenCase(case="kept", title="Kept"), OpenCase(case="gone", title="Gone")])
    record(app, "gone", "Report to forget.")
    views = open_views(app)
    catch_up(app, views)
    record(app, "gone", "Another report to forget.")
    catch_up(app, views)
    assert isinstance(views, SQLRecordView)
    assert len(views.gists) > 0
    return views


def test_an_erasure_forgets_every_kept_gist(new_store: Callable[[], Timeline]) -> None:
    app = new_store()
    views = gists_kept_of_a_case_to_forget(app)
    record(app, "kept", "Kept report.")
    catch_up(app, views)

    app.erase("gone", "asked to be forgotten")
    catch_up(app, views)

    assert len(views.gists) == 0
    assert len(views.case_gists) == 0
    assert [v.slug for v in views.case_views()] == ["kept"]


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    where = postgres_url()
    yield where
    drop_schema(postgres_store(where))


def test_an_erasure_by_another_process_is_forgotten_at_the_next_catch_up(location: str) -> None:
    key = StoreKey("test.key", new_key())
    server = conftest.new_store(location, key)
    views = gists_kept_of_a_case_to_forget(server)
    other = open_timeline(location, key=key)
    other.erase("gone", "asked to be forgotten")
    catch_up(other, open_views(other))  # as `timeline erase` does: the server's views moved on
    record(server, "kept", "Kept report.")

    server.notice_erasures()  # as the service does before each request
    catch_up(server, views)

    assert [v.slug for v in views.case_views()] == ["kept"]
    assert len(views.gists) == 1  # the kept case's one row, read since
    assert len(views.case_gists) == 1
    other.close()
    server.close()
