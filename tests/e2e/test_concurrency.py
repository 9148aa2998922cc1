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


READERS = 4


def lagging_store(cli: Cli, lag: int) -> None:
    """A store whose views are `lag` events behind: imported, never read."""
    import orjson

    source = [{"outlet": "Kyodo", "published": "2009-12-23"}]
    rows = [{"kind": "case_opened", "case": f"c{n}", "title": "t"} for n in range(40)] + [
        {"kind": "observation", "case": f"c{i % 40}", "date": str(1900 + i % 100),
         "text": f"e{i}", "sources": source}
        for i in range(lag - 40)
    ]  # fmt: skip
    file = cli.cwd / "lag.jsonl"
    file.write_bytes(b"\n".join(orjson.dumps(row) for row in rows))
    cli.ok("init")
    cli.ok("import", str(file))


def read_at_once(cli: Cli, *commands: list[str]) -> list[tuple[int, str, str]]:
    import os

    from tests.e2e.conftest import TIMELINE

    env = {**os.environ, "TIMELINE_STORE": cli.store}
    processes = [
        subprocess.Popen(
            [TIMELINE, *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=cli.cwd,
        )
        for command in commands
    ]
    outputs = [p.communicate(timeout=600) for p in processes]
    return [(p.returncode, out, err) for p, (out, err) in zip(processes, outputs, strict=True)]


@pytest.mark.slow
def test_readers_catching_up_a_large_lag_at_once_all_succeed_alike(cli: Cli) -> None:
    lagging_store(cli, 10_000 if cli.postgres else 20_000)
    results = read_at_once(cli, *[["case", "list", "--json"]] * READERS)
    assert [(code, err) for code, _, err in results] == [(0, "")] * READERS
    assert len({out for _, out, _ in results}) == 1
    assert cli.ok("projections", "status", "--json").json()[0]["lag"] == 0
    cli.ok("verify")


@pytest.mark.slow
def test_readers_during_a_rebuild_are_served(sqlite_cli: Cli) -> None:
    lagging_store(sqlite_cli, 12_000)
    sqlite_cli.ok("show")
    results = read_at_once(
        sqlite_cli, ["projections", "rebuild"], *[["case", "show", "c1", "--json"]] * 3
    )
    assert [code for code, _, _ in results] == [0] * 4, results
    assert len({out for _, out, _ in results[1:]}) == 1
    sqlite_cli.ok("verify")
