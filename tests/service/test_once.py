"""Writes over HTTP under an `Idempotency-Key`: a retry with the same key and body is
answered as the first time and records nothing again; the key with another body is a 422."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from tests.service.conftest import Served

SOURCES = [{"outlet": "Kyodo", "published": "2009-12-23"}]
FACT = {"kind": "observation", "date": "2009-12", "text": "Seen", "sources": SOURCES}

# each write names the case it opens first (a case of its own for each backend's store)
WRITES: dict[str, tuple[str, Any]] = {
    "open a case": ("/cases", {"case": "{slug}-b", "title": "t"}),
    "record an event": ("/cases/{slug}/events", FACT),
    "correct": ("/events/{slug}:2/corrections", {"changes": {"date": "2009"}, "reason": "r"}),
    "cite": ("/events/{slug}:2/citations", {"sources": SOURCES}),
    "dispute": ("/events/{slug}:2/disputes", {"values": {"people": 3}, "sources": SOURCES}),
    "retract": ("/events/{slug}:2/retractions", {"reason": "a duplicate"}),
    "import": ("/import", [{**FACT, "case": "{slug}"}, {**FACT, "case": "{slug}"}]),
}


def case_with_an_event(served: Served, slug: str) -> None:
    with served.client("eva") as client:
        assert client.post("/cases", json={"case": slug, "title": "t"}).status_code == 201
        assert client.post(f"/cases/{slug}/events", json=FACT).status_code == 201


def post(served: Served, who: str, path: str, body: Any, key: str) -> Any:
    if isinstance(body, list):  # an import: JSON Lines
        content = b"".join(orjson.dumps(line) + b"\n" for line in body)
    else:
        content = orjson.dumps(body)
    with served.client(who) as client:
        return client.post(path, content=content, headers={"Idempotency-Key": key})


def positions(served: Served) -> int:
    return served.timeline.recorder.max_notification_id() or 0


def filled(template: Any, slug: str) -> Any:
    return orjson.loads(orjson.dumps(template).replace(b"{slug}", slug.encode()))


@pytest.mark.parametrize("write", list(WRITES))
def test_a_write_retried_under_its_key_is_answered_as_the_first_time_and_records_nothing(
    served: Served, write: str
) -> None:
    slug = "once-" + write.replace(" ", "-")
    case_with_an_event(served, slug)
    path, body = (filled(part, slug) for part in WRITES[write])
    first = post(served, "eva", path, body, f"{slug}-1")
    recorded = positions(served)
    again = post(served, "eva", path, body, f"{slug}-1")
    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert first.status_code == 201
    assert positions(served) == recorded


def test_a_key_given_again_with_another_body_is_a_422_problem_and_records_nothing(
    served: Served,
) -> None:
    case_with_an_event(served, "once-reused")
    post(served, "eva", "/cases/once-reused/events", FACT, "once-reused-1")
    recorded = positions(served)
    other = post(served, "eva", "/cases/once-reused/events", {**FACT, "text": "Other"},
                 "once-reused-1")  # fmt: skip
    assert (other.status_code, other.headers["content-type"]) == (422, "application/problem+json")
    assert "idempotency key 'once-reused-1' was used for another request" in other.text
    assert positions(served) == recorded


def test_another_accounts_same_key_is_another_write(served: Served) -> None:
    case_with_an_event(served, "once-accounts")
    recorded = positions(served)
    eva = post(served, "eva", "/cases/once-accounts/events", FACT, "shared")
    olga = post(served, "olga", "/cases/once-accounts/events", FACT, "shared")
    again = post(served, "eva", "/cases/once-accounts/events", FACT, "shared")
    assert [eva.json()["id"], olga.json()["id"], again.json()["id"]] == [
        "once-accounts:3", "once-accounts:4", "once-accounts:3"
    ]  # fmt: skip
    assert positions(served) == recorded + 2


def test_writes_under_one_key_at_once_record_it_once_and_all_get_its_answer(
    served: Served,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    case_with_an_event(served, "once-together")
    recorded = positions(served)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(
            lambda _: post(served, "eva", "/cases/once-together/events", FACT, "together"),
            range(8),
        ))  # fmt: skip
    assert {(a.status_code, a.text) for a in answers} == {(201, answers[0].text)}
    assert positions(served) == recorded + 1


BAD_KEYS = ["", "a key with spaces", "ключ", "k" * 256]


@pytest.mark.parametrize(
    ("n", "key"), list(enumerate(BAD_KEYS)), ids=["empty", "spaces", "utf-8", "256"]
)
def test_a_key_that_is_not_one_is_a_400_problem(served: Served, n: int, key: str) -> None:
    case_with_an_event(served, f"once-bad-{n}")
    recorded = positions(served)
    with served.client("eva") as client:
        response = client.post(
            f"/cases/once-bad-{n}/events", json=FACT,
            headers={"Idempotency-Key": key.encode()},  # type: ignore[dict-item]
        )  # fmt: skip
    assert (response.status_code, response.headers["content-type"]) == (
        400, "application/problem+json"
    )  # fmt: skip
    assert positions(served) == recorded
