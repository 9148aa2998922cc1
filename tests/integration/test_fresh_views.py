"""Reads of views found current (`projections.fresh`): the rows as stored, exactly what
the views' own read gives, and never when the views might not be current."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.instructions import read_instruction
from projections.cases import case_view_of, case_views
from projections.fresh import FreshViews, fresh_views
from projections.runner import catch_up_to_read, open_views
from projections.timeline import timeline
from storage.keyring import StoreKey, new_key
from tests.conftest import new_store
from tests.strategies import case_histories

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def caught_up(location: str, lines: list[dict[str, Any]], retracted: list[bool]) -> Any:
    """A store at `location` holding `lines`, some of its events retracted, views current."""
    app = new_store(location)
    app.carry_out([read_instruction(line) for line in lines])
    for entry, retract in zip(list(timeline(app)), retracted, strict=False):
        if retract:
            app.carry_out([read_instruction({"kind": "retraction", "event": entry.id,
                                             "reason": "r"})])  # fmt: skip
    assert catch_up_to_read(app, open_views(app))
    return app


def test_current_views_are_read_as_stored_exactly_as_the_views_read_them(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    reached = {"entries": 0, "views": 0, "lists": 0}

    @SETTINGS
    @given(lines=case_histories(), retracted=st.lists(st.booleans()))
    def check(lines: list[dict[str, Any]], retracted: list[bool]) -> None:
        location = str(tmp_path_factory.mktemp("fresh") / "t.db")
        app = caught_up(location, lines, retracted)
        slugs = [line["case"] for line in lines if line["kind"] == "case_opened"]
        with fresh_views(location) as fresh:
            assert isinstance(fresh, FreshViews)
            for slug in [None, *slugs]:
                for include_retracted in (False, True):
                    case = fresh.case(slug) if slug else None
                    expected = timeline(app, case=slug, include_retracted=include_retracted)
                    assert list(fresh.entries(case, include_retracted)) == [
                        orjson.dumps(e.model_dump(mode="json")) for e in expected
                    ]
                    reached["entries"] += 1
            for slug in slugs:
                case = fresh.case(slug)
                assert case is not None
                stored = fresh.case_view(case)
                assert stored is not None
                assert orjson.loads(stored) == case_view_of(app, slug).model_dump(mode="json")
                reached["views"] += 1
            listed = fresh.case_views()
            assert listed is not None
            assert [orjson.loads(view) for view in listed] == [
                view.model_dump(mode="json") for view in case_views(app)
            ]
            reached["lists"] += len(listed) > 1
        app.close()

    check()
    assert reached["entries"] >= 4 * SETTINGS.max_examples, reached
    assert reached["views"] >= SETTINGS.max_examples, reached
    # lists of several cases: about a third of the examples hold two or more cases, and a
    # run of 40 drew only 9 of them now and then, so the bound asks for an eighth
    assert reached["lists"] >= SETTINGS.max_examples // 8, reached


@pytest.fixture
def current(tmp_path: Path) -> tuple[Any, str]:
    location = str(tmp_path / "t.db")
    lines = [{"kind": "case_opened", "case": "amur", "title": "Amur"},
             {"kind": "observation", "case": "amur", "date": "2009", "text": "Seen.",
              "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}]  # fmt: skip
    return caught_up(location, lines, []), location


def is_fresh(location: str) -> bool:
    with fresh_views(location) as fresh:
        return fresh is not None


def test_views_behind_the_events_are_not_read_as_current(current: tuple[Any, str]) -> None:
    app, location = current
    assert is_fresh(location)
    line = {"kind": "observation", "case": "amur", "date": "2010", "text": "Seen again.",
            "sources": [{"outlet": "Kyodo", "published": "2010-01-02"}]}  # fmt: skip
    app.carry_out([read_instruction(line)])
    assert not is_fresh(location)
    catch_up_to_read(app, open_views(app))
    assert is_fresh(location)


def test_views_of_another_layout_are_not_read_as_current(current: tuple[Any, str]) -> None:
    _, location = current
    with sqlite3.connect(location) as db:
        db.execute("UPDATE view_layout SET version = version - 1")
    assert not is_fresh(location)


def test_a_case_with_no_row_is_not_found(current: tuple[Any, str]) -> None:
    _, location = current
    with fresh_views(location) as fresh:
        assert fresh is not None
        assert fresh.case("amur") is not None and fresh.case("tumen") is None


def test_an_encrypted_store_is_never_read_without_its_key(tmp_path: Path) -> None:
    location = str(tmp_path / "sealed.db")
    new_store(location, key=StoreKey("test.key", new_key())).close()
    assert not is_fresh(location)


@pytest.mark.parametrize(
    "location",
    [":memory:", "postgresql://postgres@127.0.0.1:5432/test?schema=nothing_here", "missing.db"],
)
def test_stores_that_are_not_plain_sqlite_files_take_the_usual_path(
    location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert not is_fresh(location)


def test_a_file_that_is_not_a_store_is_left_to_the_usual_path(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    before = other.read_bytes()
    assert not is_fresh(str(other))
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
