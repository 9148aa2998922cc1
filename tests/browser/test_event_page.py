"""The service's page as an evidence view: who says what of an event, opened from a mark,
a row or an id; filters that never leave a stale drawing; what others record arriving
live; an append form that says where it went wrong; a phone without sideways scrolling."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Watched
from tests.browser.test_html_page import DOCS
from tests.service.conftest import Served, served_on

GRANTED = "vladivostok-2008-asylum"
YONHAP = {"outlet": "Yonhap", "published": "2010-01-05", "quote": "two men", "grade": "C3"}
STATEMENT = {"outlet": "Consulate", "published": "2010-02-01", "grade": "B2"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from served_on("sqlite", tmp_path_factory)


@pytest.fixture(scope="module")
def disputed(served: Served) -> dict[str, Any]:
    """The grant of 2008, disputed (two people, not one) and then corrected in its date
    only: the dispute stays open."""
    with served.client("eva") as client:
        event = client.get("/timeline", params={"case": GRANTED}).json()[-1]
        dispute = client.post(f"/events/{event['id']}/disputes",
                              json={"sources": [YONHAP], "values": {"people": 2}})  # fmt: skip
        changes = {"date": "2008/2009"}
        why = "the consulate's later statement"
        correction = client.post(f"/events/{event['id']}/corrections",
                                 json={"changes": changes, "reason": why, "sources": [STATEMENT]})  # fmt: skip
    assert dispute.status_code == correction.status_code == 201, dispute.text + correction.text
    return {"event": event, "dispute": dispute.json()["id"], "correction": correction.json()["id"]}


def signed_in(page: Page, served: Served, who: str) -> Watched:
    watched = Watched(page)
    page.goto(served.url + "/")
    page.fill("#token", served.tokens[who])
    page.click("#login button")
    page.wait_for_selector("#events tbody tr")
    return watched


def mark_of(page: Page, event: str) -> Any:
    """The drawing's mark of `event`, found by the id its own data gives it."""
    drawing = page.frame_locator("#drawing")
    drawing.locator(".m").first.wait_for()
    index = drawing.locator("#tl-data").evaluate(
        "(data, id) => JSON.parse(data.textContent).events.findIndex((d) => d.includes(id))",
        event,
    )
    assert index >= 0
    return drawing.locator(f".m[data-i='{index}']")


