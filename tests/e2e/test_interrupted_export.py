"""`timeline export -o` stopped by a signal while it writes leaves no `.part` behind: SIGTERM,
SIGHUP and Ctrl-C say so in one line and exit 128 + the signal's number; after SIGKILL,
the next export to the same file removes the one left, and never one being written."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from bench.generate import write
from cli.export import written
from tests.e2e.conftest import TIMELINE, Cli

EVENTS = 4_000
"""Enough that an export is still writing its file when the test has seen it begin."""
WAIT = 120.0
"""Seconds to wait for a `timeline` process on a busy machine before giving up."""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    folder = tmp_path_factory.mktemp("big")
    cli = Cli(str(folder / "timeline.db"), folder)
    cli.ok("init")
    cli.ok("import", str(write(EVENTS, cli.cwd / "big.jsonl")))
    return cli


def parts(cli: Cli, name: str) -> list[Path]:
    return sorted(cli.cwd.glob(f".{name}.*.part"))


def writing(
    cli: Cli, name: str, *options: str, besides: tuple[Path, ...] = ()
) -> tuple[subprocess.Popen[bytes], Path]:
    """`timeline export OPTIONS -o NAME` (umask 0) once it is writing: the process and its
    `.part`. Its stderr goes to NAME.err."""
    with (cli.cwd / f"{name}.err").open("wb") as err:
        process = subprocess.Popen(
            [TIMELINE, "export", *options, "-o", name], cwd=cli.cwd, stdout=subprocess.DEVNULL,
            stderr=err, umask=0, env={**os.environ, "TIMELINE_STORE": cli.store},
        )  # fmt: skip
    deadline = time.monotonic() + WAIT
    while not (new := [p for p in parts(cli, name) if p not in besides]):
        assert process.poll() is None, "the export ended before it was seen writing"
        assert time.monotonic() < deadline, "the export never began writing"
        time.sleep(0.005)
    return process, new[0]


STOPS = {signal.SIGTERM: "SIGTERM", signal.SIGHUP: "SIGHUP", signal.SIGINT: "Ctrl-C"}


@pytest.mark.parametrize("stop", STOPS, ids=STOPS.values())
def test_an_export_stopped_by_a_signal_leaves_no_part_and_says_nothing_was_written(
    big: Cli, stop: signal.Signals
) -> None:
    name = f"{stop.name}.html"
    (big.cwd / name).write_text("an older export")
    process, part = writing(big, name)
    assert part.stat().st_mode & 0o777 == 0o600  # private while it exists, whatever the umask
    process.send_signal(stop)
    assert process.wait(timeout=WAIT) == 128 + stop
    said = f"timeline: error: interrupted ({STOPS[stop]}): nothing was written to {name}\n"
    assert (big.cwd / f"{name}.err").read_text() == said
    assert parts(big, name) == [] and (big.cwd / name).read_text() == "an older export"


def test_the_next_export_removes_a_part_a_killed_export_left_and_not_one_being_written(
    big: Cli,
) -> None:
    name, quick = "killed.html", ["--case", "case-000000"]
    running, live = writing(big, name)  # the whole store: still writing while the others run
    killed, stale = writing(big, name, *quick, besides=(live,))
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=WAIT)
    assert stale.exists()
    note = big.ok("export", *quick, "-o", name).err
    assert running.wait(timeout=WAIT) == 0  # its own `.part` was left to it
    assert f"removed {stale.name}: left beside {name} by an earlier export" in note
    assert live.name not in note and parts(big, name) == []


def test_a_signal_arriving_as_the_part_is_made_leaves_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cli.interrupts import Interrupted

    make = tempfile.mkstemp

    def made_then_signalled(*args: Any, **kwargs: Any) -> tuple[int, str]:
        made = make(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)  # the file exists; its name is not yet returned
        return made

    monkeypatch.setattr(tempfile, "mkstemp", made_then_signalled)
    with (
        pytest.raises(Interrupted, match="nothing was written to"),
        written(tmp_path / "out.csv") as write,
    ):
        write("never kept")
    assert list(tmp_path.iterdir()) == []
