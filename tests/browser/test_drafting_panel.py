"""The drafting panel at /draft: an editor pastes an article, reviews the drafts, records
the accepted ones."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Watched
from tests.service.conftest import Served, served_on

ARTICLE = """SEOUL, Dec. 23 (Yonhap) - Three North Korean men fled to South Korea from China in September.
Police detained two North Korean women in Shenyang last week.
Officials expressed concern about the route, the sources said.
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from served_on("sqlite", tmp_path_factory)


def drafted(page: Page, served: Served, who: str) -> Watched:
    watched = Watched(page)
    page.goto(served.url + "/draft")
    page.fill("#token", served.tokens[who])
    page.click("#login button")
    page.fill("#d-text", ARTICLE)
    page.fill("#d-published", "2009-12-23")
    page.fill("#d-outlet", "Yonhap")
    page.click("#d-form button")
    return watched


def test_an_editor_edits_one_draft_skips_one_and_records_the_accepted(
    page: Page, served: Served
) -> None:
    watched = drafted(page, served, "eva")
    page.wait_for_selector(".draft")
    assert page.locator(".draft").count() == 3
    assert page.locator("#d-1 mark").inner_text().startswith("Three North Korean men fled")
    page.fill("#d-1-people", "4")
    page.click("#d-1-accept")
    page.click("#d-2-skip")
    page.click("#d-3-accept")
    page.click("#d-record")
    page.wait_for_selector("#d-said.ok")
    assert page.inner_text("#d-said").startswith("Recorded 3 events")
    with served.client("eva") as client:
        recorded = client.get("/timeline", params={"case": "yonhap-2009-12-23"}).json()
    assert sorted((e["kind"], e.get("people") or 0) for e in recorded) == [
        ("departed_to_third_country", 4),
        ("observation", 0),
    ]
    assert watched.errors == []


def test_the_record_page_leads_editors_to_the_panel(page: Page, served: Served) -> None:
    page.goto(served.url + "/")
    page.fill("#token", served.tokens["eva"])
    page.click("#login button")
    page.wait_for_selector("#events tbody tr")
    # by keyboard: the drawing above the link grows as its lanes paint, and a click aimed at
    # the link while it moves can land in the drawing
    with page.expect_navigation():
        page.focus("#append-section a[href='/draft']")
        page.keyboard.press("Enter")
    page.wait_for_selector("#d-form", state="visible")  # signed in with the same token
    assert page.url == served.url + "/draft"


def test_a_reader_is_told_drafting_is_for_editors(page: Page, served: Served) -> None:
    drafted_by_reader = Watched(page)
    page.goto(served.url + "/draft")
    page.fill("#token", served.tokens["rui"])
    page.click("#login button")
    page.wait_for_selector("#error:not(:empty)")
    assert "for editors" in page.inner_text("#error") and page.is_hidden("#drafting")
    assert drafted_by_reader.errors == []
