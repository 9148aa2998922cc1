"""A long import: memory that does not grow with the file, and still all or nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson

from bench.generate import write
from bench.measure import run
from tests.e2e.conftest import TIMELINE, Cli

SMALL = 50_000
GROWTH_MB = 5
"""What four times the lines may add to the peak: holding every case the import touched
(as it once did) added about 70 bytes an event, 13 MB between these two files."""


def peak_mb(cli: Cli, *args: str) -> int:
    """Run `timeline ARGS` in a child; the child's peak resident memory, in MB.

    Linux carries a parent's peak into its child (it survives `exec`), and this test
    process holds the generated lines: the command is started by the benchmark's small
    launcher, which reads its child's peak (`bench.measure`)."""
    _, peak = run([TIMELINE, *args], store=cli.store)
    return peak


def test_importing_four_times_the_lines_needs_about_the_same_memory(
    sqlite_cli: Cli, tmp_path: Path
) -> None:
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    write(SMALL, small)
    write(4 * SMALL, large)
    into_small = Cli(store=str(tmp_path / "small.db"), cwd=tmp_path)
    into_large = Cli(store=str(tmp_path / "large.db"), cwd=tmp_path)
    into_small.ok("init")
    into_large.ok("init")
    first = peak_mb(into_small, "import", str(small))
    second = peak_mb(into_large, "import", str(large))
    assert second - first < GROWTH_MB, (first, second)
    with sqlite3.connect(into_large.store) as db:  # all of it stored, no views needed
        assert db.execute("SELECT count(*) FROM stored_events").fetchone() == (4 * SMALL,)


def test_a_bad_last_line_of_a_long_file_stores_nothing(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "long.jsonl"
    write(5_000, source)
    with source.open("ab") as file:
        file.write(orjson.dumps({"kind": "observation", "case": "nowhere", "date": "2009"}) + b"\n")
    cli.ok("init")
    result = cli("import", str(source))
    assert result.code == 2
    assert f"{source}:5001:" in result.err
    assert cli.ok("replay", "--json").json() == []


def test_a_refused_line_after_many_pages_stores_nothing(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "refused.jsonl"
    write(3_000, source)
    first = source.read_bytes().splitlines()[0]
    with source.open("ab") as file:
        file.write(first + b"\n")  # the first case opened again
    cli.ok("init")
    result = cli("import", str(source))
    assert (result.code, "already exists" in result.err) == (1, True)
    assert f"{source}:3001:" in result.err
    assert cli.ok("replay", "--json").json() == []


def test_a_long_case_imported_loads_from_its_snapshot_and_takes_more(
    cli: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "long-case.jsonl"
    source.write_bytes(b"\n".join(orjson.dumps(line) for line in long_case(2_500)))
    cli.ok("init")
    cli.ok("import", str(source))
    cli.ok("append", "long", "observation", "--date", "2010", "--text", "One more",
           "--source", "Kyodo, 2010-01-01")  # fmt: skip
    assert cli.ok("case", "show", "long", "--json").json()["events"] == 2_500
    assert "Verified 2,501 events" in cli.ok("verify").out


def long_case(count: int) -> list[dict[str, object]]:
    lines: list[dict[str, object]] = [{"kind": "case_opened", "case": "long", "title": "Long"}]
    lines += [{"kind": "observation", "case": "long", "date": "2009", "text": f"Seen {n}",
               "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}
              for n in range(count - 1)]  # fmt: skip
    return lines
