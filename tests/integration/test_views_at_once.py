"""A new process's first readers arrive at once (a server just started): each is handed the
views of an encrypted store only once they are ready to read its sealed rows."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.application import Timeline
from domain.keys import StoreKey, new_key
from domain.store import postgres_store
from events.facts import FACT
from events.instructions import OpenCase, RecordFact
from projections import runner
from projections.timeline import timeline
from storage.opening import open_timeline
from storage.postgres import drop_schema
from tests.conftest import new_store, postgres_url

SEEN = {"kind": "observation", "date": "2009", "text": "Seen in Amur",
        "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def encrypted_store(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, StoreKey]]:
    """An encrypted store holding one event, its views caught up, no process on it."""
    location = str(tmp_path / "timeline.db") if request.param == "sqlite" else postgres_url()
    key = StoreKey("test.key", new_key())
    app = new_store(location, key)
    app.carry_out(
        [OpenCase(case="amur", title="t"), RecordFact(case="amur", fact=FACT.validate_python(SEEN))]
    )
    assert [e.text for e in timeline(app)] == ["Seen in Amur"]  # the views' rows written, sealed
    app.close()
    yield location, key
    if request.param == "postgres":
        drop_schema(postgres_store(location))


def test_a_reader_arriving_while_another_opens_the_views_reads_them_sealed(
    encrypted_store: tuple[str, StoreKey], monkeypatch: pytest.MonkeyPatch
) -> None:
    location, key = encrypted_store
    app = open_timeline(location, key=key)  # a new server's application: no views yet
    sealing, second_done = threading.Event(), threading.Event()
    seal = runner._seal

    def held_while_sealing(app: Timeline, view: runner.RecordView) -> None:
        # the first reader stops here until the second has read (or a second has passed)
        sealing.set()
        second_done.wait(timeout=1)
        seal(app, view)

    monkeypatch.setattr(runner, "_seal", held_while_sealing)
    first: list[str] = []
    thread = threading.Thread(target=lambda: first.extend(e.text for e in timeline(app)))
    thread.start()
    try:
        assert sealing.wait(timeout=60)
        second = [e.text for e in timeline(app)]
    finally:
        second_done.set()
        thread.join(timeout=60)
        app.close()
    assert second == first == ["Seen in Amur"]
