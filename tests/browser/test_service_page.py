"""The service's page at /: it asks for a token, then draws what that account may see."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Watched
from tests.service.conftest import RESTRICTED, Served, served_on


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from served_on("sqlite", tmp_path_factory)


def signed_in(page: Page, served: Served, who: str) -> Watched:
    watched = Watched(page)
    page.goto(served.url + "/")
    page.fill("#token", served.tokens[who])
    page.click("button")
    return watched


def test_the_page_draws_every_event_the_account_sees(page: Page, served: Served) -> None:
    watched = signed_in(page, served, "rui")
    page.wait_for_selector(".m")
    with served.client("rui") as client:
        seen = client.get("/timeline").json()
    assert page.locator(".m").count() == len(seen)
    assert RESTRICTED not in page.content()
    assert watched.errors == []


def test_a_wrong_token_is_told_and_nothing_is_drawn(page: Page, served: Served) -> None:
    served.tokens["nobody"] = "not-a-token-of-this-store"
    signed_in(page, served, "nobody")
    page.wait_for_selector("#error:not(:empty)")
    assert "not valid" in page.inner_text("#error")
    assert page.locator(".m").count() == 0
