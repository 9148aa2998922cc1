"""The HTML export in a real browser: it loads alone, draws every event once in timeline
order, tells each event on hover and focus, zooms, collapses lanes and prints on A4."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from domain.application import Timeline
from projections.record import TimelineEntry
from projections.timeline import timeline
from reports.wording import capitalise, when
from tests.browser.conftest import Watched, exported, seed_lines, store_of

DOCS = Path(__file__).parent.parent.parent / "docs"
KYODO = [{"outlet": "Kyodo", "published": "2009-12-23", "reference": "ID 96523"}]

# Every shape of date the drawing knows, in one case, to check positions and order.
VARIED = [
    {"kind": "case_opened", "case": "dates", "title": "Every shape of date"},
    *[
        {"kind": "observation", "case": "dates", "date": date, "text": f"Dated {date}", "sources": KYODO}
        for date in [
            "2009-12-23", "2009-12", "2009", "2007/2009", "../2009-12", "2004/..", "2004/",
            "2009-09-01/2009-09-30", "2008-03-05?", "2008~", "199X", "199X/200X", "2009-09-01",
            "/2006", "2006-02-28%/2006-03", "2009-12-23/..",
        ]
    ],
    {"kind": "figure_reported", "case": "dates", "date": "2009-12", "people": 1700, "about": True,
     "population": "workers", "region": "Amur", "text": "About 1,700 workers", "sources": KYODO},
]  # fmt: skip


@pytest.fixture
def seed_store(seed_path: Path) -> Timeline:
    return store_of(seed_lines(seed_path))


def opened(page: Page, app: Timeline, folder: Path) -> tuple[Watched, list[TimelineEntry]]:
    html = folder / "export.html"
    html.write_text(exported(app, "html"), encoding="utf-8")
    watched = Watched(page)
    page.goto(html.as_uri())
    page.wait_for_load_state("load")
    return watched, list(timeline(app))


def starts(page: Page) -> list[float]:
    """Where each mark starts on screen, in the order of the timeline: a day's glyph's centre,
    else the left edge of its first shape."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.m'))
          .sort((a, b) => a.dataset.i - b.dataset.i)
          .map((m) => { const s = m.querySelector('.s'); const r = s.getBoundingClientRect();
                        return s.tagName === 'use' ? r.left + r.width / 2 : r.left; })"""
    )


def test_the_page_loads_with_no_error_and_no_request_leaving_the_file(
    page: Page, seed_store: Timeline, tmp_path: Path
) -> None:
    watched, _ = opened(page, seed_store, tmp_path)
    assert watched.errors == []
    assert watched.requests == [(tmp_path / "export.html").as_uri()]


@pytest.mark.parametrize("lines", ["seed", "varied"])
def test_every_event_has_one_mark_in_timeline_order_along_the_axis(
    page: Page, seed_path: Path, tmp_path: Path, lines: str
) -> None:
    app = store_of(seed_lines(seed_path) if lines == "seed" else VARIED)
    watched, entries = opened(page, app, tmp_path)
    labels = page.eval_on_selector_all(
        ".m",
        "ms => ms.sort((a, b) => a.dataset.i - b.dataset.i).map(m => m.getAttribute('aria-label'))",
    )
    assert [label.split(": ", 1)[0] for label in labels] == [
        capitalise(when(e.date)) for e in entries
    ]
    found = starts(page)
    assert all(a <= b + 0.01 for a, b in itertools.pairwise(found)), found
    assert watched.errors == []


def test_a_later_event_is_drawn_further_right(page: Page, tmp_path: Path) -> None:
    _, entries = opened(page, store_of(VARIED), tmp_path)
    found = dict(zip([e.date for e in entries], starts(page), strict=True))
    assert (
        found["199X"]
        < found["2004/.."]
        < found["2007/2009"]
        < found["2009-09-01"]
        < found["2009-12-23"]
    )


def tip_after(page: Page, action: Any) -> str:
    action()
    page.wait_for_selector(".tl-tip:not([hidden])")
    text: str = page.inner_text(".tl-tip")
    return text


def test_hovering_a_mark_shows_its_text_date_people_and_sources(
    page: Page, seed_store: Timeline, tmp_path: Path
) -> None:
    _, entries = opened(page, seed_store, tmp_path)
    for i, entry in enumerate(entries):
        shown = tip_after(page, lambda i=i: page.hover(f'.m[data-i="{i}"] text.l'))
        assert entry.text in shown and entry.date in shown
        assert "Kyodo, 2009-12-23 (ID 96523)" in shown
        if entry.people is not None:
            assert f"{entry.people:,}" in shown or "people" in shown or "person" in shown


def test_marks_are_reached_by_keyboard_and_the_arrows_follow_the_lane(
    page: Page, seed_store: Timeline, tmp_path: Path
) -> None:
    _, entries = opened(page, seed_store, tmp_path)
    first = page.evaluate("document.querySelector('.tl-plot .m').dataset.i")
    page.focus(f'.m[data-i="{first}"]')
    assert entries[int(first)].text in tip_after(page, lambda: None)
    page.keyboard.press("ArrowRight")
    second = page.evaluate(
        "document.querySelectorAll('.tl-plot')[0].querySelectorAll('.m')[1].dataset.i"
    )
    assert page.evaluate("document.activeElement.dataset.i") == second
    assert entries[int(second)].text in page.inner_text(".tl-tip")
    page.keyboard.press("Escape")
    assert page.is_hidden(".tl-tip")


def test_zooming_in_spreads_the_marks_and_keeps_their_order(
    page: Page, seed_store: Timeline, tmp_path: Path
) -> None:
    opened(page, seed_store, tmp_path)
    before = starts(page)
    page.select_option("select[data-act=period]", label="2009")
    after = starts(page)
    assert after == sorted(after)
    assert after[-1] - after[0] > before[-1] - before[0]
    assert page.get_attribute(".tl-axis text[data-year='2009']", "class") == "y"


def test_collapsing_lanes_puts_each_case_on_one_row(
    page: Page, seed_store: Timeline, tmp_path: Path
) -> None:
    opened(page, seed_store, tmp_path)
    height = "Array.from(document.querySelectorAll('svg.tl-plot')).reduce((h, s) => h + s.getBoundingClientRect().height, 0)"
    expanded = page.evaluate(height)
    page.click("button[data-act=collapse]")
    assert page.evaluate(height) < expanded
    assert page.is_hidden(".m text.l >> nth=0")
    page.click(".tl-toggle >> nth=0")
    assert page.get_attribute(".tl-toggle >> nth=0", "aria-expanded") == "true"


def test_the_page_prints_on_a_landscape_a4_page_without_cutting_the_drawing(
    page: Page, seed_store: Timeline, tmp_path: Path
) -> None:
    opened(page, seed_store, tmp_path)
    page.set_viewport_size({"width": 1047, "height": 740})  # A4 landscape less 10 mm margins
    page.emulate_media(media="print")
    overflow = page.evaluate(
        "Array.from(document.querySelectorAll('svg.tl-plot, svg.tl-axis')).map(s => s.getBoundingClientRect().right)"
    )
    assert max(overflow) <= 1047
    assert page.is_hidden(".tl-controls")
    assert len(page.pdf(format="A4", landscape=True)) > 10_000


def test_a_screenshot_of_the_seed_case_is_kept_in_the_docs(
    page: Page, seed_store: Timeline, tmp_path: Path
) -> None:
    opened(page, seed_store, tmp_path)
    picture = page.locator(".tl-drawing").screenshot(path=str(DOCS / "seed-timeline.png"))
    assert picture[:8] == b"\x89PNG\r\n\x1a\n" and len(picture) > 20_000


@pytest.mark.parametrize("lines", ["seed", "varied"])
def test_no_mark_or_label_overlaps_another_in_its_lane(
    page: Page, seed_path: Path, tmp_path: Path, lines: str
) -> None:
    opened(page, store_of(seed_lines(seed_path) if lines == "seed" else VARIED), tmp_path)
    overlaps = page.evaluate(
        """() => {
          const found = [];
          for (const lane of document.querySelectorAll('svg.tl-plot')) {
            const boxes = Array.from(lane.querySelectorAll('.m')).map((m) => m.getBoundingClientRect());
            boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
              if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
                found.push([a.left, a.right, b.left, b.right]);
            }));
          }
          return found;
        }"""
    )
    assert overlaps == []
