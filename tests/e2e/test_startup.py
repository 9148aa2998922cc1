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
built = []
if "events.facts" in sys.modules:  # each fact kind whose own schema has been built
    kinds = sys.modules["events.facts"].FACT_KINDS
    built = [f"schema:{kind}" for kind, model in kinds.items() if model.__pydantic_complete__]
with open(sys.argv[1], "w") as out:
    out.write("\\n".join(sorted([*sys.modules, *built])))
sys.exit(code)
"""
STORE = ("psycopg", "eventsourcing.postgres", "fastapi")
"""Never needed by a command on an SQLite store that serves nothing."""
DRAWING = ("rich.console", "rich.table", "cli.render")


def loaded(cli: Cli, *args: str) -> set[str]:
    """The modules imported by the end of `timeline ARGS` on `cli`'s store, and
    `schema:KIND` for each fact kind whose schema was built."""
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
    """The `amur` store, its views caught up (a read folds what it has not seen)."""
    amur_case(sqlite_cli).ok("show")
    return sqlite_cli


def test_version_loads_neither_the_store_nor_the_vocabulary(sqlite_cli: Cli) -> None:
    modules = loaded(sqlite_cli, "--version")
    unwanted = {"eventsourcing", "pydantic.main", "orjson", "events", "domain", "cli.keys"}
    assert "typer" in modules
    assert modules.isdisjoint(unwanted | {*STORE, *DRAWING})


JSON_READS = [["show", "--case", "amur-2009-group", "--json"],
              ["case", "show", "amur-2009-group", "--json"],
              ["replay", "--case", "amur-2009-group", "--json"]]  # fmt: skip
APPLICATION = {"domain.application", "eventsourcing.application", "projections.runner"}
MODELS = {"pydantic.main", "projections.record", "events.facts"}


@pytest.mark.parametrize("args", [*JSON_READS[:2], ["show", "--json"], ["case", "list", "--json"]])
def test_json_reads_of_current_views_load_neither_the_application_nor_models(
    amur_file: Cli, args: list[str]
) -> None:
    modules = loaded(amur_file, *args)
    assert "projections.fresh" in modules  # the check sees what the command did load
    assert modules.isdisjoint({*APPLICATION, *MODELS, *DRAWING, *STORE})


def test_replay_loads_the_application_and_no_drawing(amur_file: Cli) -> None:
    modules = loaded(amur_file, *JSON_READS[2])
    assert "domain.application" in modules
    assert modules.isdisjoint({*DRAWING, *STORE, "events.instructions"})


TABLE_READS = [["show", "--case", "amur-2009-group"], ["case", "show", "amur-2009-group"],
               ["case", "list"]]  # fmt: skip


@pytest.mark.parametrize("args", TABLE_READS)
def test_reads_of_current_views_for_people_draw_the_stored_json_with_rich_alone(
    amur_file: Cli, args: list[str]
) -> None:
    modules = loaded(amur_file, *args)
    assert {"rich.table", "cli.render", "projections.fresh"} <= modules
    assert modules.isdisjoint({*APPLICATION, *MODELS, *STORE})


APPEND = ["append", "amur-2009-group", "arrived", "--date", "2009-09", "--destination",
          "South Korea", "--source", "Kyodo, 2009-12-23", "--text", "Arrived."]  # fmt: skip
"""One event appended to the seed's case."""


@pytest.mark.parametrize("args", [*JSON_READS[:2], *TABLE_READS])
def test_a_read_behind_the_store_opens_it_to_catch_up(amur_file: Cli, args: list[str]) -> None:
    amur_file.ok(*APPEND)
    assert "projections.runner" in loaded(amur_file, *args)
    assert "projections.runner" not in loaded(amur_file, *args)  # now current


def test_replay_builds_the_schemas_of_the_kinds_it_shows(amur_file: Cli) -> None:
    built = [m for m in loaded(amur_file, *JSON_READS[2]) if m.startswith("schema:")]
    assert built == ["schema:agency_contacted"]


def test_append_loads_neither_drawing_nor_views_runner_nor_a_cipher(amur_file: Cli) -> None:
    modules = loaded(amur_file, *APPEND)
    assert {"events.reading", "schema:arrived", "schema:observation"} <= modules
    assert modules.isdisjoint({*DRAWING, *STORE, "projections.runner"})
    assert not any(m.startswith("cryptography") for m in modules)  # a plain store


UNUSED_BY_AN_APPEND = {
    "events.instructions", "events.case_instructions",  # the instructions but a fact's
    "domain.access",  # accounts, roles, policies: no case is opened, no account named
    "domain.once",  # no idempotency key is given
    "storage.keyring", "domain.erasure",  # a plain store: no key, nothing erased
    "storage.scrub",  # nothing destroyed to scrub
}  # fmt: skip


def test_append_to_a_plain_store_imports_nothing_it_does_not_use(amur_file: Cli) -> None:
    modules = loaded(amur_file, *APPEND)
    assert {"domain.application", "storage.sqlite", "storage.codec"} <= modules
    assert modules.isdisjoint(UNUSED_BY_AN_APPEND)


def test_a_case_command_loads_none_of_the_others(amur_file: Cli) -> None:
    modules = loaded(amur_file, "case", "show", "amur-2009-group")
    assert "cli.cases" in modules
    assert modules.isdisjoint({"cli.users", "cli.erasure"})
