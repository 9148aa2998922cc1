"""Over HTTP as on the command line: a case stored with control characters is served with
their pictures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.planted import plant
from tests.service.conftest import Served


@pytest.fixture(scope="module")
def planted(served: Served) -> Iterator[Served]:
    plant(served.location)
    yield served


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
