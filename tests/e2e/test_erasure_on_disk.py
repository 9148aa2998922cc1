"""`timeline case erase` leaves no way back on disk: with a server holding the store open, the
erased case's wrapped key and snapshots are in none of the store's files afterwards (SQLite:
the file, its -wal and -shm; PostgreSQL: the key and snapshot tables' relation files, read
as root), and the server's first read of the case is 410, never a 500. Where another
process still reads the old, the erasure says so in one line and `store scrub` finishes."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from domain.case import Case
from domain.store import postgres_store
from tests.e2e.conftest import TIMELINE, Cli

WAIT = "60"  # seconds `case erase` may wait for other sessions of a busy shared database
PLANTED = "planted"
EVENTS = 120  # past the snapshot interval (100): the case has a snapshot to destroy


@dataclass
class Store:
    cli: Cli
    key: list[str]

    def __call__(self, *args: str) -> Any:
        return self.cli(*args, *self.key)

    def ok(self, *args: str) -> Any:
        return self.cli.ok(*args, *self.key)


def made(cli: Cli) -> Store:
    """An encrypted store with the case `planted` (121 events, so a snapshot) and `kept`."""
    cli.ok("key", "new", "team.key")
    store = Store(cli, ["--key-file", str(cli.cwd / "team.key")])
    store.ok("init")
    lines = [{"kind": "case_opened", "case": PLANTED, "title": "The family of Quixbel"}]
    lines += [{"kind": "observation", "case": PLANTED, "date": "2009", "text": f"Seen {n}",
               "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}
              for n in range(EVENTS)]  # fmt: skip
    lines += [{"kind": "case_opened", "case": "kept", "title": "Four workers from Amur"}]
    (cli.cwd / "lines.jsonl").write_bytes(b"\n".join(orjson.dumps(line) for line in lines))
    store.ok("import", "lines.jsonl")
    return store


@pytest.fixture
def store(cli: Cli) -> Store:
    return made(cli)


@pytest.fixture
def sqlite_store(sqlite_cli: Cli) -> Store:
    return made(sqlite_cli)


@pytest.fixture
def pg_store(postgres_cli: Cli) -> Store:
    return made(postgres_cli)


@contextmanager
def serving(store: Store) -> Iterator[httpx.Client]:
    """`timeline serve` on the store, its stderr to a file; a client with an admin's token."""
    token = store.ok("user", "add", "ana", "--role", "admin", "--json").json()["token"]
    log = store.cli.cwd / "serve.log"
    with log.open("w") as err:
        server = subprocess.Popen(
            [TIMELINE, "serve", "--port", "0", "--store", store.cli.store, *store.key],
            stderr=err, cwd=store.cli.cwd,
        )  # fmt: skip
    try:
        url = ""
        deadline = time.monotonic() + 120
        while not url:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            for line in log.read_text().splitlines():
                if "Uvicorn running on " in line:
                    url = line.split("Uvicorn running on ")[1].split()[0]
            time.sleep(0.05)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
            yield client
    finally:
        server.terminate()
        server.wait(timeout=60)


def destroyed(store: Store) -> list[bytes]:
    """What the erasure of `planted` destroys, read from the store: its wrapped key and the
    sealed state of its snapshots."""
    case = Case.create_id(PLANTED)
    if store.cli.postgres:
        schema = postgres_store(store.cli.store).schema
        with _postgres(store) as db:
            key = db.execute(f'SELECT wrapped FROM "{schema}".timeline_keys WHERE id = %s',
                             [case.hex]).fetchall()  # fmt: skip
            snapshots = db.execute(
                f'SELECT state FROM "{schema}".timeline_snapshots WHERE originator_id = %s',
                [case],
            ).fetchall()
    else:
        with sqlite3.connect(f"file:{store.cli.path}?mode=ro", uri=True) as db:
            key = db.execute("SELECT wrapped FROM timeline_keys WHERE id = ?",
                             [case.hex]).fetchall()  # fmt: skip
            snapshots = db.execute(
                "SELECT state FROM stored_snapshots WHERE originator_id = ?", [case.hex]
            ).fetchall()
    assert len(key) == 1 and len(snapshots) == 1, (key, snapshots)
    return [bytes(key[0][0]), bytes(snapshots[0][0])]


def store_files(store: Store, also: Sequence[Path] = ()) -> list[Path]:
    """Every file the store's keys and snapshots are kept in, with `also` (files they were in
    before). PostgreSQL: its buffers flushed first by a checkpoint; the two tables and their
    TOAST tables, each with its forks and segments."""
    if not store.cli.postgres:
        return sorted(store.cli.path.parent.glob(store.cli.path.name + "*"))
    schema = postgres_store(store.cli.store).schema
    with _postgres(store) as db:
        db.execute("CHECKPOINT")
        (data,) = db.execute("SHOW data_directory").fetchone()
        paths = db.execute(
            "SELECT pg_relation_filepath(c.oid) FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname IN "
            "('timeline_keys', 'timeline_snapshots') UNION SELECT pg_relation_filepath("
            "c.reltoastrelid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname IN ('timeline_keys', 'timeline_snapshots')",
            [schema, schema],
        ).fetchall()  # fmt: skip
    tables = [Path(data) / path for (path,) in paths if path]
    return sorted({f for table in [*tables, *also] for f in _forks(table)})


