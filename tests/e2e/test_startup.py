"""What a command loads: each start-up pays only for what the command uses.

Times belong to `make bench`; here, which modules a command line has imported when it
ends, run in a fresh interpreter as the installed `timeline` runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import Cli, amur_case

PROGRAM = """
import sys
from cli.main import run
try:
    run(sys.argv[2:])
except SystemExit as ended:
    code = ended.code
with open(sys.argv[1], "w") as out:
    out.write("\\n".join(sorted(sys.modules)))
sys.exit(code)
"""
STORE = ("psycopg", "eventsourcing.postgres", "fastapi")
"""Never needed by a command on an SQLite store that serves nothing."""
DRAWING = ("rich.console", "rich.table", "cli.render")


def loaded(cli: Cli, *args: str) -> set[str]:
    """The modules imported by the end of `timeline ARGS` on `cli`'s store."""
    listing = cli.cwd / "modules.txt"
    env = {**os.environ, "TIMELINE_STORE": cli.store, "COLUMNS": "80"}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(listing), *args], capture_output=True, text=True,
        env=env, cwd=cli.cwd, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return set(Path(listing).read_text().split())


@pytest.fixture
def amur_file(sqlite_cli: Cli) -> Cli:
    return amur_case(sqlite_cli)


def test_version_loads_neither_the_store_nor_the_vocabulary(sqlite_cli: Cli) -> None:
    modules = loaded(sqlite_cli, "--version")
    unwanted = {"eventsourcing", "pydantic.main", "orjson", "events", "domain", "cli.keys"}
    assert "typer" in modules
    assert modules.isdisjoint(unwanted | {*STORE, *DRAWING})


@pytest.mark.parametrize(
    "args", [["show", "--case", "amur-2009-group", "--json"], ["case", "show", "amur-2009-group",
             "--json"], ["replay", "--case", "amur-2009-group", "--json"]],
)  # fmt: skip
def test_json_reads_load_no_drawing_and_no_instructions(amur_file: Cli, args: list[str]) -> None:
    modules = loaded(amur_file, *args)
    assert "domain.application" in modules  # the check sees what the command did load
    assert modules.isdisjoint({*DRAWING, *STORE, "events.instructions"})


@pytest.mark.parametrize(
    "args", [["show", "--case", "amur-2009-group"], ["case", "show", "amur-2009-group"]]
)
def test_reads_for_people_draw_with_rich(amur_file: Cli, args: list[str]) -> None:
    assert {"rich.table", "cli.render"} <= loaded(amur_file, *args)


def test_append_loads_neither_drawing_nor_views_runner(amur_file: Cli) -> None:
    modules = loaded(
        amur_file, "append", "amur-2009-group", "arrived", "--date", "2009-09",
        "--destination", "South Korea", "--source", "Kyodo, 2009-12-23", "--text", "Arrived.",
    )  # fmt: skip
    assert "events.instructions" in modules
    assert modules.isdisjoint({*DRAWING, *STORE, "projections.runner"})
