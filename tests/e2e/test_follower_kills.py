"""The follower killed at random moments while writers append: restarted, it resumes after
its tracked position, and the views equal a rebuild (no event applied twice, none skipped)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.e2e.conftest import TIMELINE, Cli

TRIALS = int(os.environ.get("TIMELINE_FOLLOWER_KILLS", "20"))


def views(cli: Cli) -> tuple[object, object]:
    return (
        cli.ok("show", "--include-retracted", "--json").json(),
        cli.ok("case", "list", "--json").json(),
    )


@pytest.mark.slow
def test_a_follower_killed_while_writers_append_resumes_exactly(cli: Cli) -> None:
    cli.ok("init")
    for case in ("a", "b"):
        cli.ok("case", "open", case, "--title", "t")
    writers = [
        subprocess.Popen([sys.executable, "-m", "tests.e2e.writer", cli.store, case, case, "150"])
        for case in ("a", "b")
    ]
    env = {**os.environ, "TIMELINE_STORE": cli.store}
    rng = random.Random(TRIALS)
    kills, positions = 0, []
    try:
        while kills < TRIALS:
            follower = subprocess.Popen(
                [TIMELINE, "projections", "follow", "--interval", "0.05"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
            )  # fmt: skip
            time.sleep(rng.uniform(0.3, 1.0))
            follower.send_signal(signal.SIGKILL)
            _, err = follower.communicate(timeout=30)
            assert follower.returncode == -signal.SIGKILL, err
            kills += 1
            positions.append(cli.ok("projections", "status", "--json").json()[0]["position"])
    finally:
        assert [w.wait(timeout=600) for w in writers] == [0, 0]
    assert len(set(positions)) > TRIALS // 2, positions  # most followers applied events
    (status,) = cli.ok("projections", "status", "--json").json()
    assert status["last"] == 2 + 300
    followed = views(cli)  # catches up what the follower had not applied, then reads
    cli.ok("projections", "rebuild")
    assert views(cli) == followed
