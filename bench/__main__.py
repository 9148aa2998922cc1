"""`make bench`: every main job measured against its physical limit, side by side.

Prints a table and writes bench/results.json. Absolute times drift on a shared
machine, so each figure is given with a reference measured in the same run, and
the ratio is what to compare across runs. `python -m bench --help` lists the
shorter runs: `--quick` skips the one-million-event store, `--startup` measures only
the start-up rows, `--import`, `--rebuild` and `--service` one bar each, `--fuzz N`
runs N hostile inputs over every entry point instead, `--drafting` the drafter on the
seed article (`bench.drafting`).

The same run measures PostgreSQL stores (`bench.postgres`: schemas of their own in
the server TIMELINE_BENCH_POSTGRES names, dropped at the end), many writers at once
and the follower's lag on both backends (`bench.concurrency`), and one server under
appenders and readers at once (`bench.load`), and the HTML export of 10,000 and
100,000 events opened in Chromium (`bench.page`). Without a server, the
PostgreSQL rows are left out and the run says why; without Chromium, the page rows.
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from bench import concurrency, load, page, startup
from bench import postgres as pg
from bench.generate import lines, write
from bench.measure import TIMELINE, Row, run, table, timeline

RESULTS = Path(__file__).parent / "results.json"


def build_store(folder: Path, count: int, timeout: float = 3600) -> tuple[Path, Path, Row]:
    """A store of `count` events imported in one go, with the peak memory of the import."""
    source = write(count, folder / f"{count}.jsonl")
    store = folder / f"{count}.db"
    timeline("init", store=store)
    seconds, peak = timeline("import", str(source), store=store, timeout=timeout)
    return store, source, {"seconds": seconds, "peak_mb": peak}


def raw_insert(store: Path, folder: Path) -> float:
    """executemany of the same stored rows into a table of the same shape, one transaction."""
    with sqlite3.connect(store) as db:
        schema = db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'stored_events'"
        ).fetchone()[0]
        rows = db.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events"
        ).fetchall()
    target = folder / "raw.db"
    target.unlink(missing_ok=True)
    with sqlite3.connect(target, isolation_level=None) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(schema)
        started = time.perf_counter()
        db.execute("BEGIN")
        db.executemany("INSERT INTO stored_events (originator_id, originator_version, topic, state) "
                       "VALUES (?, ?, ?, ?)", rows)  # fmt: skip
        db.execute("COMMIT")
        return time.perf_counter() - started


def raw_rebuild(store: Path, folder: Path) -> float:
    """Read every stored event, then insert every view row into empty tables, one transaction."""
    with sqlite3.connect(store) as db:
        tables = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE name IN ('view_cases', 'view_entries')"
        ).fetchall()
        rows = {name: db.execute(f"SELECT * FROM {name}").fetchall() for name, _ in tables}
    target = folder / "raw-views.db"
    target.unlink(missing_ok=True)
    with sqlite3.connect(target, isolation_level=None) as db:
        for _, sql in tables:
            db.execute(sql)
        db.execute(f"ATTACH DATABASE '{store}' AS events")
        started = time.perf_counter()
        db.execute("BEGIN")
        for _ in db.execute("SELECT state FROM events.stored_events"):
            pass
        for name, found in rows.items():
            marks = ", ".join("?" * len(found[0]))
            db.executemany(f"INSERT INTO {name} VALUES ({marks})", found)
        db.execute("COMMIT")
        return time.perf_counter() - started


def bench_import(folder: Path, store: Path, source: Path, size: int) -> list[Row]:
    """Import of `source` into a fresh store, and its floor (`bench.floors`), in turns with
    raw inserts of the same rows."""

    def fresh(name: str) -> Path:
        for old in folder.glob(f"{name}*"):
            old.unlink()
        return folder / name

    def ours() -> float:
        again = fresh("import-again.db")
        timeline("init", store=again)
        return timeline("import", str(source), store=again)[0]

    def floor() -> float:
        return run([*FLOORS, "import", str(source), str(fresh("import-floor.db"))])[0]

    mine, least, raw = _in_turns(ours, floor, lambda: raw_insert(store, folder))
    return [
        {"job": f"import {size:,} events", "ours_s": mine, "reference": "raw sqlite3 executemany",
         "ref_s": raw, "ratio": mine / raw, "target": 6.0,
         "note": f"medians of {REPEATS} in turns; goal 4x"},
        {"job": "floor of an import: the libraries alone", "ours_s": least,
         "reference": "raw sqlite3 executemany", "ref_s": raw, "ratio": least / raw,
         "note": "vocabulary, an eventsourcing event a line, mapper, one executemany"},
    ]  # fmt: skip


FLOORS = [sys.executable, "-m", "bench.floors"]
"""The floors of the import and the rebuild, run as commands of their own."""
REPEATS = 3
"""Runs of each job and its reference, taken in turns; the table gives their medians."""


def _in_turns(*jobs: Callable[[], float]) -> tuple[float, ...]:
    """Medians of each job's time, the jobs run in turns, so that load from elsewhere on
    the machine falls on all alike."""
    runs = [tuple(job() for job in jobs) for _ in range(REPEATS)]
    return tuple(statistics.median(times) for times in zip(*runs, strict=True))


def bench_rebuild(folder: Path, store: Path, size: int) -> list[Row]:
    """The views' rebuild, and its floor (`bench.floors`), in turns with a raw read of the
    events and insert of the same rows."""
    target = folder / "rebuild-floor.db"
    ours, least, raw = _in_turns(
        lambda: timeline("projections", "rebuild", store=store)[0],
        lambda: run([*FLOORS, "rebuild", str(store), str(target)])[0],
        lambda: raw_rebuild(store, folder),
    )
    return [
        {"job": f"rebuild views of {size:,} events", "ours_s": ours,
         "reference": "raw read-all + insert-all", "ref_s": raw, "ratio": ours / raw,
         "target": 6.0, "note": f"medians of {REPEATS} in turns; goal 4x"},
        {"job": "floor of a rebuild: the libraries alone", "ours_s": least,
         "reference": "raw read-all + insert-all", "ref_s": raw, "ratio": least / raw,
         "note": "recorder, mapper, a row of each fact's JSON; no fold"},
    ]  # fmt: skip


def bench_encrypted(folder: Path, source: Path, size: int) -> list[Row]:
    """Import and rebuild of the same events into an encrypted store and a plain one, in turns
    (each import into a new store)."""
    key = folder / "bench.key"
    if not key.exists():
        run([TIMELINE, "key", "new", str(key)])
    keyed = ("--key-file", str(key))
    stores: dict[bool, Path] = {}

    def imported(encrypted: bool) -> float:
        store = folder / f"{size}-{'encrypted' if encrypted else 'plain'}.db"
        for leftover in folder.glob(f"{store.name}*"):  # the store and its -wal, -shm
            leftover.unlink()
        args = keyed if encrypted else ()
        timeline("init", *args, store=store)
        stores[encrypted] = store
        return timeline("import", str(source), *args, store=store)[0]

    def rebuilt(encrypted: bool) -> float:
        args = keyed if encrypted else ()
        return timeline("projections", "rebuild", *args, store=stores[encrypted])[0]

    rows = []
    for job, measure in (("import", imported), ("rebuild views of", rebuilt)):
        ours, plain = _in_turns(partial(measure, True), partial(measure, False))
        rows.append({"job": f"{job} {size:,} events, encrypted", "ours_s": ours,
                     "reference": f"the same {job.split()[0]}, plain", "ref_s": plain,
                     "ratio": ours / plain, "target": 1.3,
                     "note": f"medians of {REPEATS} in turns"})  # fmt: skip
    return rows


def encrypted_only(size: int) -> None:
    """`python -m bench --encrypted [N]`: only the encrypted rows, plain measured beside them."""
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as scratch:
        folder = Path(scratch)
        source = write(size, folder / f"{size}.jsonl")
        print(table(bench_encrypted(folder, source, size)))


def imports_only(size: int) -> None:
    """`python -m bench --import [N]`: only the import's row and its floor, on N events."""
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as scratch:
        folder = Path(scratch)
        store, source, _ = build_store(folder, size)
        print(table(bench_import(folder, store, source, size)))


