"""SIGKILL during an import, a rebuild and a catch-up: afterwards `verify` passes (every event
reads, the chain holds, the views equal a rebuild) and the record is all or nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
from pathlib import Path

import orjson
import pytest

from tests.e2e.conftest import TIMELINE, Cli

KILLS = int(os.environ.get("TIMELINE_KILLS", "3"))
EVENTS = 5_000


def lines(case: str, count: int) -> bytes:
    source = [{"outlet": "Kyodo", "published": "2009-12-23"}]
    rows = [{"kind": "case_opened", "case": case, "title": "t"}] + [
        {
            "kind": "observation",
            "case": case,
            "date": "2009",
            "text": f"{case}-{i}",
            "sources": source,
        }
        for i in range(count - 1)
    ]
    return b"\n".join(orjson.dumps(row) for row in rows) + b"\n"


def killed(cli: Cli, rng: random.Random, *args: str) -> int:
    """Run `timeline ARGS`, SIGKILL it after a random pause; its exit code (or -9)."""
    process = subprocess.Popen(
        [TIMELINE, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cli.cwd,
        env={**os.environ, "TIMELINE_STORE": cli.store},
    )  # fmt: skip
    try:
        process.wait(timeout=rng.uniform(0.3, 2.5))
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    return process.wait()


def events(cli: Cli) -> int:
    return int(cli.ok("verify", "--json").json()["events"])


@pytest.mark.slow
def test_an_import_killed_at_any_moment_stores_all_or_nothing(sqlite_cli: Cli) -> None:
    cli, rng = sqlite_cli, random.Random(1)
    cli.ok("init")
    stored = 0
    for trial in range(KILLS):
        file = Path(cli.cwd) / f"batch-{trial}.jsonl"
        file.write_bytes(lines(f"batch-{trial}", EVENTS))
        code = killed(cli, rng, "import", str(file))
        now = events(cli)  # verify passes
        assert now - stored in ((EVENTS, 0) if code == -9 else (EVENTS,))
        stored = now


@pytest.mark.slow
@pytest.mark.parametrize(
    "command", [["projections", "rebuild"], ["show", "--json"]], ids=["rebuild", "catch-up"]
)
def test_views_killed_while_written_are_left_whole(sqlite_cli: Cli, command: list[str]) -> None:
    cli, rng = sqlite_cli, random.Random(2)
    cli.ok("init")
    for trial in range(KILLS):
        file = Path(cli.cwd) / f"case-{trial}.jsonl"
        file.write_bytes(lines(f"case-{trial}", EVENTS))
        cli.ok("import", str(file))
        killed(cli, rng, *command)
        report = cli.ok("verify", "--json").json()  # the views equal a rebuild up to their position
        assert report["events"] == EVENTS * (trial + 1)
        assert report["views_at"] in range(0, report["position"] + 1)
