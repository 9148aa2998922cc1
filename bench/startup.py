"""Start-up rows of `make bench`: one short command against importing its libraries.

Each command and its reference are taken in turns, `ROUNDS` times, so load from
elsewhere on the machine falls on both alike; the figures are medians of wall time,
with the CPU time (user + system, from `getrusage` of the child) in the note, which a
busy machine disturbs less. Reads go to a store whose views are current, appends to a
copy of it, so no read pays for catching up with an append.
"""

from __future__ import annotations

import compileall
import os
import resource
import sqlite3
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.measure import BIN, TIMELINE

ROUNDS = 10
PACKAGES = ("cli", "domain", "events", "storage", "projections")
CASE = "case-000100"
"""A case of 50 events in every generated store."""
TYPER = "python -c 'import typer'"
LIBRARIES = "python -c 'import typer, pydantic, eventsourcing.sqlite'"
FLOOR = "python -c '<the libraries>; one pydantic model; import eventsourcing.application'"
ONE_MODEL = """import typer, pydantic, eventsourcing.sqlite, eventsourcing.application
class Fact(pydantic.BaseModel):
    text: str
Fact(text="seen")"""
VOCABULARY = "the floor, and the libraries defining timeline's vocabulary"
WITH_VOCABULARY = f"""{ONE_MODEL}
import events.facts, domain.case
events.facts.complete()"""
REFERENCES = {
    TYPER: [str(BIN / "python"), "-c", "import typer"],
    LIBRARIES: [str(BIN / "python"), "-c", "import typer, pydantic, eventsourcing.sqlite"],
    FLOOR: [str(BIN / "python"), "-c", ONE_MODEL],
    VOCABULARY: [str(BIN / "python"), "-c", WITH_VOCABULARY],
}
"""`FLOOR` is what any append pays before our code: validating with a pydantic model (which
loads `pydantic.main` and builds a schema) and going through eventsourcing's application.
`VOCABULARY` adds what pydantic and eventsourcing do to define timeline's vocabulary, and
nothing of ours runs but those definitions: the models of the 16 kinds with their schemas
(an append validates one, and decodes the case's events of every kind it holds) and the
Case's event classes (eventsourcing makes each a dataclass)."""
APPEND = ["append", "case-000001", "arrived", "--date", "2009-09", "--destination",
          "South Korea", "--source", "Kyodo, 2009-12-23", "--text", "Reached South Korea."]  # fmt: skip
JOBS: list[tuple[str, list[str], str, float, str]] = [
    ("timeline --version", ["--version"], TYPER, 1.2, "read"),
    ("timeline append (one event)", APPEND, LIBRARIES, 1.5, "append"),
    ("timeline show --case (one case)", ["show", "--case", CASE], LIBRARIES, 1.3, "read"),
    ("timeline show --case --json", ["show", "--case", CASE, "--json"], LIBRARIES, 1.3, "read"),
    ("timeline case show (one case)", ["case", "show", CASE], LIBRARIES, 1.3, "read"),
    ("timeline case show --json", ["case", "show", CASE, "--json"], LIBRARIES, 1.3, "read"),
]
"""Each row: title, arguments, reference, target, and the store it runs on."""


def rows(store: Path) -> list[dict[str, Any]]:
    compiled()
    appended = store.with_name("startup-append.db")
    with sqlite3.connect(store) as source, sqlite3.connect(appended) as copy:
        source.backup(copy)
    stores = {"read": store, "append": appended}
    runs = [(name, argv, store) for name, argv in REFERENCES.items()]
    runs += [(title, [TIMELINE, *args], stores[on]) for title, args, _, _, on in JOBS]
    for _, argv, on in runs:  # views caught up, files cached: not measured
        _timed(argv, on)
    taken: dict[str, list[tuple[float, float]]] = {name: [] for name, _, _ in runs}
    for _ in range(ROUNDS):
        for name, argv, on in runs:
            taken[name].append(_timed(argv, on))
    wall = {name: statistics.median(t[0] for t in times) for name, times in taken.items()}
    cpu = {name: statistics.median(t[1] for t in times) for name, times in taken.items()}
    load = os.getloadavg()[0]

    def floor_row(job: str, name: str, reference: str, note: str) -> dict[str, Any]:
        ratio = cpu[name] / cpu[reference]
        return {"job": job, "ours_s": wall[name], "reference": reference,
                "ref_s": wall[reference], "ratio": wall[name] / wall[reference],
                "note": f"CPU {ratio:.2f}x{note}"}  # fmt: skip

    floor = floor_row("floor of an append: one pydantic model, the app", FLOOR, LIBRARIES,
                      "; before any code of ours")  # fmt: skip
    vocabulary = floor_row("floor of an append, with the vocabulary defined", VOCABULARY, FLOOR,
                           " the floor; 16 kinds' models and schemas, the Case's event classes")  # fmt: skip
    return [
        {"job": title, "ours_s": wall[title], "reference": reference, "ref_s": wall[reference],
         "ratio": wall[title] / wall[reference], "target": target,
         "note": f"CPU {cpu[title] / cpu[reference]:.2f}x ({cpu[title] * 1000:.0f} vs "
                 f"{cpu[reference] * 1000:.0f} ms); {ROUNDS} runs in turns, load {load:.1f}"}
        for title, _, reference, target, _ in JOBS
    ] + [floor, vocabulary]  # fmt: skip


def compiled() -> None:
    """Our modules' bytecode written, as installing a wheel does: an editable install
    where PYTHONDONTWRITEBYTECODE is set would compile every module from source at
    every start, which the references (installed packages) never do."""
    root = Path(__file__).parent.parent
    for package in PACKAGES:
        compileall.compile_dir(root / package, quiet=1)


def _timed(argv: list[str], store: Path) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of `argv`, which must succeed."""
    env = {**os.environ, "COLUMNS": "80", "TIMELINE_STORE": str(store)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu
