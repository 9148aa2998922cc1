"""A read served while another process holds the store's writer (a long import, a
rebuild) answers from the views as they stand, and says so in `Timeline-Behind`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from projections.layout import VIEW_NAME
from storage.location import is_postgres_url
from tests.conftest import postgres_lock_held
from tests.service.conftest import Served

WHY = "another process is writing the store"


@contextmanager
def writer_held_elsewhere(served: Served, lock: str = VIEW_NAME) -> Iterator[None]:
    """The writer taken by another connection, as a rebuild in another process takes it,
    for the duration of the block: SQLite's one writer, or on PostgreSQL the advisory
    lock of the views (or of the audit)."""
    if is_postgres_url(served.location):
        with postgres_lock_held(served.location, lock):
            yield
        return
    with sqlite3.connect(served.location, isolation_level=None) as other:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")


def test_a_read_served_behind_the_store_says_how_far_and_why(served: Served) -> None:
    with served.client("eva") as client:
        assert "timeline-behind" not in client.get("/cases").headers  # the views are current
        opened = client.post("/cases", json={"case": "behind-opened", "title": "T"})
        position = opened.json()["position"]
        with writer_held_elsewhere(served):
            behind = client.get("/cases")
        current = client.get("/cases")
    assert behind.status_code == 200
    assert behind.headers["timeline-behind"] == (f'events=1, position={position - 1}, why="{WHY}"')
    assert "behind-opened" not in [case["slug"] for case in behind.json()]
    assert "timeline-behind" not in current.headers
    assert "behind-opened" in [case["slug"] for case in current.json()]


def test_an_audit_served_behind_says_so(served: Served) -> None:
    with served.client("ana") as client:
        client.get("/audit")  # the audit is current
        with served.client("eva") as editor:
            editor.post("/cases", json={"case": "behind-audited", "title": "T"})
        with writer_held_elsewhere(served, lock="audit"):
            behind = client.get("/audit")
        current = client.get("/audit")
    assert behind.headers["timeline-behind"].startswith("events=1, position=")
    assert "behind-audited" not in [row["case"] for row in behind.json()]
    assert "timeline-behind" not in current.headers
    assert "behind-audited" in [row["case"] for row in current.json()]
