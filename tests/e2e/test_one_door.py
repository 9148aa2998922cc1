"""The two doors read alike: a summary or an export asked of `timeline` and of `timeline
serve` with the same request is the same bytes, on either backend (one read behind both,
`reads`)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import TIMELINE, Cli, serving

WAIT = httpx.Timeout(120.0)  # a loaded machine answers slowly; what is answered matters here
FORMATS = ("html", "timelinejs", "csv", "markdown", "jsonl")
FIRST, LATER = "vladivostok-2004-consulates", "amur-2009-group"
"""Two cases of the seed, in the order they were opened."""
SEED = Path(__file__).parents[2] / "events" / "seeds" / "kyodo-2009-12-23.jsonl"


@dataclass
class Doors:
    cli: Cli
    url: str
    token: str

    def printed(self, *args: str) -> bytes:
        """What `timeline ARGS` prints, byte for byte, on a terminal 100 columns wide (the
        width the service wraps its text to)."""
        env = {**os.environ, "TIMELINE_STORE": self.cli.store, "COLUMNS": "100"}
        done = subprocess.run(
            [TIMELINE, *args], capture_output=True, env=env, cwd=self.cli.cwd, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def sent(self, path: str) -> bytes:
        headers = {"Authorization": f"Bearer {self.token}"}
        answer = httpx.get(f"{self.url}{path}", headers=headers, timeout=WAIT)
        assert answer.status_code == 200, answer.text
        return answer.content


def open_doors(cli: Cli) -> Iterator[Doors]:
    """`cli`'s store served, and an admin's token (an admin sees what the command line sees)."""
    token = cli.ok("user", "add", "ana", "--role", "admin", "--json").json()["token"]
    with serving("--store", cli.store, cwd=cli.cwd) as url:
        yield Doors(cli, url, token)


@pytest.fixture
def seeded_doors(cli: Cli) -> Iterator[Doors]:
    cli.ok("init")
    cli.ok("import", str(SEED))
    yield from open_doors(cli)


@pytest.fixture
def empty_doors(cli: Cli) -> Iterator[Doors]:
    cli.ok("init")
    yield from open_doors(cli)


SUMMARIES = [
    (["--format", "json"], "format=json"),
    (["--format", "markdown"], "format=markdown"),
    (["--format", "text"], "format=text"),
    (["--format", "text", "--by", "month", "--case", LATER, "--case", FIRST, "--from", "2004",
      "--include-retracted", "--until", "40"],
     f"format=text&by=month&case={LATER}&case={FIRST}&from=2004&include_retracted=true&until=40"),
]  # fmt: skip


def test_every_summary_is_the_same_bytes_from_the_command_line_and_the_service(
    seeded_doors: Doors,
) -> None:
    differing = [
        query
        for args, query in SUMMARIES
        if seeded_doors.printed("summary", *args) != seeded_doors.sent(f"/summary?{query}")
    ]
    assert differing == []


def test_every_export_of_the_seed_store_is_the_same_bytes_from_both_doors(
    seeded_doors: Doors,
) -> None:
    named = [LATER, FIRST]  # not in the order they were opened
    differing = [
        (f, cases)
        for f in FORMATS
        for cases in ([], named)
        if seeded_doors.printed("export", "-f", f, *(a for c in cases for a in ("--case", c)))
        != seeded_doors.sent(f"/export?format={f}" + "".join(f"&case={c}" for c in cases))
    ]
    assert differing == []


def test_every_export_of_an_empty_store_is_the_same_bytes_from_both_doors(
    empty_doors: Doors,
) -> None:
    differing = [
        f
        for f in FORMATS
        if empty_doors.printed("export", "-f", f) != empty_doors.sent(f"/export?format={f}")
    ]
    assert differing == []


def test_an_export_is_headed_as_the_summary_of_the_same_cases(seeded_doors: Doors) -> None:
    cases = ["--case", LATER, "--case", FIRST]
    exported = seeded_doors.printed("export", "-f", "markdown", *cases).decode()
    told = seeded_doors.printed("summary", "--format", "markdown", *cases).decode()
    assert exported.splitlines()[0] == told.splitlines()[0]
    assert f"{LATER} and {FIRST}" in told.splitlines()[0]
