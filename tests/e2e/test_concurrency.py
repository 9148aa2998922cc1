"""Many writers at once, as real processes: nothing lost, nothing stored twice, no error."""

from __future__ import annotations

import subprocess
import sys

import pytest

from storage.opening import open_timeline
from tests.e2e.conftest import Cli

WRITERS, APPENDS = 4, 500


def write_at_once(cli: Cli, cases: list[str]) -> None:
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.writer", cli.store, case, f"w{n}", str(APPENDS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, case in enumerate(cases)
    ]
    outcomes = [writer.communicate(timeout=600) for writer in writers]
    assert [(w.returncode, err) for w, (_, err) in zip(writers, outcomes, strict=True)] == [
        (0, "")
    ] * len(writers)


@pytest.mark.slow
@pytest.mark.parametrize("shared", [True, False], ids=["one case", "four cases"])
def test_writers_appending_at_once_lose_nothing_and_duplicate_nothing(
    cli: Cli, shared: bool
) -> None:
    cli.ok("init")
    cases = ["shared"] * WRITERS if shared else [f"case-{n}" for n in range(WRITERS)]
    for case in dict.fromkeys(cases):
        cli.ok("case", "open", case, "--title", "t")
    write_at_once(cli, cases)

    app = open_timeline(cli.store)
    for case in dict.fromkeys(cases):
        events = app.repository.get(app.get_case(case).id).version
        texts = [e["text"] for e in cli.ok("replay", "--case", case, "--json").json()[1:]]
        writers = [f"w{n}" for n, c in enumerate(cases) if c == case]
        assert events == 1 + APPENDS * len(writers)  # ids dense: versions 1..N, no gap
        assert sorted(texts) == sorted(f"{w}-{i}" for w in writers for i in range(APPENDS))
    positions = [e["position"] for e in cli.ok("replay", "--json").json()]
    assert (
        len(positions)
        == len(set(positions))
        == len(cases) // (WRITERS if shared else 1) + (APPENDS * WRITERS)
    )
    app.close()
