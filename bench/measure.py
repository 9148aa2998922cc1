"""How the benchmark measures: wall time of whole commands, peak memory of one process.

Linux carries a parent's peak RSS into a child it spawns (the high-water mark
survives exec), so a command started straight from the benchmark, which holds
large data, would be charged for it. Each command is started by a small launcher
process (this module run as a script), which times it and reads its peak RSS.
"""

from __future__ import annotations

import os
import resource
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

Row = dict[str, Any]
"""One row of a table of figures: the job, our seconds, the reference's, the ratio, ..."""

BIN = Path(sys.executable).parent
TIMELINE = str(BIN / "timeline")


class Stuck(RuntimeError):
    """A command was stopped: it ran past its time."""


def run(
    args: Sequence[str],
    *,
    store: Path | str | None = None,
    timeout: float = 3600,
) -> tuple[float, int]:
    """Run a command to the end; (seconds, its peak RSS in MB). Its output is discarded.

    After `timeout` seconds the command and its launcher are killed and `Stuck` is raised.
    """
    env = {**os.environ, "COLUMNS": "80"}
    if store is not None:
        env["TIMELINE_STORE"] = str(store)
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.measure", *args], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    began = time.monotonic()
    try:
        while True:
            try:
                out, errors = process.communicate(timeout=1)
                break
            except subprocess.TimeoutExpired:
                if time.monotonic() - began > timeout:
                    seconds = time.monotonic() - began
                    raise Stuck(f"{' '.join(args)} stopped after {seconds:.0f}s") from None
    finally:
        if process.poll() is None:  # stopped, or the benchmark itself was interrupted
            os.killpg(process.pid, signal.SIGKILL)  # the launcher's own group
            process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {errors.decode()[-500:]}")
    result = orjson.loads(out)
    return result["seconds"], result["peak_mb"]


def timeline(*args: str, store: Path | str, **how: Any) -> tuple[float, int]:
    return run([TIMELINE, *args], store=store, **how)


def start(*args: str, store: Path | str, log: Path) -> subprocess.Popen[bytes]:
    """Start a command that runs beside the benchmark; its output goes to the file `log`."""
    env = {**os.environ, "COLUMNS": "80", "TIMELINE_STORE": str(store)}
    with log.open("wb") as out:
        return subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)


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


def table(rows: list[Row]) -> str:
    out = [f"{'job':<52} {'ours':>9} {'reference':>9} {'ratio':>7} {'target':>7}  note"]
    for r in rows:
        ref = f"{r['ref_s']:.3f}s" if "ref_s" in r else ""
        ratio = (
            (f"{r['ratio']:.2f}x" if r["ratio"] >= 0.1 else f"{r['ratio']:.4f}x")
            if "ratio" in r
            else ""
        )
        target = (
            f"{r['target']}x"
            if "target" in r
            else (f"{r['target_mb']}MB" if "target_mb" in r else "")
        )
        notes = [f"peak {r['peak_mb']} MB" if "peak_mb" in r else "", r.get("agree", ""),
                 r.get("note", "")]  # fmt: skip
        note = "; ".join(n for n in notes if n)
        ours = f"{r['ours_s']:>8.3f}s" if "ours_s" in r else " " * 9
        out.append(f"{r['job']:<52} {ours} {ref:>9} {ratio:>7} {target:>7}  {note}")
    return "\n".join(out)
