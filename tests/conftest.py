"""Fixtures: every store-backed test runs on each backend through `new_timeline`.

PostgreSQL runs at 127.0.0.1:5432 (user postgres, trust, database test) on the
development and CI machines (or where TIMELINE_TEST_POSTGRES points); each store
is a schema of its own, dropped after the test. An unreachable server fails the
tests that need it: they never skip.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from domain.application import Timeline
from domain.keys import StoreKey
from domain.store import postgres_store
from projections.runner import create_views
from storage.opening import open_timeline
from storage.postgres import drop_schema

BACKENDS = ["memory", "sqlite", "postgres"]
POSTGRES = os.environ.get("TIMELINE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
_schemas = itertools.count()
OPEN_AT_ONCE = 4


def postgres_url() -> str:
    """A new store's URL: a schema no other test (or test run) uses."""
    return f"{POSTGRES}?schema=test_{os.getpid()}_{next(_schemas)}"


@contextmanager
def postgres_lock_held(store: str, lock: str) -> Iterator[None]:
    """The advisory lock `lock` of the PostgreSQL store at `store` (`views`, `audit`) held by
    a connection of its own, as another process holds it, for the duration of the block."""
    import psycopg

    found = postgres_store(store)
    with psycopg.connect(host=found.host, port=found.port, dbname=found.dbname,
                         user=found.user) as other, other.transaction():  # fmt: skip
        other.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{found.schema}.{lock}"])
        yield


def new_store(location: str, key: StoreKey | None = None) -> Timeline:
    app = open_timeline(location, create=True, key=key)
    create_views(app)
    return app


@contextmanager
def store_maker(
    backend: str, folder: Path, key: Callable[[], StoreKey] | None = None
) -> Iterator[Callable[[], Timeline]]:
    """Make fresh, empty Timelines on `backend` (encrypted, each with a key of its own, when
    `key` makes keys); each call gives a new store, and all are closed (and dropped) after."""
    opened: list[tuple[Timeline, str]] = []
    counter = itertools.count()

    def close(app: Timeline, location: str) -> None:
        app.close()
        if backend == "postgres":
            drop_schema(postgres_store(location))

    def make() -> Timeline:
        # a property makes stores example after example: the oldest are closed (their
        # connections given back) so that a test holds at most a few at once
        while len(opened) >= OPEN_AT_ONCE:
            close(*opened.pop(0))
        if backend == "memory":
            location = ":memory:"
        elif backend == "sqlite":
            location = str(folder / f"{next(counter)}.db")
        else:
            location = postgres_url()
        app = new_store(location, key() if key else None)
        opened.append((app, location))
        return app

    try:
        yield make
    finally:
        for app, location in opened:
            close(app, location)


@pytest.fixture(params=BACKENDS)
def new_timeline(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], Timeline]]:
    """Make a fresh, empty Timeline on this test's backend; each call gives a new store."""
    with store_maker(request.param, tmp_path_factory.mktemp("stores")) as make:
        yield make


@pytest.fixture
def timeline(new_timeline: Callable[[], Timeline]) -> Timeline:
    return new_timeline()


@pytest.fixture
def postgres_location() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL store, dropped after the test."""
    location = postgres_url()
    yield location
    drop_schema(postgres_store(location))


@pytest.fixture
def seed_path() -> Path:
    return Path(__file__).parent.parent / "events" / "seeds" / "kyodo-2009-12-23.jsonl"


# -- markers: any subset of the suite is one `-m` away ---------------------------------------
# They are given here, from where a test lives and what it uses, so that no test can forget
# its own: `make check` runs `-m "not postgres and not browser and not e2e and not slow"`.
POSTGRES_FIXTURES = {"postgres_cli", "postgres_location"}
POSTGRES_WORDS = ("postgres", "pg_dump")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath))
        if path.parent.name == "browser":
            item.add_marker(pytest.mark.browser)
        if path.parent.name == "e2e" and not getattr(
            getattr(item, "module", None), "IN_PROCESS", False
        ):
            item.add_marker(pytest.mark.e2e)
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & POSTGRES_FIXTURES or any(w in item.nodeid.lower() for w in POSTGRES_WORDS):
            item.add_marker(pytest.mark.postgres)
