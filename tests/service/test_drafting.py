"""POST /drafts: an article's drafts for an editor, nothing recorded."""

from __future__ import annotations

from tests.service.conftest import Served

ARTICLE = "MOSCOW, Dec. 23 Kyodo - Police detained three North Korean workers in Moscow last week."
ASKED = {"text": ARTICLE, "published": "2009-12-23", "outlet": "Kyodo", "case": "moscow-2009"}


def test_an_editor_gets_the_drafts_and_nothing_is_recorded(served: Served) -> None:
    before = served.timeline.recorder.max_notification_id()
    with served.client("eva") as client:
        response = client.post("/drafts", json=ASKED)
    assert response.status_code == 200
    (line,) = response.json()
    assert (line["kind"], line["date"], line["people"]) == ("detained", "2009-12-14/2009-12-20", 3)
    assert line["sources"][0]["quote"] in ARTICLE
    assert served.timeline.recorder.max_notification_id() == before


def test_a_reader_may_not_draft(served: Served) -> None:
    with served.client("rui") as client:
        assert client.post("/drafts", json=ASKED).status_code == 403


def test_a_bad_publication_day_is_a_problem_naming_it(served: Served) -> None:
    with served.client("eva") as client:
        response = client.post("/drafts", json={**ASKED, "published": "December"})
    assert response.status_code == 400 and "published" in response.json()["detail"]
