"""Load on one server: appenders and readers at once over HTTP, on each backend.

`timeline serve` is started as a user would (one process on SQLite, `--workers 2` on
PostgreSQL), on 127.0.0.1 only. Client threads of this process append and read for at
most `SECONDS` and at most `MOST` requests each. Afterwards the store is replayed:
every acknowledged append must be in it exactly once and nothing else of the load
(compared as counts and as a SHA-256 of the sorted ids and texts).

Run alone with `python -m bench.load` (SQLite, and PostgreSQL where reachable).
"""

from __future__ import annotations

import hashlib
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson

from bench.concurrency import open_cases
from bench.measure import TIMELINE, Row, table, timeline

APPENDERS, READERS = 4, 4
SECONDS = 5.0
MOST = 2000
"""The most requests one client makes: the load is bounded in count as well as time."""
SOURCES = [{"outlet": "Kyodo", "published": "2009-12-23"}]


@dataclass
class Client:
    """What one client thread did: latencies (s) and what it was told."""

    latencies: list[float] = field(default_factory=list)
    acknowledged: list[tuple[str, str]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _cli(store: Path | str, *args: str) -> bytes:
    env = {**os.environ, "TIMELINE_STORE": str(store)}
    return subprocess.run([TIMELINE, *args], env=env, check=True, capture_output=True).stdout


def _serve(store: Path | str, workers: int) -> tuple[subprocess.Popen[str], str]:
    """`timeline serve` on a free port of 127.0.0.1, once every worker has started."""
    server = subprocess.Popen(
        [TIMELINE, "serve", "--port", "0", "--workers", str(workers), "--store", str(store)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,  # its access log: stdout
    )  # fmt: skip
    assert server.stderr is not None
    url, started = "", 0
    for line in server.stderr:
        if "Uvicorn running on " in line:
            url = line.split("Uvicorn running on ")[1].split()[0]
        started += "Application startup complete" in line
        if url and started == workers:
            break
    else:
        raise RuntimeError(f"the server stopped before listening (exit {server.wait()})")
    # its access log goes on being written: read it away so the server never blocks on it
    threading.Thread(target=_drain, args=(server.stderr,), daemon=True).start()
    return server, url


def _drain(log: Any) -> None:
    """Read the server's log away; show what it says of a failure."""
    telling = False
    for line in log:
        telling = telling or "ERROR" in line
        if telling:
            print(line, end="", file=sys.stderr)
        telling = telling and "INFO:" not in line


def _append(url: str, token: str, n: int, done: Client, go: threading.Event) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        go.wait()
        deadline = time.monotonic() + SECONDS
        for i in range(MOST):
            if time.monotonic() > deadline:
                break
            case = "load-shared" if i % 2 else f"load-{n}"
            text = f"load {n} {i}"
            line = {"kind": "observation", "date": "2009-12", "text": text, "sources": SOURCES}
            began = time.perf_counter()
            response = client.post(f"/cases/{case}/events", json=line)
            done.latencies.append(time.perf_counter() - began)
            if response.status_code == 201:
                done.acknowledged.append((response.json()["id"], text))
            else:
                done.refused.append(f"{response.status_code} {response.text[:200]}")


def _read(url: str, token: str, n: int, done: Client, go: threading.Event) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    paths = [f"/cases/load-{n % APPENDERS}", f"/timeline?case=load-{n % APPENDERS}",
             "/cases", "/summary?case=load-shared&format=text"]  # fmt: skip
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        go.wait()
        deadline = time.monotonic() + SECONDS
        for i in range(MOST):
            if time.monotonic() > deadline:
                break
            began = time.perf_counter()
            response = client.get(paths[i % len(paths)])
            done.latencies.append(time.perf_counter() - began)
            if response.status_code != 200:
                done.refused.append(f"{response.status_code} {response.text[:200]}")


def _digest(pairs: list[tuple[str, str]]) -> str:
    return hashlib.sha256(b"\n".join(f"{i} {t}".encode() for i, t in sorted(pairs))).hexdigest()


def bench_load(store: Path | str, backend: str, folder: Path, workers: int = 1) -> list[Row]:
    timeline("init", store=store)
    open_cases(store, folder, ["load-shared", *[f"load-{n}" for n in range(APPENDERS)]])
    tokens = {role: orjson.loads(_cli(store, "user", "add", f"load-{role}", "--role", role,
                                      "--json"))["token"]
              for role in ("editor", "reader")}  # fmt: skip
    server, url = _serve(store, workers)
    appenders = [Client() for _ in range(APPENDERS)]
    readers = [Client() for _ in range(READERS)]
    go = threading.Event()
    threads = [threading.Thread(target=_append, args=(url, tokens["editor"], n, c, go))
               for n, c in enumerate(appenders)]  # fmt: skip
    threads += [threading.Thread(target=_read, args=(url, tokens["reader"], n, c, go))
                for n, c in enumerate(readers)]  # fmt: skip
    try:
        for thread in threads:
            thread.start()
        began = time.perf_counter()
        go.set()
        for thread in threads:
            thread.join()
        span = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=60)
    refused = [r for c in appenders + readers for r in c.refused]
    if refused:
        raise RuntimeError(f"{len(refused)} requests refused under load, first: {refused[0]}")
    acknowledged = [pair for c in appenders for pair in c.acknowledged]
    replayed = orjson.loads(_cli(store, "replay", "--json"))
    stored = [(e["id"], e["text"]) for e in replayed if str(e.get("text", "")).startswith("load ")]
    twice = [pair for pair, n in Counter(stored).items() if n > 1]
    if twice or sorted(stored) != sorted(acknowledged):
        raise RuntimeError(
            f"the store does not hold each acknowledged append once: {len(acknowledged)} "
            f"acknowledged, {len(stored)} stored, {len(twice)} twice"
        )
    checksum = _digest(stored)
    assert checksum == _digest(acknowledged)
    return [
        _row(f"service load, {backend}: appends ({APPENDERS} clients)", appenders, span,
             f"{len(acknowledged):,} acknowledged, each stored once (SHA-256 {checksum[:12]})"),
        _row(f"service load, {backend}: reads ({READERS} clients)", readers, span,
             "case view, timeline, case list, summary"),
    ]  # fmt: skip


def _row(job: str, clients: list[Client], span: float, said: str) -> Row:
    latencies = [s for c in clients for s in c.latencies]
    p50 = statistics.median(latencies)
    p99 = statistics.quantiles(latencies, n=100)[98]
    rate = len(latencies) / span
    return {"job": job, "ours_s": p50, "p50_s": p50, "p99_s": p99, "requests": len(latencies),
            "per_s": rate,
            "note": f"p50; p99 {p99 * 1000:.0f} ms; {rate:,.0f} requests/s over {span:.1f} s; "
                    f"{said}"}  # fmt: skip


def main() -> None:
    import tempfile

    from bench import postgres as pg

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="timeline-load-") as scratch:
        rows += bench_load(Path(scratch) / "load.db", "SQLite", Path(scratch))
        if not pg.unreachable():
            try:
                rows += bench_load(pg.store("load"), "PostgreSQL, 2 workers", Path(scratch), 2)
            finally:
                pg.drop_all()
    print(table(rows))


if __name__ == "__main__":
    main()
