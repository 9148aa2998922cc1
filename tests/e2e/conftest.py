"""Run the installed `timeline` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

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
    store: Path
    cwd: Path

    def __call__(self, *args: str, stdin: str | None = None) -> Result:
        env = {**os.environ, "TIMELINE_STORE": str(self.store), "COLUMNS": "80"}
        done = subprocess.run(
            [TIMELINE, *args], capture_output=True, text=True, input=stdin, env=env,
            cwd=self.cwd, timeout=60,
        )  # fmt: skip
        return Result(done.returncode, done.stdout, done.stderr)

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert result.code == 0, result.err
        return result

    def dump(self) -> list[str]:
        """Every row of the store, to prove a failed command changed nothing."""
        with sqlite3.connect(self.store) as db:
            return list(db.iterdump())


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(store=tmp_path / "timeline.db", cwd=tmp_path)


SOURCE = ["--source", "Kyodo, 2009-12-23"]


@pytest.fixture
def amur(cli: Cli) -> Cli:
    """A store with one case and one event (amur-2009-group:2)."""
    cli.ok("init")
    cli.ok("case", "open", "amur-2009-group", "--title", "Twelve workers from Amur Province")
    cli.ok("append", "amur-2009-group", "agency_contacted", "--date", "2007/2009",
           "--people", "12", "--contacted", "UNHCR Moscow office", "--channel", "letter",
           "--channel", "phone", *SOURCE, "--text", "Sought asylum in South Korea")  # fmt: skip
    return cli
