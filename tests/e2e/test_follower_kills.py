"""The follower killed at random moments while writers append: restarted, it resumes after
its tracked position, and the views equal a rebuild (no event applied twice, none skipped)."""

from __future__ import annotations

import os
import random
import select
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
    writers = [  # appending until told to stop, all through the trials
        subprocess.Popen(
            [sys.executable, "-m", "tests.e2e.writer", cli.store, case, case, "0", "0.01"]
        )
        for case in ("a", "b")
    ]
    env = {**os.environ, "TIMELINE_STORE": cli.store}
    rng = random.Random(TRIALS)
    kills, positions = 0, []
    try:
        while kills < TRIALS:
            follower = subprocess.Popen(
                [TIMELINE, "projections", "follow", "--interval", "0.05"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
            )  # fmt: skip
            if kills % 2:  # while it follows: once it has caught up and says so
                assert follower.stdout is not None
                ready, _, _ = select.select([follower.stdout], [], [], 60)
                assert ready and "Following" in follower.stdout.readline()
                time.sleep(rng.uniform(0.0, 0.6))
            else:  # at any moment: starting, catching up, or following
                time.sleep(rng.uniform(0.2, 2.0))
            follower.send_signal(signal.SIGKILL)
            _, err = follower.communicate(timeout=30)
            assert follower.returncode == -signal.SIGKILL, err
            kills += 1
            positions.append(cli.ok("projections", "status", "--json").json()[0]["position"])
    finally:
        for writer in writers:
            writer.terminate()
        assert [w.wait(timeout=60) for w in writers] == [0, 0]
    assert len(set(positions)) > TRIALS // 3, positions  # followers did apply events
    (status,) = cli.ok("projections", "status", "--json").json()
    assert status["last"] >= max(positions) > 0
    followed = views(cli)  # catches up what the follower had not applied, then reads
    cli.ok("projections", "rebuild")
    assert views(cli) == followed
