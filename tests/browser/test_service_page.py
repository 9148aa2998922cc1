"""The service's page at /: it asks for a token, then draws what that account may see."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Watched
from tests.browser.test_html_page import DOCS
from tests.service.conftest import RESTRICTED, Served, served_on


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from served_on("sqlite", tmp_path_factory)


def signed_in(page: Page, served: Served, who: str) -> Watched:
    watched = Watched(page)
    page.goto(served.url + "/")
    page.fill("#token", served.tokens[who])
    page.click("#login button")
    return watched


def test_the_page_draws_every_event_the_account_sees(page: Page, served: Served) -> None:
    watched = signed_in(page, served, "rui")
    drawing = page.frame_locator("#drawing")
    drawing.locator(".m").first.wait_for()
    with served.client("rui") as client:
        seen = client.get("/timeline").json()
    assert drawing.locator(".m").count() == len(seen)
    assert page.locator("#events tbody tr").count() == len(seen)
    assert RESTRICTED not in page.content() + drawing.locator("body").inner_html()
    assert watched.errors == []


def test_a_wrong_token_is_told_and_nothing_is_drawn(page: Page, served: Served) -> None:
    served.tokens["nobody"] = "not-a-token-of-this-store"
    signed_in(page, served, "nobody")
    page.wait_for_selector("#error:not(:empty)")
    assert "not valid" in page.inner_text("#error")
    assert page.is_hidden("#record")


def test_a_reader_filters_by_kind_and_case_and_sees_no_form(page: Page, served: Served) -> None:
    watched = signed_in(page, served, "rui")
    page.wait_for_selector("#events tbody tr")
    assert page.is_hidden("#append-section")
    page.select_option("#f-kind", "fled_to_mission")
    page.click("#filters button")
    page.wait_for_function("document.querySelector('#status').textContent.startsWith('2 ')")
    with served.client("rui") as client:
        fled = client.get("/timeline", params={"kind": "fled_to_mission"}).json()
    shown = page.locator("#events tbody tr td:nth-child(2)").all_inner_texts()
    assert shown == [e["id"] for e in fled] and len(fled) == 2
    frame = page.frame_locator("#drawing")
    assert frame.locator(".m").count() == 2
    page.select_option("#f-kind", "")
    page.select_option("#f-case", "russian-far-east-2009")
    page.fill("#f-from", "2009")
    page.click("#filters button")
    page.wait_for_function("!document.querySelector('#status').textContent.startsWith('2 ')")
    with served.client("rui") as client:
        chosen = client.get(
            "/timeline", params={"case": "russian-far-east-2009", "from": "2009"}
        ).json()
    rows = page.locator("#events tbody tr td:nth-child(2)").all_inner_texts()
    assert rows == [e["id"] for e in chosen]
    assert watched.errors == []


def test_an_event_opens_with_its_sources_and_its_history(page: Page, served: Served) -> None:
    with served.client("eva") as client:
        first = client.get("/timeline", params={"case": "russian-far-east-2009"}).json()[0]
        corrected = client.post(
            f"/events/{first['id']}/corrections",
            json={"changes": {"people": 7}, "reason": "a later count"},
        )
    assert corrected.status_code == 201, corrected.text
    watched = signed_in(page, served, "rui")
    opener = page.locator(f"#events button[data-event='{first['id']}']")
    opener.focus()  # by keyboard, as someone without a mouse opens it
    page.keyboard.press("Enter")
    page.wait_for_selector("#detail h4")
    detail = page.inner_text("#detail")
    assert first["sources"][0]["outlet"] in detail
    assert "corrected" in detail and "a later count" in detail
    assert page.evaluate("document.activeElement.tagName") == "H3"  # the keyboard lands there
    assert watched.errors == []


def test_an_event_opens_with_its_citations_as_they_now_stand(page: Page, served: Served) -> None:
    yonhap = [{"outlet": "Yonhap", "published": "2010-01-05", "grade": "C3"}]
    with served.client("eva") as client:
        event = client.get("/timeline", params={"case": "russian-far-east-2009"}).json()[-1]["id"]
        cited = client.post(f"/events/{event}/citations", json={"sources": yonhap,
                            "note": "names the twelve"}).json()["id"]  # fmt: skip
        disputed = client.post(f"/events/{event}/disputes", json={"sources": yonhap,
                               "values": {"people": 14}}).json()["id"]  # fmt: skip
        regraded = client.post(f"/events/{cited}/corrections",
                               json={"changes": {"grade": "B2"}, "reason": "regraded"})  # fmt: skip
        client.post(f"/events/{disputed}/retractions", json={"reason": "misread"})
    watched = signed_in(page, served, "rui")
    opener = page.locator(f"#events button[data-event='{event}']")
    opener.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#detail h4")
    cited_said = page.inner_text(f"[id='cited-{cited}']")
    assert cited_said.startswith(f"Citation {cited} ")
    assert "Yonhap, 2010-01-05 grade B2" in cited_said and "Note: names the twelve" in cited_said
    assert f"Corrected by {regraded.json()['id']}" in cited_said
    assert "grade: C3 \u2192 B2" in cited_said and "Reason: regraded" in cited_said
    detail = page.inner_text("#detail")
    assert f"Dispute {disputed} " in detail and "Retracted by " in detail
    assert f"retracted {disputed} by " in detail and ": misread" in detail
    assert page.locator("#detail li.retracted").count() == 1
    assert watched.errors == []


def test_an_editor_appends_an_event_and_sees_it_and_is_told_a_refusal(
    page: Page, served: Served
) -> None:
    watched = signed_in(page, served, "eva")
    page.wait_for_selector("#events tbody tr")
    page.select_option("#a-case", "russian-far-east-2009")
    page.select_option("#a-kind", "observation")
    page.fill("#a-date", "2009-13")
    page.fill("#a-text", "A line typed in the page")
    page.fill("#a-s0-outlet", "Kyodo")
    page.fill("#a-s0-published", "2009-12-23")
    page.click("#a-submit")
    page.wait_for_selector("#a-said.error")
    line = {"kind": "observation", "date": "2009-13", "text": "A line typed in the page",
            "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip
    with served.client("eva") as client:
        refused = client.post("/cases/russian-far-east-2009/events", json=line)
    assert refused.status_code in (400, 422)
    assert page.inner_text("#a-said") == refused.json()["detail"]
    page.fill("#a-date", "2009-11")
    page.click("#a-submit")
    page.wait_for_selector("#a-said.ok")
    recorded = page.inner_text("#a-said").split()[1]
    page.wait_for_selector(f"#events button[data-event='{recorded}']")
    assert "A line typed in the page" in page.inner_text("#events")
    # the browser logs the refused request itself; the page adds no error of its own
    assert [e for e in watched.errors if f"status of {refused.status_code}" not in e] == []
    assert all(url.startswith(served.url) or url.startswith("about:") for url in watched.requests)


def test_a_screenshot_of_the_page_is_kept_in_the_docs(page: Page, served: Served) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    signed_in(page, served, "eva")
    page.frame_locator("#drawing").locator(".m").first.wait_for()
    page.wait_for_selector("#events tbody tr")
    page.wait_for_timeout(500)  # the lanes below the first are painted as they come into view
    picture = page.screenshot(path=str(DOCS / "service-page.png"))
    assert picture[:8] == b"\x89PNG\r\n\x1a\n" and len(picture) > 20_000
