"""Erasing a case of an encrypted store: nothing it said is given back by any read, every
other case reads byte for byte as before, and the store still verifies."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.application import Timeline
from domain.case import Case
from domain.errors import CaseErased, NotErasable
from events.facts import FACT
from events.instructions import OpenCase, RecordFact
from projections.cases import case_views
from projections.history import replay_entries
from projections.known import Known
from projections.runner import open_views, rebuild
from projections.timeline import timeline
from reports.exports.jsonl import history
from reports.summary import summarise
from storage.audit import audit
from storage.keyring import StoreKey, new_key
from storage.opening import open_timeline
from tests.conftest import BACKENDS, store_maker
from tests.strategies import fact_fields

MARK = "Plantedname"


@pytest.fixture(params=BACKENDS)
def new_encrypted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], Timeline]]:
    """Make a fresh, empty encrypted Timeline on this test's backend."""
    key = lambda: StoreKey("test.key", new_key())  # noqa: E731
    with store_maker(request.param, tmp_path_factory.mktemp("stores"), key) as make:
        yield make


def fill(app: Timeline, facts: list[tuple[int, dict[str, Any]]], cases: int) -> list[str]:
    slugs = [f"case-{n}" for n in range(cases)]
    opening = [OpenCase(case=s, title=f"{MARK} family {s}") for s in slugs]
    recording = [
        RecordFact(case=slugs[n % cases], fact=FACT.validate_python(
            {**fields, "text": f"{MARK}{slugs[n % cases]} {fields['text']}"}))
        for n, fields in facts
    ]  # fmt: skip
    app.carry_out([*opening, *recording])
    return slugs


def reads(app: Timeline, slugs: list[str]) -> dict[str, bytes]:
    """Everything the record gives about each of these cases, as bytes."""
    views = {view.slug: view for view in case_views(app)}
    return {
        slug: orjson.dumps(
            [
                [e.model_dump(mode="json") for e in timeline(app, case=slug)],
                views[slug].model_dump(mode="json"),
                orjson.loads(summarise(timeline(app, case=slug)).model_dump_json()),
                [
                    {k: v for k, v in line.items() if k != "position"}
                    for line in history(app, [slug])
                ],
            ]
        )
        for slug in slugs
    }


def everything(app: Timeline) -> bytes:
    """Every read of the whole record, as bytes."""
    return orjson.dumps([
        [e.model_dump(mode="json") for e in timeline(app, include_retracted=True)],
        [v.model_dump(mode="json") for v in case_views(app)],
        orjson.loads(summarise(timeline(app)).model_dump_json()),
        list(replay_entries(app)),
        list(replay_entries(app, known=Known(until=10**6))),
        [e.model_dump(mode="json") for e in timeline(app, known=Known(until=10**6))],
    ])  # fmt: skip


stores = st.tuples(
    st.lists(st.tuples(st.integers(0, 50), fact_fields()), min_size=1, max_size=8),
    st.integers(2, 4),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(store=stores, erased=st.sets(st.integers(0, 3), min_size=1, max_size=2))
def test_an_erased_case_is_read_nowhere_and_every_other_case_is_unchanged(
    new_encrypted: Callable[[], Timeline],
    store: tuple[list[tuple[int, dict[str, Any]]], int],
    erased: set[int],
) -> None:
    app = new_encrypted()
    slugs = fill(app, *store)
    gone = sorted({slugs[n % len(slugs)] for n in erased})
    kept = [s for s in slugs if s not in gone]
    before = reads(app, kept)
    for slug in gone:
        app.erase(slug, "asked to be forgotten")
    seen = everything(app)
    assert all(f"{MARK}{slug}".encode() not in seen for slug in gone)
    assert all(f"{MARK} family {slug}".encode() not in seen for slug in gone)
    assert reads(app, kept) == before
    assert f"{MARK}".encode() in seen or not kept or not store[0]  # the search can find
    rebuild(app, open_views(app))
    assert everything(app) == seen
    audit(app)  # raises if the store does not verify


def test_an_erased_case_refuses_more_events_and_a_second_erasure(
    new_encrypted: Callable[[], Timeline],
) -> None:
    app = new_encrypted()
    fill(app, [(0, {"kind": "observation", "date": "2009", "text": "t",
                    "sources": [{"outlet": "K", "published": "2009-12-23"}]})], 1)  # fmt: skip
    app.erase("case-0", "asked")
    with pytest.raises(CaseErased):
        app.erase("case-0", "again")
    with pytest.raises(CaseErased):
        list(timeline(app, case="case-0"))


def test_a_plain_stores_case_cannot_be_erased(timeline: Timeline) -> None:
    timeline.carry_out([OpenCase(case="c", title="t")])
    with pytest.raises(NotErasable):
        timeline.erase("c", "asked")


def test_erased_keys_leave_no_copy_in_the_file_where_sqlite_keeps_what_writes_delete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An SQLite built without SQLITE_SECURE_DELETE (Debian's is built with it; many are not)
    leaves what a write deletes or moves (a page split) in the pages' free space: the key
    table is written with `secure_delete` on, whatever the build."""
    connect = sqlite3.connect

    def without_secure_delete(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = connect(*args, **kwargs)
        db.execute("PRAGMA secure_delete = OFF")
        return db

    monkeypatch.setattr(sqlite3, "connect", without_secure_delete)
    path = tmp_path / "store.db"
    app = open_timeline(str(path), create=True, key=StoreKey("test.key", new_key()))
    for batch in range(8):  # the key table grows over many pages, split as it grows
        app.carry_out([OpenCase(case=f"c{batch}-{n}", title="t") for n in range(50)])
    gone = [f"c{batch}-7" for batch in range(8)]
    keys = [app.keyring.table.get(Case.create_id(slug).hex)[1] for slug in gone]  # type: ignore[union-attr]
    for slug in gone:
        app.erase(slug, "asked")
    app.close()  # the last connection folds the log into the file
    on_disk = b"".join(f.read_bytes() for f in tmp_path.glob("store.db*"))
    assert all(keys) and [key for key in keys if key and key in on_disk] == []
