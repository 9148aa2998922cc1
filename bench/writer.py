"""A writer process for the benchmark: appends events through the application, as `append` does.

    python -m bench.writer burst STORE SHARED OWN SECONDS
        appends for SECONDS, one event at a time, alternately to case SHARED (which
        every writer of the run also writes) and to case OWN (this writer's alone);
        prints {"events", "started", "ended"}.
    python -m bench.writer lag STORE CASE COUNT EVERY paced|waiting
        appends COUNT events to CASE while a follower runs, and reads the views' tracked
        position every millisecond between appends; prints each event's lag, from its
        append returning (committed) to the views reaching it. `paced`: an append every
        EVERY seconds, whatever the views do; `waiting`: each append once the views hold
        the one before, after a random pause of up to EVERY seconds.

Both print "ready" once the store is open and the case loaded, then wait for a line on
stdin before the first append, so several writers start together and none is timed
while it imports and connects. Times are `time.perf_counter()`, one clock for every
process of the machine (CLOCK_MONOTONIC).
"""

from __future__ import annotations

import random
import sys
import time
from typing import Any

import orjson

from events.instructions import read_instruction
from storage.opening import open_timeline


def _observation(case: str, text: str) -> Any:
    return read_instruction(
        {"kind": "observation", "case": case, "date": "2009", "text": text,
         "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}
    )  # fmt: skip


def _ready_then_wait() -> None:
    print("ready", flush=True)
    sys.stdin.readline()


def burst(store: str, shared: str, own: str, seconds: float) -> dict[str, Any]:
    app = open_timeline(store)
    app.get_case(shared), app.get_case(own)  # imports and connections warm, not timed
    waited = _time_table_lock(app)
    _ready_then_wait()
    events = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        case = shared if events % 2 == 0 else own
        app.carry_out([_observation(case, f"{own}-{events}")])
        events += 1
    ended = time.perf_counter()
    app.close()
    return {"events": events, "started": started, "ended": ended, "lock_wait": waited[0],
            "lock_held": waited[1]}  # fmt: skip


def _time_table_lock(app: Any) -> list[float]:
    """On PostgreSQL, [seconds waited for eventsourcing's EXCLUSIVE lock of the events
    table, seconds held from it being granted to the commit's end], summed over the
    appends; [0, 0] on SQLite. Timed around the recorder's `_lock_table` (each insert's
    `LOCK TABLE ... IN EXCLUSIVE MODE`) and its `insert_events`, which commits."""
    timed = [0.0, 0.0]
    recorder = app.recorder
    lock_table = getattr(recorder, "_lock_table", None)
    if lock_table is None:
        return timed
    granted: list[float] = []

    def timed_lock(curs: Any) -> None:
        began = time.perf_counter()
        lock_table(curs)
        granted.append(time.perf_counter())
        timed[0] += granted[-1] - began

    recorder._lock_table = timed_lock
    insert_events = recorder.insert_events

    def timed_insert(*args: Any, **kwargs: Any) -> Any:
        done = insert_events(*args, **kwargs)  # committed when it returns
        if granted:
            timed[1] += time.perf_counter() - granted.pop()
        return done

    recorder.insert_events = timed_insert
    return timed


def lag(store: str, case: str, count: int, every: float, waiting: bool) -> list[float]:
    from projections.runner import open_views

    app = open_timeline(store)
    app.get_case(case)
    views = open_views(app)
    _ready_then_wait()
    committed: dict[int, float] = {}  # position: when its append returned
    lags: list[float] = []
    seen, appended = views.max_tracking_id(app.name) or 0, 0
    started = next_at = time.perf_counter()
    while len(lags) < count:
        if time.perf_counter() - started > 300:
            raise SystemExit(f"the views reached {seen}, not every append, in 300 s")
        if appended < count and time.perf_counter() >= next_at:
            (receipt,) = app.carry_out([_observation(case, f"lag-{appended}")])
            committed[receipt.at.position] = time.perf_counter()
            appended += 1
            next_at = float("inf") if waiting else started + appended * every
            continue
        position = views.max_tracking_id(app.name) or 0
        if position > seen:
            now, seen = time.perf_counter(), position
            for at in [at for at in committed if at <= seen]:
                lags.append(now - committed.pop(at))
            if waiting:
                next_at = now + random.uniform(0, every)
        time.sleep(0.001)
    app.close()
    return lags


if __name__ == "__main__":
    mode, store, *rest = sys.argv[1:]
    if mode == "burst":
        result: Any = burst(store, rest[0], rest[1], float(rest[2]))
    else:
        result = lag(store, rest[0], int(rest[1]), float(rest[2]), rest[3] == "waiting")
    sys.stdout.buffer.write(orjson.dumps(result) + b"\n")
