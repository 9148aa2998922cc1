"""What `show` and `replay` print in a terminal: every id whole on one line (the id is
what a user copies into `correct`), one line an event with `--oneline`, and long output
through a pager where stdout is a terminal."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import TIMELINE, Cli

IN_PROCESS = True


@pytest.fixture
def seeded(sqlite_cli: Cli) -> Cli:
    sqlite_cli.ok("demo", "--store", sqlite_cli.store)
    return sqlite_cli


def _whole(event_id: str, printed: str) -> bool:
    return any(
        re.search(rf"(?<![\w:-]){re.escape(event_id)}(?![\w:])", line)
        for line in printed.splitlines()
    )


@pytest.mark.parametrize("columns", ["50", "60", "80", "100", "132"])
def test_every_id_of_show_and_replay_is_printed_whole_on_one_line(
    seeded: Cli, columns: str
) -> None:
    shown = [e["id"] for e in seeded.ok("show", "--json").json()]
    recorded = [e["id"] for e in seeded.ok("replay", "--json").json()]
    assert len(shown) == 26 and len(recorded) > len(shown)
    show = seeded("show", env={"COLUMNS": columns}).out
    replay = seeded("replay", env={"COLUMNS": columns}).out
    assert [i for i in shown if not _whole(i, show)] == []
    assert [i for i in recorded if not _whole(i, replay)] == []


def test_oneline_gives_each_event_one_line_with_its_id_and_text(seeded: Cli) -> None:
    entries = seeded.ok("show", "--json").json()
    lines = seeded.ok("show", "--oneline").out.splitlines()
    assert len(lines) == len(entries)
    for line, entry in zip(lines, entries, strict=True):
        date, event_id, kind, people, text = re.split(r"\s{2,}", line, maxsplit=4)
        assert (date, event_id, kind) == (entry["date"], entry["id"], entry["kind"])
        assert people == ("-" if entry["people"] is None else f"{entry['people']:,}")
        assert text == " ".join(entry["text"].split())
    history = seeded.ok("replay", "--json").json()
    replayed = seeded.ok("replay", "--oneline").out.splitlines()
    assert [line.split()[0] for line in replayed] == [str(e["position"]) for e in history]
    assert [line.split("  ")[2] for line in replayed] == [e["id"] for e in history]


def test_a_retracted_event_says_so_on_its_line(seeded: Cli) -> None:
    seeded.ok("retract", "amur-2009-group:2", "--reason", "a duplicate")
    lines = seeded.ok("show", "--oneline", "--include-retracted").out.splitlines()
    (line,) = [line for line in lines if "amur-2009-group:2 " in line]
    assert "  retracted: The twelve men" in line


def test_long_output_goes_through_the_pager_in_a_terminal_only(tmp_path: Path) -> None:
    store = str(tmp_path / "t.db")
    subprocess.run([TIMELINE, "demo", "--store", store], check=True, capture_output=True)
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "TIMELINE_STORE": store, "TIMELINE_PAGER": f"cat > {paged}"}
    for args in (["show"], ["replay", "--oneline"]):
        leader, follower = os.openpty()
        try:
            done = subprocess.run(
                [TIMELINE, *args], stdin=follower, stdout=follower, stderr=subprocess.PIPE,
                env=env, timeout=60,
            )  # fmt: skip
        finally:
            os.close(follower)
            on_screen = _read_all(leader)
        assert done.returncode == 0, done.stderr
        assert "vladivostok-2004-consulates:2" in paged.read_text()
        assert "vladivostok-2004-consulates:2" not in on_screen
        paged.unlink()
    # not a terminal: printed as ever; and --no-pager prints straight to the terminal
    piped = subprocess.run([TIMELINE, "show"], env=env, capture_output=True, text=True)
    assert "vladivostok-2004-consulates:2" in piped.stdout and not paged.exists()
    leader, follower = os.openpty()
    try:
        subprocess.run(
            [TIMELINE, "--no-pager", "show"], stdin=follower, stdout=follower, env=env,
            timeout=60, check=True,
        )  # fmt: skip
    finally:
        os.close(follower)
        on_screen = _read_all(leader)
    assert "vladivostok-2004-consulates:2" in on_screen and not paged.exists()


def _read_all(leader: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end is closed: all is read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return b"".join(chunks).decode(errors="replace")


def test_case_show_gives_the_span_as_its_dates_are_written(seeded: Cli) -> None:
    shown = seeded.ok("case", "show", "amur-2009-group").out
    assert "Span      199X to 2009" in shown and "1990-01-01" not in shown
    assert seeded.ok("case", "show", "amur-2009-group", "--json").json()["first"] == "199X"


def test_a_republished_story_is_shown_as_carried_never_as_confirming(seeded: Cli) -> None:
    seeded.ok("cite", "amur-2009-group:7", "--source", "Korea Herald, 2009-12-25", "--via", "Kyodo")
    seeded.ok("cite", "amur-2009-group:7", "--source", "Yonhap, 2009-12-24")
    shown = " ".join(seeded.ok("show", "--case", "amur-2009-group", "--oneline").out.split())
    table = " ".join(seeded.ok("show", "--case", "amur-2009-group").out.split())
    assert "carried by Korea Herald, 2009-12-25, via Kyodo" in table
    assert "confirmed by Korea Herald" not in table and "confirmed by Yonhap, 2009-12-24" in table
    assert "amur-2009-group:7" in shown
