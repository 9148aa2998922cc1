"""Run the `timeline` command as a user would, on SQLite and on PostgreSQL (`cli`), or on
SQLite alone where a test is about the file (`sqlite_cli`).

A test module about what crosses the process boundary (exit codes as a shell sees them,
signals, pipes, start-up, servers) runs the installed command in a subprocess. A module
that checks only what a command prints and stores says `IN_PROCESS = True`: its commands
run in the test's own process (`cli.main.run`, the entry point the installed command
calls), with the same arguments, environment, folder and standard input, which saves the
interpreter's start-up and the imports of every command.
"""

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

from storage.location import PostgresStore, is_postgres_url, postgres_store
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
    in_process: bool = False
    """Run commands in this process (`run_in_process`) rather than in a subprocess."""

    @property
    def path(self) -> Path:
        """The SQLite store's file."""
        assert not self.postgres, "this test is about an SQLite file"
        return Path(self.store)

    @property
    def postgres(self) -> bool:
        return is_postgres_url(self.store)

    def __call__(
        self, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
    ) -> Result:
        env = {**os.environ, "TIMELINE_STORE": self.store, "COLUMNS": "80", **(env or {})}
        if self.in_process:
            return run_in_process(list(args), stdin=stdin, env=env, cwd=self.cwd)
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


def run_in_process(argv: list[str], *, stdin: str | None, env: dict[str, str], cwd: Path) -> Result:
    """`timeline ARGV` in this process, as `TIMELINE` would run it in a subprocess: in `cwd`,
    with exactly `env` as its environment and `stdin` as its input; every store the command
    opened is closed after it, as the end of a process closes them."""
    import io

    from cli import output
    from cli.main import run
    from storage import opening

    opened: list[Any] = []
    open_timeline = opening.open_timeline

    def opening_tracked(*args: Any, **kwargs: Any) -> Any:
        opened.append(open_timeline(*args, **kwargs))
        return opened[-1]

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    saved = (sys.stdin, sys.stdout, sys.stderr, dict(os.environ), os.getcwd())
    sys.stdin = io.TextIOWrapper(io.BytesIO((stdin or "").encode()), encoding="utf-8")
    sys.stdout, sys.stderr = out, err
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    output._console.cache_clear()  # rich reads COLUMNS when its console is made
    opening.open_timeline = opening_tracked  # type: ignore[assignment]
    code = 0
    try:
        run(argv)
    except SystemExit as ended:
        code = ended.code if isinstance(ended.code, int) else 1
    finally:
        opening.open_timeline = open_timeline  # type: ignore[assignment]
        for app in opened:
            app.close()
        sys.stdin, sys.stdout, sys.stderr = saved[0], saved[1], saved[2]
        os.environ.clear()
        os.environ.update(saved[3])
        os.chdir(saved[4])
        output._console.cache_clear()
    out.flush()
    written = out.buffer.getvalue().decode()  # type: ignore[attr-defined]
    return Result(code, written, err.getvalue())


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


def on_postgres(tmp_path: Path, in_process: bool = False) -> Iterator[Cli]:
    """A CLI on a schema of its own in the test server, dropped afterwards."""
    location = postgres_url()
    yield Cli(store=location, cwd=tmp_path, in_process=in_process)
    drop_schema(postgres_store(location))


def in_process(request: pytest.FixtureRequest) -> bool:
    """Whether the test's module runs its commands in this process (`IN_PROCESS = True`)."""
    return bool(getattr(request.module, "IN_PROCESS", False))


@pytest.fixture(params=["sqlite", "postgres"])
def cli(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Cli]:
    if request.param == "sqlite":
        yield Cli(store=str(tmp_path / "timeline.db"), cwd=tmp_path, in_process=in_process(request))
        return
    yield from on_postgres(tmp_path, in_process(request))


@pytest.fixture
def postgres_cli(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Cli]:
    yield from on_postgres(tmp_path, in_process(request))


@pytest.fixture
def sqlite_cli(request: pytest.FixtureRequest, tmp_path: Path) -> Cli:
    return Cli(store=str(tmp_path / "timeline.db"), cwd=tmp_path, in_process=in_process(request))


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


def key_file(cli: Cli, name: str) -> str:
    """A new key file `name` in the CLI's folder, made by `timeline key new`; its path."""
    cli.ok("key", "new", name)
    return str(cli.cwd / name)
