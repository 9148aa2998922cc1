"""Run the installed `timeline` command in a subprocess, as a user would, on SQLite and on
PostgreSQL (`cli`), or on SQLite alone where a test is about the file (`sqlite_cli`)."""

from __future__ import annotations

import itertools
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from domain.store import PostgresStore, is_postgres, postgres_store
from storage.postgres import drop_schema
from tests.conftest import postgres_url

TIMELINE = str(Path(sys.executable).parent / "timeline")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return orjson.loads(self.out)


@dataclass
class Cli:
    store: str
    cwd: Path

    @property
    def path(self) -> Path:
        """The SQLite store's file."""
        assert not self.postgres, "this test is about an SQLite file"
        return Path(self.store)

    @property
    def postgres(self) -> bool:
        return is_postgres(self.store)

    def __call__(
        self, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
    ) -> Result:
        env = {**os.environ, "TIMELINE_STORE": self.store, "COLUMNS": "80", **(env or {})}
        done = subprocess.run(
            [TIMELINE, *args], capture_output=True, text=True, input=stdin, env=env,
            cwd=self.cwd, timeout=60,
        )  # fmt: skip
        return Result(done.returncode, done.stdout, done.stderr)

    def ok(self, *args: str, stdin: str | None = None) -> Result:
        result = self(*args, stdin=stdin)
        assert result.code == 0, result.err
        return result

    def dump(self) -> list[str]:
        """Every row of the store, to prove a failed command changed nothing."""
        if self.postgres:
            return postgres_dump(postgres_store(self.store))
        with sqlite3.connect(self.store) as db:
            return list(db.iterdump())


def postgres_dump(store: PostgresStore) -> list[str]:
    """Every row of every table in the store's schema, in a stable order."""
    import psycopg

    lines: list[str] = []
    with psycopg.connect(host=store.host, port=store.port, dbname=store.dbname,
                         user=store.user) as db:  # fmt: skip
        tables = db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "ORDER BY table_name", [store.schema]
        ).fetchall()  # fmt: skip
        for (table,) in tables:
            rows = db.execute(f'SELECT * FROM "{store.schema}"."{table}"').fetchall()
            lines += sorted(f"{table}: {row!r}" for row in rows)
    return lines


def on_postgres(tmp_path: Path) -> Iterator[Cli]:
    """A CLI on a schema of its own in the test server, dropped afterwards."""
    location = postgres_url()
    yield Cli(store=location, cwd=tmp_path)
    drop_schema(postgres_store(location))


@pytest.fixture(params=["sqlite", "postgres"])
def cli(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Cli]:
    if request.param == "sqlite":
        yield Cli(store=str(tmp_path / "timeline.db"), cwd=tmp_path)
        return
    yield from on_postgres(tmp_path)


@pytest.fixture
def postgres_cli(tmp_path: Path) -> Iterator[Cli]:
    yield from on_postgres(tmp_path)


@pytest.fixture
def sqlite_cli(tmp_path: Path) -> Cli:
    return Cli(store=str(tmp_path / "timeline.db"), cwd=tmp_path)


SOURCE = ["--source", "Kyodo, 2009-12-23"]


@pytest.fixture
def amur(cli: Cli) -> Cli:
    """A store with one case and one event (amur-2009-group:2)."""
    return amur_case(cli)


def amur_case(cli: Cli) -> Cli:
    """Make the `amur` store at `cli`'s store."""
    cli.ok("init")
    cli.ok("case", "open", "amur-2009-group", "--title", "Twelve workers from Amur Province")
    cli.ok("append", "amur-2009-group", "agency_contacted", "--date", "2007/2009",
           "--people", "12", "--contacted", "UNHCR Moscow office", "--channel", "letter",
           "--channel", "phone", *SOURCE, "--text", "Sought asylum in South Korea")  # fmt: skip
    return cli


_logs = itertools.count()


@contextmanager
def serving(
    *args: str, cwd: Path, env: dict[str, str] | None = None, workers: int = 1
) -> Iterator[str]:
    """`timeline serve --port 0 ARGS` until the block ends; gives its address once each of
    its `workers` has started.

    Everything it writes (the access log; on stderr its warnings and any traceback) goes to
    a file of `cwd`, read to find its address: a pipe left unread after start-up fills, and
    the server then stops at its next line of log.
    """
    log = cwd / f"serve-{next(_logs)}.log"
    with log.open("wb") as written:
        server = subprocess.Popen(
            [TIMELINE, "serve", "--port", "0", "--workers", str(workers), *args],
            stdout=written, stderr=written, env=env, cwd=cwd,
        )  # fmt: skip
    try:
        yield _listening(server, log, workers)
    finally:  # a failed test too: a server left running holds its store and its port
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _listening(server: subprocess.Popen[bytes], log: Path, workers: int) -> str:
    """The server's address, once its log says every worker started (polled: a busy
    machine may take long to start it, a failed start ends it)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        said = log.read_text(errors="replace")
        url = re.search(r"Uvicorn running on (\S+)", said)
        if url and said.count("Application startup complete") >= workers:
            return url[1]
        if server.poll() is not None:
            raise AssertionError(f"the server stopped before listening: {said[-2000:]}")
        time.sleep(0.05)
    raise AssertionError(f"the server did not start within 120 s: {log.read_text()[-2000:]}")
