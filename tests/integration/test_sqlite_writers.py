"""A change to an SQLite store is not refused because another process wrote meanwhile.

eventsourcing begins SQLite transactions deferred. A transaction that reads before its
first write cannot become the writer once another connection has committed after that
read, and SQLite refuses it at once ("database is locked") instead of waiting. Here the
other writer is made to commit at exactly that moment: just before the transaction's
first write statement runs, every time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from domain.access import Role
from domain.application import Timeline
from events.instructions import OpenCase
from projections.audit import audited
from storage.access import access_store
from storage.importing import import_stream
from tests.conftest import new_store

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class Meddler:
    """Another process's writer, committing just before each transaction's first write."""

    def __init__(self, path: Path) -> None:
        self.path, self.armed, self.meddled = path, False, 0
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE IF NOT EXISTS meddling (n INTEGER)")

    def trace(self, statement: str) -> None:
        if statement.lstrip().upper().startswith("BEGIN"):
            self.armed = True
        elif self.armed and statement.lstrip().upper().startswith(WRITES):
            self.armed = False
            other = sqlite3.connect(self.path, timeout=0, isolation_level=None)
            try:
                other.execute("INSERT INTO meddling VALUES (1)")
                self.meddled += 1
            except sqlite3.OperationalError:
                pass  # this transaction is the writer already: the other one would wait
            finally:
                other.close()


@pytest.fixture
def meddled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Timeline, Meddler]]:
    import eventsourcing.sqlite

    path = tmp_path / "timeline.db"
    app = new_store(str(path))
    app.carry_out([OpenCase(case="c", title="t")])
    app.close()
    meddler = Meddler(path)
    connect = sqlite3.connect

    def traced(*args: object, **kwargs: object) -> sqlite3.Connection:
        made = connect(*args, **kwargs)  # type: ignore[arg-type]
        made.set_trace_callback(meddler.trace)
        return made

    monkeypatch.setattr(eventsourcing.sqlite.sqlite3, "connect", traced)
    from storage.opening import open_timeline

    app = open_timeline(str(path))
    yield app, meddler
    app.close()


CHANGES: dict[str, Callable[[Timeline], object]] = {
    "add an account": lambda app: access_store(app).add_user("ana", Role.editor, "h" * 64),
    "grant a case": lambda app: (
        access_store(app).add_user("ana", Role.editor, "h" * 64),
        access_store(app).restrict("c"),
        access_store(app).grant("c", "ana"),
    ),
    "catch the audit up": lambda app: audited(app),
    "import": lambda app: import_stream(app, [(1, OpenCase(case="d", title="t"))]),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_is_not_refused_when_another_writer_commits_before_its_first_write(
    meddled: tuple[Timeline, Meddler], change: str
) -> None:
    app, meddler = meddled
    CHANGES[change](app)
    assert meddler.meddled >= 1  # the other writer did commit in between, at least once


def test_threads_of_one_process_take_turns_on_the_store_s_writer_lock(tmp_path: Path) -> None:
    import threading
    import time

    from storage.locks import sqlite_store_lock

    (tmp_path / "timeline.db").touch()
    writing_cases = sqlite_store_lock(str(tmp_path / "timeline.db"))
    inside, most, counted = [0], [0], threading.Lock()
    together = threading.Barrier(8)

    def write() -> None:
        together.wait()
        with writing_cases(["c"]):
            with counted:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.005)  # long enough for another thread to come in, were it let
            with counted:
                inside[0] -= 1

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1
