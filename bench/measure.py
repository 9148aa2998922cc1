"""How the benchmark measures: wall time of whole commands, peak memory of one process.

Linux carries a parent's peak RSS into a child it spawns (the high-water mark
survives exec), so a command started straight from the benchmark, which holds
large data, would be charged for it. Each command is started by a small launcher
process (this module run as a script), which times it and reads its peak RSS.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import orjson

BIN = Path(sys.executable).parent
TIMELINE = str(BIN / "timeline")


def run(args: Sequence[str], *, store: Path | None = None) -> tuple[float, int]:
    """Run a command to the end; (seconds, its peak RSS in MB). Its output is discarded."""
    env = {**os.environ, "COLUMNS": "80"}
    if store is not None:
        env["TIMELINE_STORE"] = str(store)
    done = subprocess.run(
        [sys.executable, "-m", "bench.measure", *args], env=env, capture_output=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.decode()[-500:]}")
    result = orjson.loads(done.stdout)
    return result["seconds"], result["peak_mb"]


def timeline(*args: str, store: Path) -> tuple[float, int]:
    return run([TIMELINE, *args], store=store)


def median(fn: Callable[[], float], times: int = 5) -> float:
    return statistics.median(fn() for _ in range(times))


def _launch(args: list[str]) -> None:
    with open(os.devnull, "wb") as devnull:
        started = time.perf_counter()
        process = subprocess.Popen(args, stdout=devnull, stderr=subprocess.PIPE)
        _, errors = process.communicate()
        seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.stderr.buffer.write(errors)
        raise SystemExit(process.returncode)
    # the only child this launcher had: its peak is the children's peak
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    sys.stdout.buffer.write(orjson.dumps({"seconds": seconds, "peak_mb": peak}))


if __name__ == "__main__":
    _launch(sys.argv[1:])
