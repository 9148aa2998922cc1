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
import socket
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

from bench import bare
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


def _drive(url: str, tokens: dict[str, str]) -> tuple[list[Client], list[Client], float]:
    """The load's clients against the server at `url`: (appenders, readers, seconds)."""
    appenders = [Client() for _ in range(APPENDERS)]
    readers = [Client() for _ in range(READERS)]
    go = threading.Event()
    threads = [threading.Thread(target=_append, args=(url, tokens["editor"], n, c, go))
               for n, c in enumerate(appenders)]  # fmt: skip
    threads += [threading.Thread(target=_read, args=(url, tokens["reader"], n, c, go))
                for n, c in enumerate(readers)]  # fmt: skip
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    go.set()
    for thread in threads:
        thread.join()
    span = time.perf_counter() - began
    refused = [r for c in appenders + readers for r in c.refused]
    if refused:
        raise RuntimeError(f"{len(refused)} requests refused under load, first: {refused[0]}")
    return appenders, readers, span


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve_bare(store: str, table: str, workers: int) -> tuple[subprocess.Popen[str], str]:
    """The bare peer (`bench.bare`) under uvicorn with `workers` processes, once started."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.bare:app", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers)],
        env={**os.environ, "BARE_STORE": store, "BARE_TABLE": table},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stderr is not None
    started = 0
    for line in server.stderr:
        started += "Application startup complete" in line
        if started == workers:
            break
    else:
        raise RuntimeError(f"the bare peer stopped before listening (exit {server.wait()})")
    threading.Thread(target=_drain, args=(server.stderr,), daemon=True).start()
    return server, f"http://127.0.0.1:{port}"


def bench_bare(store: str, table: str, workers: int) -> tuple[list[Client], list[Client], float]:
    """The same clients against the bare peer; every acknowledged append is in its table."""
    bare.prepare(store, table)
    server, url = _serve_bare(store, table, workers)
    try:
        appenders, readers, span = _drive(url, {"editor": "bare", "reader": "bare"})
    finally:
        server.terminate()
        server.wait(timeout=60)
    acknowledged = sum(len(c.acknowledged) for c in appenders)
    if bare.count(store, table) != acknowledged:
        raise RuntimeError(f"the bare peer lost appends: {acknowledged} acknowledged")
    return appenders, readers, span


def bench_load(
    store: Path | str, backend: str, folder: Path, workers: int = 1, bare_store: str = ""
) -> list[Row]:
    timeline("init", store=store)
    open_cases(store, folder, ["load-shared", *[f"load-{n}" for n in range(APPENDERS)]])
    tokens = {role: orjson.loads(_cli(store, "user", "add", f"load-{role}", "--role", role,
                                      "--json"))["token"]
              for role in ("editor", "reader")}  # fmt: skip
    server, url = _serve(store, workers)
    try:
        appenders, readers, span = _drive(url, tokens)
    finally:
        server.terminate()
        server.wait(timeout=60)
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
    rows = [
        _row(f"service load, {backend}: appends ({APPENDERS} clients)", appenders, span,
             f"{len(acknowledged):,} acknowledged, each stored once (SHA-256 {checksum[:12]})"),
        _row(f"service load, {backend}: reads ({READERS} clients)", readers, span,
             "case view, timeline, case list, summary"),
    ]  # fmt: skip
    if not bare_store:
        return rows
    peer = bench_bare(bare_store, BARE_TABLE, workers)
    bare_appenders, bare_readers, bare_span = peer
    rows += [
        _row(f"bare FastAPI, {backend}: appends ({APPENDERS} clients)", bare_appenders,
             bare_span, "one INSERT of the body"),
        _row(f"bare FastAPI, {backend}: reads ({READERS} clients)", bare_readers, bare_span,
             f"one SELECT of {bare.PAGE} rows"),
    ]  # fmt: skip
    rows += [
        _versus(f"service vs bare, {backend}: appends", rows[0], rows[2], 0.3, 3.0),
        _versus(f"service vs bare, {backend}: reads", rows[1], rows[3], 0.5, None),
    ]  # fmt: skip
    return rows


BARE_TABLE = "bare_events"
"""The bare peer's table; on PostgreSQL in a schema of the benchmark's (`pg.bare_store`)."""


def _versus(job: str, ours: Row, peer: Row, least: float, most_p99: float | None) -> Row:
    """Ours as a fraction of the bare peer: throughput, and p99 as a multiple of its."""
    throughput = ours["per_s"] / peer["per_s"]
    p99 = ours["p99_s"] / peer["p99_s"]
    bars = f"bar >= {least}x" + (f", p99 <= {most_p99}x" if most_p99 else "")
    return {"job": job, "ratio": throughput, "target": least, "p99_ratio": p99,
            "note": f"throughput {ours['per_s']:,.0f} vs {peer['per_s']:,.0f}/s; "
                    f"p99 {p99:.2f}x ({ours['p99_s'] * 1000:.0f} vs "
                    f"{peer['p99_s'] * 1000:.0f} ms); {bars}"}  # fmt: skip


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
        folder = Path(scratch)
        rows += bench_load(folder / "load.db", "SQLite", folder, bare_store=str(folder / "bare.db"))
        if not pg.unreachable():
            try:
                rows += bench_load(
                    pg.store("load"), "PostgreSQL, 2 workers", folder, 2, bare_store=pg.bare_store()
                )
            finally:
                pg.drop_all()
    print(table(rows))


if __name__ == "__main__":
    main()
