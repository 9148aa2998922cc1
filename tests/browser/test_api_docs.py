"""The service's API documentation at /docs, drawn with nothing fetched from elsewhere:
a team's server on a closed network shows it, and no reader's visit is told to a third
party."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Watched
from tests.service.conftest import Served, served_on


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from served_on("sqlite", tmp_path_factory)


def test_the_api_documentation_is_drawn_from_this_server_alone(page: Page, served: Served) -> None:
    watched = Watched(page)
    elsewhere: list[str] = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(served.url)
            else (elsewhere.append(route.request.url), route.abort())
        ),
    )
    page.goto(served.url + "/docs")
    page.get_by_text("/cases/{slug}", exact=True).first.wait_for()
    assert elsewhere == []
    assert len(watched.requests) >= 3  # the page, Swagger UI's script and style, the schema
    assert all(url.startswith(served.url) for url in watched.requests)
    assert watched.errors == []
    page.get_by_text("POST", exact=True).first.wait_for()