def rebuild_only(size: int) -> None:
    """`python -m bench --rebuild [N]`: only the rebuild's row and its floor, on N events."""
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as scratch:
        folder = Path(scratch)
        store, _, _ = build_store(folder, size)
        print(table(bench_rebuild(folder, store, size)))


def service_only() -> None:
    """`python -m bench --service`: only the service's load rows and the bare peer's, on
    SQLite and (where it can be reached) PostgreSQL."""
    unreachable = pg.unreachable()
    rows: list[Row] = []
    try:
        with tempfile.TemporaryDirectory(prefix="timeline-bench-") as scratch:
            folder = Path(scratch)
            rows += load.bench_load(folder / "load.db", "SQLite", folder,
                                    bare_store=str(folder / "bare.db"))  # fmt: skip
            if not unreachable:
                rows += load.bench_load(pg.store("load"), "PostgreSQL, 2 workers", folder, 2,
                                        bare_store=pg.bare_store())  # fmt: skip
    finally:
        if not unreachable:
            pg.drop_all()
    print(table(rows))


def bench_startup(store: Path) -> list[Row]:
    """`--version`, one append, and one case read, each against importing its libraries."""
    return startup.rows(store)


def _append(case: str) -> list[str]:
    return ["append", case, "arrived", "--date", "2009-09", "--destination", "South Korea",
            "--source", "Kyodo, 2009-12-23", "--text", "Reached South Korea."]  # fmt: skip


