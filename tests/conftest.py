"""Fixtures: every store-backed test runs on each backend through `new_timeline`."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from domain.application import Timeline

BACKENDS = ["memory", "sqlite"]


@pytest.fixture(params=BACKENDS)
def new_timeline(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], Timeline]]:
    """Make a fresh, empty Timeline on this test's backend; each call gives a new store."""
    opened: list[Timeline] = []
    folder = tmp_path_factory.mktemp("stores")
    counter = itertools.count()

    def make() -> Timeline:
        location = ":memory:" if request.param == "memory" else str(folder / f"{next(counter)}.db")
        app = Timeline.at(location)
        opened.append(app)
        return app

    yield make
    for app in opened:
        app.close()


@pytest.fixture
def timeline(new_timeline: Callable[[], Timeline]) -> Timeline:
    return new_timeline()


@pytest.fixture
def seed_path() -> Path:
    return Path(__file__).parent.parent / "events" / "seeds" / "kyodo-2009-12-23.jsonl"
