"""Page-load rows of `make bench`: the HTML export of 10,000 and 100,000 events, each
with a source of its own, opened in Chromium until its `load` event.

The reference is the same page with no record in it (the page's frame alone), opened
in the same browser in turns with the large page, so load from elsewhere on the machine
falls on both alike. Run alone with `python -m bench.page [N ...]`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import orjson

from bench.generate import stream
from bench.measure import Row, timeline

CHROMIUM = "/usr/bin/chromium"
ROUNDS = 3
TARGETS = {10_000: 1.5, 100_000: 5.0}
"""The most seconds a page of this many events may take to reach its `load` event."""


def write_source_per_event(count: int, path: Path) -> Path:
    """The generated record, each fact with a source of its own (the worst case of the
    source list: a numbered source per event)."""
    with path.open("wb") as out:
        for n, line in enumerate(stream(count)):
            for source in line.get("sources", ()):
                source["reference"] = f"ID {n}"
            out.write(orjson.dumps(line) + b"\n")
    return path


def exported_page(folder: Path, count: int) -> Path:
    store = folder / f"page-{count}.db"
    timeline("init", store=store)
    timeline("import", str(write_source_per_event(count, folder / f"page-{count}.jsonl")),
             store=store, timeout=3600)  # fmt: skip
    page = folder / f"page-{count}.html"
    timeline("export", "-o", str(page), store=store, timeout=3600)
    return page


def load_seconds(pages: list[Path], rounds: int = ROUNDS) -> list[list[float]]:
    """For each page, the seconds from navigation to `load`, `rounds` times, in turns."""
    from playwright.sync_api import sync_playwright

    found: list[list[float]] = [[] for _ in pages]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for _ in range(rounds):
                for i, page_path in enumerate(pages):
                    context = browser.new_context(viewport={"width": 1366, "height": 768})
                    page = context.new_page()
                    page.goto(page_path.as_uri(), wait_until="load", timeout=600_000)
                    timing: Any = page.evaluate(
                        "() => { const t = performance.getEntriesByType('navigation')[0];"
                        " return t.loadEventEnd - t.startTime; }"
                    )
                    found[i].append(float(timing) / 1000)
                    context.close()
        finally:
            browser.close()
    return found


def unusable() -> str:
    """Why the page rows cannot be measured here, or ""."""
    if not Path(CHROMIUM).exists():
        return f"no browser at {CHROMIUM} (`make browser` installs it)"
    return ""


def bench_page(folder: Path, counts: tuple[int, ...] = (10_000, 100_000)) -> list[Row]:
    """The rows: each page's median seconds to `load`, against the page of one event."""
    empty = folder / "page-empty.html"
    empty.write_text(_empty_page(folder), encoding="utf-8")
    pages = [exported_page(folder, count) for count in counts]
    seconds = load_seconds([empty, *pages])
    reference = statistics.median(seconds[0])
    rows: list[Row] = []
    for count, page, times in zip(counts, pages, seconds[1:], strict=True):
        ours = statistics.median(times)
        size = page.stat().st_size / 2**20
        rows.append({"job": f"html export of {count:,} events opened in Chromium (load)",
                     "ours_s": ours, "reference": "the page of one event", "ref_s": reference,
                     "ratio": ours / reference, "target_s": TARGETS.get(count),
                     "note": f"{size:.0f} MB, a source per event; median of {ROUNDS}"
                             + (f"; target under {TARGETS[count]:g} s" if count in TARGETS
                                else "")})  # fmt: skip
    return rows


def _empty_page(folder: Path) -> str:
    store = folder / "page-one.db"
    timeline("init", store=store)
    one = folder / "page-one.jsonl"
    one.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in stream(2)))
    timeline("import", str(one), store=store)
    page = folder / "page-one.html"
    timeline("export", "-o", str(page), store=store)
    return page.read_text(encoding="utf-8")


if __name__ == "__main__":
    from bench.measure import table

    sizes = tuple(int(a) for a in sys.argv[1:]) or (10_000, 100_000)
    with tempfile.TemporaryDirectory(prefix="timeline-page-") as scratch:
        print(table(bench_page(Path(scratch), sizes)))