GROWTH_CASE = "case-000100"
"""A case of 50 events in every generated store."""


def bench_growth(small: Path, large: Path, large_size: int) -> list[Row]:
    case = GROWTH_CASE
    # replay before append: appends add to the case replayed
    return [_growth(args, small, large, f"{job} on {large_size:,} vs 10,000 events")
            for job, args in [("case show", ["case", "show", case, "--json"]),
                              ("show --case", ["show", "--case", case, "--json"]),
                              ("replay --case", ["replay", "--case", case, "--json"]),
                              ("append", _append(case))]]  # fmt: skip


def _growth(args: list[str], small: Path | str, large: Path | str, title: str) -> Row:
    # taken in turns, so that load from elsewhere on the machine falls on both alike
    runs = [(timeline(*args, store=small)[0], timeline(*args, store=large)[0]) for _ in range(5)]
    on_small, on_large = (statistics.median(times) for times in zip(*runs, strict=True))
    return {"job": title, "ours_s": on_large, "reference": "same on 10,000 events",
            "ref_s": on_small, "ratio": on_large / on_small, "target": 1.3}  # fmt: skip


def bench_memory(store: Path, size: int, imported: Row) -> list[Row]:
    rows = []
    for job, args in [("replay --json", ["replay", "--json"]), ("show --json", ["show", "--json"]),
                      ("summary", ["summary"])]:  # fmt: skip
        seconds, peak = timeline(*args, store=store)
        rows.append({"job": f"{job} over {size:,} events", "ours_s": seconds, "peak_mb": peak,
                     "reference": "peak RSS target", "target_mb": 250})  # fmt: skip
    rows.append({"job": f"import of {size:,} events (all or nothing)", "ours_s": imported["seconds"],
                 "peak_mb": imported["peak_mb"], "reference": "peak RSS target", "target_mb": 250})  # fmt: skip
    return rows


def bench_dates(count: int = 10_000) -> Row:
    import edtf  # the reference implementation, a test dependency

    from events.edtf import parse_edtf

    dates = [line["date"] for line in lines(count * 2) if "date" in line][:count]
    parse = parse_edtf.__wrapped__  # uncached: the same work the reference does
    started = time.perf_counter()
    ours = [parse(d) for d in dates]
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    theirs = [edtf.parse_edtf(d) for d in dates]
    theirs_s = time.perf_counter() - started
    agree = sum(_same(a, b) for a, b in zip(ours, theirs, strict=True))
    return {"job": f"EDTF bounds of {count:,} dates", "ours_s": ours_s,
            "reference": "edtf package", "ref_s": theirs_s, "ratio": ours_s / theirs_s,
            "agree": f"{agree}/{count}"}  # fmt: skip


def _same(ours: Any, theirs: Any) -> bool:
    def day(value: Any) -> Any:
        return None if isinstance(value, float) else (value.tm_year, value.tm_mon, value.tm_mday)

    low, high = day(theirs.lower_strict()), day(theirs.upper_strict())
    mine = [(d.year, d.month, d.day) if d else None for d in (ours.earliest, ours.latest)]
    # the package invents +-10 years for an unknown end; we say "unknown"
    return bool(mine[0] == low or ours.text.startswith("/")) and bool(
        mine[1] == high or ours.text.endswith("/")
    )


