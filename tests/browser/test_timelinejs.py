"""The TimelineJS export rendered by TimelineJS 3 itself, served from 127.0.0.1: a slide per
event and the title slide, and no error message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from projections.timeline import timeline
from tests.browser.conftest import TIMELINEJS, Watched, exported, seed_lines, store_of
from tests.browser.test_html_page import VARIED

HARNESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<link rel="stylesheet" href="tl/css/timeline.css">
<script src="tl/js/timeline.js"></script></head>
<body><div id="timeline" style="width: 1200px; height: 700px"></div>
<script>
fetch("export.json").then((r) => r.json()).then((data) => {
  window.timeline = new TL.Timeline("timeline", data,
    {script_path: location.origin + "/tl/js/", font: null});
});
</script></body></html>
"""


@pytest.fixture
def render(page: Page, tmp_path: Path, serve: Callable[[Path], str]) -> Callable[[str], Watched]:
    """Render a TimelineJS document the way a newsroom's page would, offline."""
    if not (TIMELINEJS / "js" / "timeline.js").exists():
        pytest.fail(f"no TimelineJS at {TIMELINEJS}: `make browser` installs it with npm")

    def rendered(document: str) -> Watched:
        (tmp_path / "export.json").write_text(document, encoding="utf-8")
        (tmp_path / "index.html").write_text(HARNESS, encoding="utf-8")
        (tmp_path / "tl").symlink_to(TIMELINEJS)
        watched = Watched(page)
        page.goto(serve(tmp_path) + "/index.html")
        page.wait_for_selector(".tl-slide")  # TimelineJS builds its slides on its timers
        page.wait_for_function("document.querySelectorAll('.tl-slide').length > 1")
        return watched

    return rendered


@pytest.mark.parametrize("lines", ["seed", "varied"])
def test_timelinejs_shows_a_slide_per_event_and_the_title_slide(
    page: Page, render: Callable[[str], Watched], seed_path: Path, lines: str
) -> None:
    app = store_of(seed_lines(seed_path) if lines == "seed" else VARIED)
    watched = render(exported(app, "timelinejs"))
    assert page.locator(".tl-slide").count() == len(list(timeline(app))) + 1
    assert page.locator(".tl-message-full").count() == 0
    said = page.locator(".tl-message:visible").all_inner_texts()
    assert all(text.strip().upper() == "LOADING" for text in said), said  # media not yet near
    assert watched.errors == [], watched.requests
    assert all(url.startswith("http://127.0.0.1:") for url in watched.requests), watched.requests


def test_an_event_whose_start_is_unknown_is_shown_at_its_end(
    page: Page, render: Callable[[str], Watched], seed_path: Path
) -> None:
    render(exported(store_of(seed_lines(seed_path)), "timelinejs"))
    texts = page.locator(".tl-slide").all_inner_texts()
    assert sum("Up to December 2009" in text for text in texts) == 2


def test_a_slide_shows_its_sources_passage_as_a_quote_and_its_date_in_words(
    page: Page, render: Callable[[str], Watched], seed_path: Path
) -> None:
    render(exported(store_of(seed_lines(seed_path)), "timelinejs"))
    page.locator(".tl-slidenav-next").first.click()  # from the title to the first event
    quote = page.locator(".tl-slide-content-container blockquote:visible").first
    quote.wait_for()
    assert "North Korean workers in Russia" in quote.inner_text()
    assert page.locator(".tl-credit:visible").first.inner_text() == "Kyodo, 2009-12-23 (ID 96523)"
    assert "Up to December 2009" in page.locator(".tl-headline-date:visible").first.inner_text()
