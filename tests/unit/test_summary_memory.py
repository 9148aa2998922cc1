"""A summary's memory does not grow with the figures reported: they wait in its spool and
are written one at a time (held whole, a million events' figures took ~190 MB)."""

from __future__ import annotations

import gc
import subprocess
import sys
import tracemalloc
from collections.abc import Callable, Iterator

import pytest

from projections.record import TimelineEntry
from reports import telling
from reports.summary import SummaryStream
from tests.unit.test_summary import entry


def figures(count: int) -> Iterator[TimelineEntry]:
    """Figures reported over 20 years by one source, made one at a time (an interval each,
    so none is folded with another)."""
    for n in range(count):
        yield entry("c", version=n + 2, position=n + 1, kind="figure_reported", destination=None,
                    date=f"{1990 + n % 20}/{1991 + n % 20}", people=1_000 + n,
                    population="North Korean workers", region=f"Region {n % 7}",
                    reported_by="the Russian government", text=f"Figure {n}")  # fmt: skip


def peak(count: int, write: Callable[[SummaryStream], object]) -> int:
    """The most memory Python held while telling `count` figures, in bytes."""
    gc.collect()  # what earlier tests left for the collector is not the summary's
    tracemalloc.start()
    try:
        write(SummaryStream(figures(count), "year"))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


WRITERS: dict[str, Callable[[SummaryStream], object]] = {
    "text": lambda told: telling.write_text(told, lambda _: None, width=80),
    "markdown": lambda told: telling.write_markdown(told, lambda _: None),
    "json": lambda told: telling.write_json(told, lambda _: None),
}


def peaks(format_: str) -> tuple[int, int]:
    """The peaks of telling 1,000 and 4,000 figures, each the smaller of two runs: a run
    may also grow the interpreter's own tables once (its interned strings), which is not
    the summary's memory."""
    SummaryStream._FLUSH = 100  # sentences wait in pages of 100
    small, large = (min(peak(n, WRITERS[format_]) for _ in range(2)) for n in (1_000, 4_000))
    return small, large


@pytest.mark.parametrize("format_", WRITERS)
def test_four_times_the_figures_need_about_the_same_memory(format_: str) -> None:
    # in an interpreter of its own: what earlier tests left in caches is not the summary's
    done = subprocess.run(
        [sys.executable, "-m", "tests.unit.test_summary_memory", format_],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    small, large = map(int, done.stdout.split())
    # held whole, each figure took about 120 bytes more; written one at a time, a few
    assert (large - small) / 3_000 < 25, (small, large)


def test_the_figures_are_all_told() -> None:
    said: list[str] = []
    telling.write_text(SummaryStream(figures(300), "year"), said.append, width=80)
    told = "".join(said)
    assert all(f"{1_000 + n:,}" in told for n in range(300))


if __name__ == "__main__":
    print(*peaks(sys.argv[1]))