def bench_postgres(small_source: Path, medium_source: Path, size: int) -> list[Row]:
    """Import into PostgreSQL against raw psycopg, and a case's replay as the store grows."""
    imported = pg.import_file(medium_source, "medium")
    many, copied = pg.raw_inserts("medium")
    ours = imported["seconds"]
    rows = [
        {"job": f"import {size:,} events into PostgreSQL", "ours_s": ours,
         "peak_mb": imported["peak_mb"], "reference": "raw psycopg executemany", "ref_s": many,
         "ratio": ours / many, "note": "raw executemany in pages of 2,000, one transaction"},
        {"job": f"import {size:,} events into PostgreSQL vs COPY", "ours_s": ours,
         "reference": "raw COPY FROM STDIN (binary)", "ref_s": copied, "ratio": ours / copied},
    ]  # fmt: skip
    pg.import_file(small_source, "small")
    args = ["replay", "--case", GROWTH_CASE, "--json"]
    title = f"replay --case on PostgreSQL, {size:,} vs 10,000 events"
    rows.append(_growth(args, pg.store("small"), pg.store("medium"), title))
    return rows


def bench_concurrent(folder: Path, postgres: bool) -> list[Row]:
    """Writers at once on each backend, then the follower's lag on each."""
    stores: list[tuple[str, Path | str]] = [("SQLite", folder / "writers.db")]
    if postgres:
        stores.append(("PostgreSQL", pg.store("writers")))
    rows: list[Row] = []
    for backend, store in stores:
        timeline("init", store=store)
        rows += concurrency.bench_writers(store, backend, folder)
    for backend, store in reversed(stores):
        if backend == "PostgreSQL":  # told of each event by LISTEN/NOTIFY
            rows.append(concurrency.bench_lag(store, backend, folder, [], waiting=True))
        else:  # the default: a look every half second
            follow = ["--interval", "0.5"]
            rows.append(concurrency.bench_lag(store, backend, folder, follow, waiting=False))
    return rows


def main(quick: bool) -> None:
    large_size = 100_000 if quick else 1_000_000
    rows: list[Row] = []
    unreachable = pg.unreachable()
    if unreachable:
        print(f"PostgreSQL at {pg.SERVER} cannot be used, its rows are left out: {unreachable}",
              file=sys.stderr)  # fmt: skip
    # stopped by SIGTERM, the run still drops its PostgreSQL schemas and scratch folder
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with tempfile.TemporaryDirectory(prefix="timeline-bench-") as scratch:
            folder = Path(scratch)
            small, small_source, _ = build_store(folder, 10_000)
            medium, medium_source, imported_medium = build_store(folder, 100_000)
            rows += bench_import(folder, medium, medium_source, 100_000)
            rows += bench_rebuild(folder, medium, 100_000)
            rows += bench_encrypted(folder, medium_source, 100_000)
            rows += bench_startup(small)
            large, _, imported_large = (
                (medium, None, imported_medium) if quick else build_store(folder, large_size)
            )
            timeline("projections", "rebuild", store=large)
            timeline("projections", "rebuild", store=small)
            rows += bench_growth(small, large, large_size)
            rows += bench_memory(large, large_size, imported_large)
            rows.append(bench_dates())
            if not unreachable:
                rows += bench_postgres(small_source, medium_source, 100_000)
            rows += bench_concurrent(folder, postgres=not unreachable)
            rows += load.bench_load(folder / "load.db", "SQLite", folder,
                                    bare_store=str(folder / "bare.db"))  # fmt: skip
            if not unreachable:
                rows += load.bench_load(pg.store("load"), "PostgreSQL, 2 workers", folder, 2,
                                        bare_store=pg.bare_store())  # fmt: skip
            no_browser = page.unusable()
            if no_browser:
                print(f"the page-load rows are left out: {no_browser}", file=sys.stderr)
            else:
                rows += page.bench_page(folder)
    finally:
        if not unreachable:
            pg.drop_all()
    print(table(rows))
    RESULTS.write_bytes(orjson.dumps(rows, option=orjson.OPT_INDENT_2) + b"\n")
    print(f"\nwritten to {RESULTS}")


def large(size: int, keep: Path | None) -> None:
    """`python -m bench --large [N] [--keep DIR]`: the growth rows on a store of N events
    (ten million unless told) built in one import, against the same on 10,000 events.

    Prints the import's time and peak memory, the rebuild's, and the store's size on disk.
    With `--keep DIR` the stores stay in DIR, and a later run measures them again without
    building them anew (a ten-million-event store takes the better part of an hour).
    """
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as scratch:
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        rows: list[Row] = []
        small = _kept_store(folder, 10_000, rows)
        big = _kept_store(folder, size, rows)
        on_disk = sum(f.stat().st_size for f in folder.glob(f"{size}.db*"))
        rows += bench_growth(small, big, size)
        rows.append({"job": f"store of {size:,} events on disk",
                     "note": f"{on_disk / 2**30:.2f} GiB"})  # fmt: skip
    print(table(rows))
    LARGE_RESULTS.write_bytes(orjson.dumps(rows, option=orjson.OPT_INDENT_2) + b"\n")
    print(f"\nwritten to {LARGE_RESULTS}")


LARGE_RESULTS = Path(__file__).parent / "results-large.json"


def _kept_store(folder: Path, size: int, rows: list[Row]) -> Path:
    """The store of `size` events in `folder`, built (imported, views rebuilt) unless it is
    there already; a build adds its import and rebuild rows."""
    store, built = folder / f"{size}.db", folder / f"{size}.built"
    if built.exists():
        return store
    store.unlink(missing_ok=True)
    store, source, imported = build_store(folder, size, timeout=4 * 3600)
    source.unlink()
    rows.append({"job": f"import of {size:,} events (all or nothing)",
                 "ours_s": imported["seconds"], "peak_mb": imported["peak_mb"],
                 "reference": "peak RSS target", "target_mb": 250})  # fmt: skip
    seconds, peak = timeline("projections", "rebuild", store=store, timeout=4 * 3600)
    rows.append({"job": f"rebuild views of {size:,} events", "ours_s": seconds,
                 "peak_mb": peak, "reference": "peak RSS"})  # fmt: skip
    built.touch()
    return store


def fuzz(count: int) -> int:
    """`python -m bench --fuzz N`: N hostile inputs over every entry point (tests/fuzz.py),
    more than CI runs; prints how many reached the assertions and how many failed."""
    from tests.fuzz import main as run_fuzz

    return run_fuzz(count)


def only_startup() -> None:
    """`python -m bench --startup`: only the start-up rows, on a store of 10,000 events."""
    with tempfile.TemporaryDirectory(prefix="timeline-bench-") as scratch:
        small, _, _ = build_store(Path(scratch), 10_000)
        print(table(bench_startup(small)))


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Every main job measured against its physical limit, side by side; with no "
        "option, the whole run (about ten minutes) writes bench/results.json.",
    )
    runs = parser.add_mutually_exclusive_group()
    runs.add_argument("--quick", action="store_true", help="skip the million-event store")
    runs.add_argument("--startup", action="store_true", help="only the start-up rows")
    runs.add_argument("--encrypted", nargs="?", const=100_000, type=int, metavar="N",
                      help="only the encrypted rows, on N events (100,000)")  # fmt: skip
    runs.add_argument("--import", dest="imports", nargs="?", const=100_000, type=int,
                      metavar="N", help="only the import and its floor, on N events (100,000)")  # fmt: skip
    runs.add_argument("--rebuild", nargs="?", const=100_000, type=int, metavar="N",
                      help="only the rebuild and its floor, on N events (100,000)")  # fmt: skip
    runs.add_argument("--service", action="store_true",
                      help="only the service under load, and the bare FastAPI peer")  # fmt: skip
    runs.add_argument("--large", nargs="?", const=10_000_000, type=int, metavar="N",
                      help="the growth rows on a store of N events (10,000,000)")  # fmt: skip
    runs.add_argument("--drafting", action="store_true",
                      help="the drafter on the seed article: precision, recall, dates; its speed")  # fmt: skip
    runs.add_argument("--fuzz", nargs="?", const=10_000, type=int, metavar="N",
                      help="N hostile inputs over every entry point (10,000)")  # fmt: skip
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="with --large: keep the stores in DIR, and reuse them")  # fmt: skip
    return parser.parse_args()


if __name__ == "__main__":
    given = arguments()
    if given.fuzz is not None:
        raise SystemExit(fuzz(given.fuzz))
    if given.drafting:
        from bench.drafting import main as drafting

        drafting()
    elif given.encrypted is not None:
        encrypted_only(given.encrypted)
    elif given.imports is not None:
        imports_only(given.imports)
    elif given.rebuild is not None:
        rebuild_only(given.rebuild)
    elif given.service:
        service_only()
    elif given.large is not None:
        large(given.large, given.keep)
    elif given.startup:
        only_startup()
    else:
        main(quick=given.quick)
