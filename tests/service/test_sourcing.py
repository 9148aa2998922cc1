"""Citations and disputes over HTTP: recorded as the command line records them, answered as
`replay --json` shows them, refused as one problem with nothing stored."""

from __future__ import annotations

from typing import Any

import pytest

from service.amending import (
    CitationRecorded,
    CorrectionRecorded,
    DisputeRecorded,
    RetractionRecorded,
)
from tests.service.conftest import Served
from tests.service.test_writing import fact, opened

YONHAP = [{"outlet": "Yonhap", "published": "2010-01-05", "grade": "B2"}]


def with_event(served: Served, slug: str) -> str:
    """A new case holding one observation of 2009-12 about two people; its id."""
    opened(served, slug)
    with served.client("eva") as client:
        response = client.post(f"/cases/{slug}/events", json=fact(people=2))
    return str(response.json()["id"])


def test_a_citation_is_recorded_and_answers_as_replay_shows_it(served: Served) -> None:
    event = with_event(served, "sourcing-cited")
    with served.client("eva") as client:
        cited = client.post(f"/events/{event}/citations", json={"sources": YONHAP, "note": "n"})
        replayed = client.get("/replay", params={"case": "sourcing-cited"}).json()
        (entry,) = client.get("/timeline", params={"case": "sourcing-cited"}).json()
    assert cited.status_code == 201 and cited.json() == replayed[-1]
    assert CitationRecorded.model_validate(cited.json()).event == event
    assert [c["sources"][0]["outlet"] for c in entry["citations"]] == ["Yonhap"]


def test_a_dispute_is_held_beside_the_event_which_keeps_its_value(served: Served) -> None:
    event = with_event(served, "sourcing-disputed")
    with served.client("olga") as client:
        disputed = client.post(
            f"/events/{event}/disputes", json={"values": {"people": 3}, "sources": YONHAP}
        )
        (entry,) = client.get("/timeline", params={"case": "sourcing-disputed"}).json()
    assert disputed.status_code == 201
    assert DisputeRecorded.model_validate(disputed.json()).values == {"people": 3}
    assert entry["people"] == 2 and entry["disputed"] is True


def test_corrections_and_retractions_answer_as_their_models_say(served: Served) -> None:
    event = with_event(served, "sourcing-amended")
    with served.client("eva") as client:
        corrected = client.post(
            f"/events/{event}/corrections", json={"changes": {"people": 3}, "reason": "recount"}
        )
        retracted = client.post(f"/events/{event}/retractions", json={"reason": "duplicate"})
    assert CorrectionRecorded.model_validate(corrected.json()).changes == {"people": 3}
    assert RetractionRecorded.model_validate(retracted.json()).reason == "duplicate"


REFUSALS: list[tuple[str, str, dict[str, Any], int, str]] = [
    ("citations", ":9", {"sources": YONHAP}, 404, "no dated event"),
    ("disputes", ":9", {"values": {"people": 3}, "sources": YONHAP}, 404, "no dated event"),
    ("citations", "", {"sources": []}, 422, "sources"),
    ("citations", "", {"sources": [{**YONHAP[0], "grade": "B7"}]}, 422, "credibility 1-6"),
    ("disputes", "", {"values": {"height": 3}, "sources": YONHAP}, 409, "height: no such field"),
    ("disputes", "", {"values": {"people": "many"}, "sources": YONHAP}, 409, "people"),
    ("disputes", "", {"values": {}, "sources": YONHAP}, 422, "values"),
    ("disputes", "", {"values": {"people": 3}}, 422, "sources"),
]


@pytest.mark.parametrize(("route", "event", "body", "status", "says"), REFUSALS)
def test_a_refused_citation_or_dispute_is_one_problem_and_stores_nothing(
    served: Served, route: str, event: str, body: dict[str, Any], status: int, says: str
) -> None:
    slug = f"sourcing-refused-{REFUSALS.index((route, event, body, status, says))}"
    target = with_event(served, slug).removesuffix(":2") + (event or ":2")
    with served.client("eva") as client:
        before = client.get("/replay", params={"case": slug}).json()
        response = client.post(f"/events/{target}/{route}", json=body)
        after = client.get("/replay", params={"case": slug}).json()
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert says in detail and "\n" not in detail
    assert after == before


@pytest.mark.parametrize("route", ["citations", "disputes"])
def test_a_retracted_event_cannot_be_cited_or_disputed(served: Served, route: str) -> None:
    event = with_event(served, f"sourcing-retracted-{route}")
    body = {"values": {"people": 3}, "sources": YONHAP} if route == "disputes" else {
        "sources": YONHAP}  # fmt: skip
    with served.client("eva") as client:
        client.post(f"/events/{event}/retractions", json={"reason": "duplicate"})
        response = client.post(f"/events/{event}/{route}", json=body)
    assert response.status_code == 409
    assert response.json()["detail"] == f"event {event!r} is already retracted"


def test_a_citation_is_corrected_and_retracted_and_its_event_detail_tells_both(
    served: Served,
) -> None:
    event = with_event(served, "sourcing-cite-amended")
    with served.client("eva") as client:
        cited = client.post(f"/events/{event}/citations", json={"sources": YONHAP, "note": "n"})
        citation = cited.json()["id"]
        corrected = client.post(f"/events/{citation}/corrections",
                                json={"changes": {"grade": "C3", "note": "names them"},
                                      "reason": "regraded"})  # fmt: skip
        retracted = client.post(f"/events/{citation}/retractions", json={"reason": "misread"})
        again = client.post(f"/events/{citation}/retractions", json={"reason": "misread"})
        detail = client.get(f"/events/{event}").json()
        replayed = client.get("/replay", params={"case": "sourcing-cite-amended"}).json()
    assert corrected.status_code == 201 and corrected.json() == replayed[-2]
    assert CorrectionRecorded.model_validate(corrected.json()).event == citation
    assert RetractionRecorded.model_validate(retracted.json()).event == citation
    assert again.status_code == 409 and "already retracted" in again.json()["detail"]
    (told,) = detail["entry"]["citations"]
    assert (told["sources"][0]["grade"], told["note"], told["retracted"]) == (
        "C3", "names them", True,
    )  # fmt: skip
    assert [(h["kind"], h.get("event")) for h in detail["history"]] == [
        ("observation", None), ("citation", event), ("correction", citation),
        ("retraction", citation),
    ]  # fmt: skip


def test_a_retracted_dispute_no_longer_marks_the_event_disputed(served: Served) -> None:
    event = with_event(served, "sourcing-dispute-retracted")
    with served.client("eva") as client:
        disputed = client.post(
            f"/events/{event}/disputes", json={"values": {"people": 3}, "sources": YONHAP}
        ).json()["id"]
        wrong = client.post(f"/events/{disputed}/corrections",
                            json={"changes": {"people": "three"}, "reason": "r"})  # fmt: skip
        client.post(f"/events/{disputed}/retractions", json={"reason": "misread"})
        (entry,) = client.get("/timeline", params={"case": "sourcing-dispute-retracted"}).json()
    assert wrong.status_code == 409 and "people" in wrong.json()["detail"]
    assert entry["disputed"] is False and entry["disputes"][0]["retracted"] is True
