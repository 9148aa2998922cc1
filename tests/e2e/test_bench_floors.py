"""The benchmark's floors do the work they stand for: a floor that skipped it would make
every target look out of reach."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import orjson

from bench.generate import write
from events.facts import FACT_KINDS
from tests.e2e.conftest import Cli

LINES = 400


def floor(*args: str) -> int:
    """Run a floor as the benchmark does; how many rows it says it wrote."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.floors", *args], capture_output=True, check=True
    )
    return int(done.stdout)


def test_the_import_floor_stores_each_line_as_the_import_does(
    sqlite_cli: Cli, tmp_path: Path
) -> None:
    source = write(LINES, tmp_path / "lines.jsonl")
    sqlite_cli.ok("init")
    sqlite_cli.ok("import", str(source))
    floor_store = tmp_path / "floor.db"
    assert floor("import", str(source), str(floor_store)) == LINES
    with sqlite3.connect(sqlite_cli.store) as ours, sqlite3.connect(floor_store) as least:
        query = "SELECT count(*), count(DISTINCT originator_id) FROM stored_events"
        assert least.execute(query).fetchone() == ours.execute(query).fetchone()
        # each row holds its line's instruction, validated and mapped as the store maps
        states = [orjson.loads(s) for (s,) in least.execute("SELECT state FROM stored_events")]
    said = [state["instruction"] for state in states]
    kinds = sorted(i["fact"]["kind"] if "fact" in i else i["kind"] for i in said)
    given = sorted(orjson.loads(line)["kind"] for line in source.read_bytes().splitlines())
    assert kinds == given


def test_the_import_floor_validates_each_line(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_bytes(b'{"kind": "observation", "case": "c", "date": "2009-13", "text": "x"}\n')
    done = subprocess.run(
        [sys.executable, "-m", "bench.floors", "import", str(source), str(tmp_path / "f.db")],
        capture_output=True,
    )
    assert done.returncode != 0
    assert b"ValidationError" in done.stderr


def test_the_rebuild_floor_writes_a_row_for_each_fact(sqlite_cli: Cli, tmp_path: Path) -> None:
    source = write(LINES, tmp_path / "lines.jsonl")
    sqlite_cli.ok("init")
    sqlite_cli.ok("import", str(source))
    target = tmp_path / "floor-views.db"
    lines = source.read_bytes().splitlines()
    facts = sum(orjson.loads(line)["kind"] in FACT_KINDS for line in lines)
    assert floor("rebuild", sqlite_cli.store, str(target)) == facts
    with sqlite3.connect(target) as least:
        rows = least.execute("SELECT fact FROM facts").fetchall()
    assert len(rows) == facts
    assert all(orjson.loads(fact)["sources"] for (fact,) in rows)
