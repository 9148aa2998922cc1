"""Over HTTP as on the command line: a control character in a text is refused, naming the
field, and a case stored with one before is served with its picture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.planted import TITLE, plant
from tests.service.conftest import Served


@pytest.fixture(scope="module")
def planted(served: Served) -> Iterator[Served]:
    plant(served.location)
    yield served


def test_a_case_whose_title_holds_a_control_character_is_refused_naming_the_field(
    served: Served,
) -> None:
    with served.client("eva") as client:
        refused = client.post("/cases", json={"case": "nul-title", "title": TITLE})
        looked = client.get("/cases/nul-title")
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("title: holds the control character U+0000")
    assert looked.status_code == 404


@pytest.mark.parametrize(
    "read", ["/cases", "/cases/planted", "/timeline", "/replay", "/summary", "/export?format=jsonl"]
)
def test_a_case_stored_with_control_characters_before_is_served_with_their_pictures(
    planted: Served, read: str
) -> None:
    with planted.client("ana") as client:
        response = client.get(read)
    assert response.status_code == 200
    assert "Bad␀title" in response.text or "Held␀ at the border" in response.text
    assert "\\u0000" not in response.text and "\x00" not in response.text
