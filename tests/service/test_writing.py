"""Writes over HTTP: each stored by the one application, attributed to its account, all or
nothing, refused as a problem."""

from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest

from storage.codec import recorded_by
from tests.service.conftest import MAX_BODY, Served

SOURCES = [{"outlet": "Kyodo", "published": "2009-12-23"}]


DEEP = b"[" * 1000 + b"]" * 1000
"""Nested deeper than a key given twice can be looked for."""


def fact(**fields: Any) -> dict[str, Any]:
    return {"kind": "observation", "date": "2009-12", "text": "Seen", "sources": SOURCES, **fields}


def opened(served: Served, slug: str) -> None:
    with served.client("eva") as client:
        assert client.post("/cases", json={"case": slug, "title": slug}).status_code == 201


def test_an_event_recorded_is_attributed_to_its_account(served: Served) -> None:
    opened(served, "writes-attributed")
    with served.client("olga") as client:
        response = client.post("/cases/writes-attributed/events", json=fact())
    assert response.status_code == 201
    assert response.json()["id"] == "writes-attributed:2"
    stored = served.timeline.recorder.select_notifications(response.json()["position"], 1)[0]
    assert recorded_by(served.timeline.mapper, stored) == "olga"


def test_the_audit_names_the_account_of_each_write(served: Served) -> None:
    opened(served, "writes-audited")
    with served.client("ana") as client:
        audit = client.get("/audit").json()
    accounts = {e["id"]: e["account"] for e in audit}
    assert accounts["writes-audited:1"] == "eva"
    assert accounts["vladivostok-2004-consulates:1"] is None


def test_a_correction_and_a_retraction_answer_as_replay_shows_them(served: Served) -> None:
    opened(served, "writes-amended")
    with served.client("eva") as client:
        client.post("/cases/writes-amended/events", json=fact())
        corrected = client.post(
            "/events/writes-amended:2/corrections",
            json={"changes": {"date": "2009-11"}, "reason": "a second source"},
        )
        retracted = client.post("/events/writes-amended:2/retractions", json={"reason": "dup"})
        replayed = client.get("/replay", params={"case": "writes-amended"}).json()
    assert [corrected.json(), retracted.json()] == replayed[2:]


def test_an_import_is_stored_whole(served: Served) -> None:
    lines = [{"kind": "case_opened", "case": "writes-imported", "title": "T"},
             fact(case="writes-imported")]  # fmt: skip
    with served.client("eva") as client:
        response = client.post("/import", content=b"\n".join(orjson.dumps(x) for x in lines))
    assert response.status_code == 201
    assert [r["id"] for r in response.json()] == ["writes-imported:1", "writes-imported:2"]


@pytest.mark.parametrize(
    ("third", "status"),
    [
        (b"{not json", 400),
        (orjson.dumps(fact(case="writes-nothing"))[:-1] + b',"text":"Other"}', 400),
        (orjson.dumps(fact(case="writes-nothing"))[:-1] + b',"x":' + DEEP + b"}", 400),
        (orjson.dumps(fact(case="writes-nothing", date="2009-13")), 422),
        (orjson.dumps(fact(case="no-such-case")), 404),
        (orjson.dumps({"kind": "retraction", "event": "writes-nothing:9", "reason": "r"}), 404),
    ],
)
def test_an_import_with_a_wrong_line_stores_nothing_and_names_the_line(
    served: Served, third: bytes, status: int
) -> None:
    lines = [orjson.dumps({"kind": "case_opened", "case": "writes-nothing", "title": "T"}),
             orjson.dumps(fact(case="writes-nothing")), third]  # fmt: skip
    with served.client("eva") as client:
        response = client.post("/import", content=b"\n".join(lines))
        cases = client.get("/cases").json()
    assert response.status_code == status
    assert response.json()["detail"].startswith("line 3: ")
    assert "writes-nothing" not in [c["slug"] for c in cases]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"[1, 2]", 400),
        (b"", 400),
        (b'{"case": "writes-once", "title": "T", "case": "writes-other"}', 400),
        (b'{"case": "writes-deep", "title": "T\\n", "x": ' + DEEP + b"}", 400),
        (orjson.dumps({"case": "Not A Slug", "title": "T"}), 422),
        (orjson.dumps({"case": "writes-twice", "title": "T"}), 409),
        (b"x" * (MAX_BODY + 1), 413),
    ],
)
def test_a_refused_write_is_a_problem(served: Served, body: bytes, status: int) -> None:
    opened(served, "writes-twice") if status == 409 else None
    with served.client("eva") as client:
        response = client.post("/cases", content=body)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status


def test_a_closed_case_refuses_an_event_with_409(served: Served) -> None:
    lines = [{"kind": "case_opened", "case": "writes-closed", "title": "T"},
             {"kind": "case_closed", "case": "writes-closed", "reason": "done"}]  # fmt: skip
    with served.client("eva") as client:
        client.post("/import", content=b"\n".join(orjson.dumps(x) for x in lines))
        response = client.post("/cases/writes-closed/events", json=fact())
    assert response.status_code == 409
    assert "closed" in response.json()["detail"]


def test_a_revoked_account_is_refused_at_once(served: Served) -> None:
    from domain.access import Role, new_token, token_hash

    token = new_token()
    served.access.add_user("writes-leaver", Role.editor, token_hash(token))
    served.tokens["writes-leaver"] = token
    with served.client("writes-leaver") as client:
        assert client.get("/cases").status_code == 200
        served.access.revoke("writes-leaver")
        assert client.get("/cases").status_code == 401


def test_an_unexpected_failure_is_a_500_problem_that_names_no_code(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal detail at line 42")

    monkeypatch.setattr(served.timeline, "carry_out", broken)
    with served.client("eva") as client:
        response = client.post("/cases", json={"case": "writes-broken", "title": "T"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "internal detail" not in response.text


def test_writers_at_once_each_have_every_event_stored(served: Served) -> None:
    from concurrent.futures import ThreadPoolExecutor

    opened(served, "writes-together")

    def write(n: int) -> int:
        with served.client("eva" if n % 2 else "olga") as client:
            response = client.post("/cases/writes-together/events", json=fact(text=f"{n}"))
        return response.status_code

    with ThreadPoolExecutor(4) as pool:
        statuses = list(pool.map(write, range(24)))
    with served.client("ana") as client:
        texts = [e["text"] for e in client.get("/timeline?case=writes-together").json()]
    assert statuses == [201] * 24
    assert sorted(texts, key=int) == [str(n) for n in range(24)]


def test_as_many_writers_of_one_case_as_the_server_has_threads_are_each_answered(
    served: Served,
) -> None:
    """A writer waiting its turn holds none of the connections the writer ahead needs: on
    PostgreSQL eight waiting at once took the pool's five and stood still until it gave up."""
    import threading

    from service.app import STORE_THREADS

    opened(served, "writes-queued")
    statuses: list[int | str] = []
    together = threading.Barrier(STORE_THREADS)

    def write(n: int) -> None:
        with served.client("eva") as client:
            together.wait()
            for i in range(2):
                try:
                    response = client.post(
                        "/cases/writes-queued/events", json=fact(text=f"{n}.{i}")
                    )
                    statuses.append(response.status_code)
                except httpx.HTTPError as error:
                    statuses.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=write, args=(n,)) for n in range(STORE_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with served.client("ana") as client:
        texts = [e["text"] for e in client.get("/timeline?case=writes-queued").json()]
    assert statuses == [201] * 2 * STORE_THREADS
    assert sorted(texts) == sorted(f"{n}.{i}" for n in range(STORE_THREADS) for i in range(2))