def test_a_disputed_event_shows_who_gives_which_value_and_how_it_was_corrected(
    page: Page, served: Served, disputed: dict[str, Any]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    watched = signed_in(page, served, "rui")
    event = disputed["event"]
    drawing = page.frame_locator("#drawing")
    stop = drawing.locator(".m[tabindex='0']").first  # a lane's tab stop, by keyboard
    stop.wait_for()
    stop.focus()
    page.keyboard.press("Enter")
    first = drawing.locator("#tl-data").evaluate(
        "(data, i) => JSON.parse(data.textContent).events[i].at(-1)",
        int(stop.get_attribute("data-i") or -1),
    )
    page.wait_for_selector(f"#detail h3:text-matches('^{first}: ')")
    mark_of(page, event["id"]).click()  # and by mouse: the mark opens the page's own view
    page.wait_for_selector(f"#detail h3:text-matches('^{event['id']}: ')")
    page.wait_for_selector("#detail h4")
    detail = page.inner_text("#detail")
    assert detail.startswith(f"{event['id']}: asylum granted")
    # every source with its quote and grade
    assert "Yonhap, 2010-01-05 grade C3" in detail and "\u201ctwo men\u201d" in detail
    assert "Kyodo, 2009-12-23, ID 96523 not graded" in detail
    # the dispute's value against the one recorded, and that nothing settled it
    assert "People: gives 2, against 1 recorded" in detail
    assert "Open: no correction has settled it." in detail
    # the correction as old -> new, with its reason and its graded source
    assert f"Correction {disputed['correction']}" in detail
    assert "date: 2008 \u2192 2008/2009" in detail
    assert "Reason: the consulate's later statement" in detail
    assert "Consulate, 2010-02-01 grade B2" in detail
    # the kind's own fields in words, and times with their zone
    assert "Granted by\nSouth Korean Consulate General in Vladivostok" in detail
    assert "Status\ncorrected, disputed (1 open)" in detail
    assert " UTC (position " in detail
    # the page is the one scroll area: the drawing's frame is as tall as what it holds
    (frame,) = [f for f in page.frames if f.url == "about:srcdoc"]
    frame.wait_for_function("document.documentElement.scrollHeight <= window.innerHeight + 1")
    assert frame.evaluate("window.innerHeight") > 1000
    page.wait_for_timeout(300)  # the frame's lanes are painted as they come into view
    picture = page.screenshot(path=str(DOCS / "event-page.png"))
    assert picture[:8] == b"\x89PNG\r\n\x1a\n"
    assert watched.errors == []


def test_a_refused_filter_leaves_no_drawing_of_the_last_one(page: Page, served: Served) -> None:
    signed_in(page, served, "rui")
    drawing = page.frame_locator("#drawing")
    drawing.locator(".m").first.wait_for()
    page.fill("#f-from", "2009-13")
    page.click("#filters button")
    page.wait_for_selector("#status.error")
    assert "month 13 does not exist" in page.inner_text("#status")
    drawing.locator("body").wait_for()
    assert drawing.locator(".m").count() == 0
    assert page.locator("#events tbody tr").count() == 0
    assert page.get_attribute("#f-from", "aria-invalid") == "true"


def test_what_another_account_records_appears_without_a_reload(page: Page, served: Served) -> None:
    signed_in(page, served, "rui")
    page.evaluate("window.notReloaded = true")
    opened = page.locator("#events button").first
    opened.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#detail h4")
    line = {"kind": "observation", "date": "2009-12", "text": "Recorded elsewhere meanwhile",
            "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip
    with served.client("eva") as client:
        recorded = client.post("/cases/russian-far-east-2009/events", json=line).json()["id"]
        cited = client.post(f"/events/{opened.inner_text()}/citations",
                            json={"sources": [YONHAP]}).json()["id"]  # fmt: skip
    page.wait_for_selector(f"#events button[data-event='{recorded}']")
    page.wait_for_selector(f"[id='cited-{cited}']")  # the event open shows it as it now stands
    mark_of(page, recorded).wait_for(state="attached")
    assert page.evaluate("window.notReloaded") is True


def test_the_form_says_beside_each_field_what_is_wrong_and_keeps_case_and_kind(
    page: Page, served: Served
) -> None:
    watched = signed_in(page, served, "eva")
    page.select_option("#a-case", "russian-far-east-2009")
    page.select_option("#a-kind", "returned")
    assert page.locator("#a-field-manner option").all_inner_texts() == [
        "not known", "forced", "voluntary", "unknown"]  # fmt: skip
    page.select_option("#a-field-manner", "forced")
    page.fill("#a-field-country", "North Korea")
    page.fill("#a-date", "2009-11")
    page.fill("#a-text", "Two workers were sent back")
    page.fill("#a-s0-outlet", "Kyodo")
    page.fill("#a-s0-published", "2009-12-23")
    page.select_option("#a-s0-grade", "B2")
    page.click("#a-more")  # a second source, with its own grade
    page.fill("#a-s1-outlet", "Yonhap")
    page.fill("#a-s1-published", "20x")
    page.select_option("#a-s1-grade", "C3")
    page.click("#a-submit")
    page.wait_for_selector("#a-s1-published[aria-invalid=true]")
    note = page.get_attribute("#a-s1-published", "aria-describedby") or ""
    assert "a-s1-published-error" in note.split()
    assert "is not an EDTF date" in page.inner_text("#a-s1-published-error")
    assert page.get_attribute("#a-s0-published", "aria-invalid") is None
    page.fill("#a-s1-published", "2010-01-05")
    page.click("#a-submit")
    page.wait_for_selector("#a-said.ok a")
    recorded = page.inner_text("#a-said a")
    assert page.locator("#append [aria-invalid]").count() == 0
    assert page.input_value("#a-case") == "russian-far-east-2009"
    assert page.input_value("#a-kind") == "returned"
    page.wait_for_selector(f"tr.new button[data-event='{recorded}']")  # highlighted
    page.click("#a-said a")
    page.wait_for_selector(f"#detail h3:text-is('{recorded}: returned')")
    detail = page.inner_text("#detail")
    assert "Manner\nforced" in detail
    assert "Kyodo, 2009-12-23 grade B2" in detail and "Yonhap, 2010-01-05 grade C3" in detail
    assert [e for e in watched.errors if "status of 422" not in e] == []


def test_on_a_phone_the_page_never_scrolls_sideways(page: Page, served: Served) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    signed_in(page, served, "eva")
    page.frame_locator("#drawing").locator(".m").first.wait_for()
    page.select_option("#a-kind", "returned")
    opener = page.locator("#events button").last
    opener.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#detail h4")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_case_link_in_the_drawing_moves_within_it(page: Page, served: Served) -> None:
    watched = signed_in(page, served, "rui")
    drawing = page.frame_locator("#drawing")
    drawing.locator(".m").first.wait_for()
    drawing.locator("a[href^='#lane-']").last.click()
    # the frame's base is the page's address: followed, the link would load the page there
    assert page.frames[1].url == "about:srcdoc"
    assert drawing.locator(".m").count() > 0
    assert watched.errors == []
