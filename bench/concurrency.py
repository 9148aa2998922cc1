"""Many writers at once, and how soon a follower makes an append visible, on either backend.

Writers are processes of `bench.writer`, each with its own connection, appending one event
per transaction through the application, as `timeline append` does but without a process
start per event. The follower is `timeline projections follow`, started as a user would.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson

from bench.measure import TIMELINE, Row, start, timeline

WRITERS = (1, 2, 4)
SECONDS = 2.0
"""How long each configuration of writers appends."""
LAG_APPENDS, LAG_EVERY = 200, 0.02


def open_cases(store: Path | str, folder: Path, slugs: list[str]) -> None:
    source = folder / "cases.jsonl"
    source.write_bytes(b"\n".join(
        orjson.dumps({"kind": "case_opened", "case": slug, "title": slug}) for slug in slugs
    ))  # fmt: skip
    timeline("import", str(source), store=store)


def _writers(store: Path | str, args: list[list[str]]) -> list[Any]:
    """Start one `bench.writer` per argument list, start them together once all are ready,
    and give what each printed."""
    processes = [
        subprocess.Popen([sys.executable, "-m", "bench.writer", a[0], str(store), *a[1:]],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for a in args
    ]  # fmt: skip
    try:
        for process in processes:
            assert process.stdout is not None
            if process.stdout.readline().strip() != b"ready":
                raise RuntimeError(f"writer failed: {process.communicate()[1].decode()[-500:]}")
        for process in processes:
            assert process.stdin is not None
            process.stdin.write(b"go\n")
            process.stdin.flush()
        outcomes = [process.communicate(timeout=600) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    failed = [err.decode()[-500:] for p, (_, err) in zip(processes, outcomes, strict=True)
              if p.returncode != 0]  # fmt: skip
    if failed:
        raise RuntimeError(f"writer failed: {failed[0]}")
    return [orjson.loads(out) for out, _ in outcomes]


def bench_writers(store: Path | str, backend: str, folder: Path) -> list[Row]:
    """Append throughput of 1, 2 and 4 writers at once, each alternating between a case
    shared by all the writers of the run and a case of its own."""
    rows: list[Row] = []
    single = 0.0
    for count in WRITERS:
        shared, own = f"w{count}-shared", [f"w{count}-own-{n}" for n in range(count)]
        open_cases(store, folder, [shared, *own])
        done = _writers(store, [["burst", shared, case, str(SECONDS)] for case in own])
        events = sum(d["events"] for d in done)
        span = max(d["ended"] for d in done) - min(d["started"] for d in done)
        rate = events / span
        single = single or rate
        scaling = f"; {rate / single:.2f}x 1 writer" if count > 1 else ""
        wait = sum(d["lock_wait"] for d in done) / events
        held = sum(d["lock_held"] for d in done) / events
        locked = (f"; per append {wait * 1000:.1f} ms waiting for the events table's lock, "
                  f"{held * 1000:.1f} ms holding it ({wait * rate * 100 / count:.0f}% of a "
                  "writer's time waiting)") if held else ""  # fmt: skip
        rows.append({"job": f"append, {count} writer{'s' * (count > 1)} at once, {backend}",
                     "ours_s": span, "events": events, "events_per_s": rate,
                     "lock_wait_s": wait, "lock_held_s": held,
                     "note": f"{rate:,.0f} events/s ({events:,} events{scaling}){locked}"})  # fmt: skip
    return rows


def bench_lag(
    store: Path | str, backend: str, folder: Path, follow: list[str], waiting: bool
) -> Row:
    """Time from an append's commit to its event in the views, with a follower running.

    One writer appends `LAG_APPENDS` events and reads the views' tracked position every
    millisecond (an event is in the views once the tracking row reaches it: both are
    written in one transaction). `waiting`: each append once the one before is visible,
    after a random pause of up to `LAG_EVERY`, so a follower told of each event is timed
    without a queue; else an append every `LAG_EVERY`, which spreads appends evenly over
    a polling follower's interval.
    """
    open_cases(store, folder, ["lag"])
    log = folder / f"follow-{backend}.log"
    follower = start(TIMELINE, "projections", "follow", *follow, store=store, log=log)
    try:
        deadline = time.monotonic() + 120
        while b"Following" not in log.read_bytes():
            if follower.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"follower did not start: {log.read_text()[-500:]}")
            time.sleep(0.05)
        spacing = "waiting" if waiting else "paced"
        (lags,) = _writers(store, [["lag", "lag", str(LAG_APPENDS), str(LAG_EVERY), spacing]])
    finally:
        follower.terminate()
        try:
            follower.wait(timeout=30)
        except subprocess.TimeoutExpired:
            follower.kill()
            follower.wait()
    p99, median, most = statistics.quantiles(lags, n=100)[98], statistics.median(lags), max(lags)
    how = (f"each after the last was visible and a pause of 0-{LAG_EVERY * 1000:.0f} ms"
           if waiting else f"one every {LAG_EVERY * 1000:.0f} ms")  # fmt: skip
    return {"job": f"follower lag, {backend}", "ours_s": median, "median_s": median,
            "p99_s": p99, "max_s": most, "appends": len(lags),
            "note": f"median; p99 {p99 * 1000:.0f} ms, max {most * 1000:.0f} ms; "
                    f"follow {' '.join(follow) or '(LISTEN/NOTIFY)'}; {len(lags)} appends, {how}"}  # fmt: skip