def _forks(table: Path) -> list[Path]:
    """The files of a relation: its main fork, its other forks (`_fsm`, `_vm`), its segments."""
    return [table, *table.parent.glob(table.name + "_*"), *table.parent.glob(table.name + ".*")]


def holding(files: list[Path], secrets: list[bytes]) -> list[str]:
    """The files that hold any of `secrets`, each with how many."""
    held = []
    for path in files:
        data = path.read_bytes() if path.exists() else b""
        if count := sum(secret in data for secret in secrets):
            held.append(f"{path.name}: {count}")
    return held


@contextmanager
def _postgres(store: Store) -> Iterator[Any]:
    import psycopg

    found = postgres_store(store.cli.store)
    with psycopg.connect(host=found.host, port=found.port, dbname=found.dbname,
                         user=found.user, autocommit=True) as db:  # fmt: skip
        yield db


def erase(store: Store, *wait: str) -> Any:
    return store(
        "case", "erase", PLANTED, "--reason", "asked", "--yes", *(wait or ("--wait", WAIT))
    )


def test_an_erased_case_leaves_no_key_bytes_on_disk_while_a_server_holds_the_store(
    store: Store,
) -> None:
    secrets = destroyed(store)
    with serving(store) as client:
        assert client.get(f"/cases/{PLANTED}").status_code == 200  # the server met its key
        before = store_files(store)
        assert holding(before, secrets[:1]), "the search finds the key before the erasure"
        erased = erase(store)
        after = holding(store_files(store, before), secrets)
    assert (erased.code, erased.err) == (0, "")
    assert after == []


def test_a_servers_first_read_of_a_case_another_process_erased_is_410(store: Store) -> None:
    with serving(store) as client:
        assert client.get(f"/cases/{PLANTED}").status_code == 200
        assert erase(store).code == 0
        gone = client.get(f"/cases/{PLANTED}")
        replayed = client.get("/replay", params={"limit": 3}).text
    assert (gone.status_code, gone.json()["title"]) == (410, "Gone")
    assert "Seen 1" not in replayed and '"erased":"fact"' in replayed


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Another process's read of the SQLite store at `path`, begun before the erasure and
    still open: it keeps using the pages the erasure replaced."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("BEGIN")
        db.execute("SELECT count(*) FROM timeline_keys").fetchone()
        yield
        db.execute("COMMIT")


def test_erase_says_in_one_line_what_a_reader_keeps_on_disk_and_store_scrub_finishes(
    sqlite_store: Store,
) -> None:
    secrets = destroyed(sqlite_store)
    with reading(sqlite_store.cli.path):
        erased = erase(sqlite_store, "--wait", "0.5")
        kept = holding(store_files(sqlite_store), secrets[:1])
    scrubbed = sqlite_store("store", "scrub")
    assert erased.code == 0 and erased.err.count("\n") == 1
    assert "timeline: note: case 'planted' is erased, but destroyed key bytes" in erased.err
    assert f"run `timeline store scrub --store {sqlite_store.cli.store}`" in erased.err
    assert kept, "what the note says is left is on disk"
    assert scrubbed.code == 0
    assert holding(store_files(sqlite_store), secrets) == []


def test_store_scrub_refuses_in_one_line_while_a_reader_keeps_old_pages(
    sqlite_store: Store,
) -> None:
    with reading(sqlite_store.cli.path):
        sqlite_store.ok("case", "open", "later", "--title", "Opened while another reads")
        refused = sqlite_store("store", "scrub", "--wait", "0.5")
    assert (refused.code, refused.err.count("\n")) == (1, 1)
    assert "destroyed key bytes stay in timeline.db and timeline.db-wal" in refused.err


def test_erase_on_postgres_says_what_an_older_snapshot_keeps_and_store_scrub_finishes(
    pg_store: Store,
) -> None:
    secrets = destroyed(pg_store)
    with _postgres(pg_store) as other, other.transaction():
        other.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        other.execute("SELECT 1").fetchone()  # its snapshot is older than the erasure
        erased = erase(pg_store, "--wait", "0.5")
        kept = holding(store_files(pg_store), secrets[:1])
    scrubbed = pg_store("store", "scrub", "--wait", WAIT)
    assert erased.code == 0 and erased.err.count("\n") == 1
    assert "still sees the store as it was: when it ends, run `timeline store" in erased.err
    assert kept, "what the note says is left is on disk"
    assert scrubbed.code == 0, scrubbed.err
    assert holding(store_files(pg_store), secrets) == []
