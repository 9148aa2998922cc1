"""A case opened restricted over HTTP: no byte of it reaches an account without its grant,
on any route, the stream included, and a write naming it is answered as for a case that
was never opened."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import orjson
import pytest

from events.instructions import OpenCase
from tests.service.conftest import RESTRICTED, Served

_numbers = itertools.count()
QUIET = 8


def fresh(name: str) -> str:
    """A slug no other test of the module (which shares one store) uses."""
    return f"{name}-{next(_numbers)}"


def stream_until(response: httpx.Response, slug: str) -> str:
    """Everything the stream sends until the opening of case `slug`, as text; a stream that
    keeps quiet for `QUIET` keep-alives (minutes) without it fails."""
    received = []
    for line in response.iter_lines():
        received.append(line)
        if line.startswith("data: ") and orjson.loads(line[6:]).get("id") == f"{slug}:1":
            return "\n".join(received)
        if received.count(": keep-alive") > QUIET:
            break
    raise AssertionError(f"the stream never sent the opening of {slug}")


def last_position(served: Served) -> int:
    with served.client("ana") as client:
        return int(client.get("/replay", params={"limit": 10_000}).json()[-1]["position"])


def test_a_case_opened_restricted_is_seen_by_its_grantees_and_admins_alone(
    served: Served,
) -> None:
    slug = fresh("hidden")
    body = {"case": slug, "title": "Sheltered", "restricted": True, "grants": ["eva"]}
    with served.client("olga") as client:
        opened = client.post("/cases", json=body)
    assert opened.status_code == 201, opened.text
    assert (opened.json()["restricted"], opened.json()["grants"]) == (True, ["eva", "olga"])
    seen = {}
    for who in ("ana", "eva", "olga", "rui"):
        with served.client(who) as client:
            seen[who] = client.get(f"/cases/{slug}").status_code
    assert seen == {"ana": 200, "eva": 200, "olga": 200, "rui": 404}


def test_a_grant_to_no_account_opens_nothing(served: Served) -> None:
    slug = fresh("hidden")
    body = {"case": slug, "title": "Sheltered", "grants": ["nobody"]}
    with served.client("eva") as client:
        refused = client.post("/cases", json=body)
    assert refused.status_code == 404
    assert refused.json()["detail"].startswith("no account 'nobody'")
    assert not served.timeline.has_case(slug)


def test_a_store_restricting_new_cases_restricts_a_case_opened_without_saying(
    served: Served,
) -> None:
    slug = fresh("unsaid")
    served.access.restrict_new_cases(True)
    try:
        with served.client("eva") as client:
            assert client.post("/cases", json={"case": slug, "title": "T"}).status_code == 201
    finally:
        served.access.restrict_new_cases(False)
    with served.client("rui") as client:
        assert client.get(f"/cases/{slug}").status_code == 404


def test_a_reader_connected_before_ten_restricted_cases_are_opened_receives_none_of_them(
    served: Served,
) -> None:
    hidden = [fresh("hidden") for _ in range(10)]
    marker = fresh("after-them")
    titles = [f"Family {n} in hiding at Zoltarnikova" for n in range(10)]
    headers = {"Last-Event-ID": str(last_position(served))}
    with (
        served.client("rui") as reader,
        reader.stream("GET", "/events/stream", headers=headers) as response,
    ):
        with served.client("eva") as writer:
            for slug, title in zip(hidden, titles, strict=True):
                opening = {"case": slug, "title": title, "restricted": True}
                assert writer.post("/cases", json=opening).status_code == 201
                fact = {"kind": "observation", "date": "2009-12", "text": f"{title}, seen",
                        "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip
                assert writer.post(f"/cases/{slug}/events", json=fact).status_code == 201
            writer.post("/cases", json={"case": marker, "title": "Seen by all"})
        received = stream_until(response, marker)
    assert not [s for s in [*hidden, *titles, "Zoltarnikova"] if s in received]


def test_a_stream_never_shows_a_case_by_a_policy_read_before_it_was_opened_restricted(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stream's account may read its policy just before a restricted case is opened:
    that policy, which does not know the case, must never be given its events."""
    import service.stream
    from domain.access import Role, new_token, token_hash

    reader, slug, marker = fresh("reader"), fresh("hidden"), fresh("after-it")
    served.tokens[reader] = new_token()
    served.access.add_user(reader, Role.reader, token_hash(served.tokens[reader]))
    headers = {"Last-Event-ID": str(last_position(served))}
    read_policy = service.stream.policy_of

    def then_open(held: Any, token: str) -> Any:
        policy = read_policy(held, token)
        if token == served.tokens[reader] and not served.timeline.has_case(slug):
            # right after this stream's first policy is read, the case is opened
            served.timeline.carry_out([OpenCase(case=slug, title="Zoltarnikova", restricted=True),
                                       OpenCase(case=marker, title="Seen by all")])  # fmt: skip
        return policy

    monkeypatch.setattr(service.stream, "policy_of", then_open)
    with (
        served.client(reader) as client,
        client.stream("GET", "/events/stream", headers=headers) as response,
    ):
        received = stream_until(response, marker)
    assert served.timeline.has_case(slug)
    assert slug not in received and "Zoltarnikova" not in received


@pytest.fixture
def opened_while_read(served: Served, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The title of a case opened restricted while GET /cases is served, once: after the
    request's policy is read, before the route reads the record."""
    import service.cases

    slug, title = fresh("hidden"), f"Zoltarnikova family {next(_numbers)}"
    moment: Callable[..., Any] = service.cases.known  # the route's first call

    def opening_first(*args: Any) -> Any:
        if not served.timeline.has_case(slug):
            served.timeline.carry_out([OpenCase(case=slug, title=title, restricted=True)])
        return moment(*args)

    monkeypatch.setattr(service.cases, "known", opening_first)
    yield title


def test_a_read_meeting_a_case_opened_restricted_meanwhile_gives_nothing_of_it(
    served: Served, opened_while_read: str
) -> None:
    with served.client("rui") as client:
        during, after = client.get("/cases"), client.get("/cases")
    assert opened_while_read not in during.text
    assert during.status_code == 503 and during.headers["Retry-After"] == "1"
    assert after.status_code == 200 and opened_while_read not in after.text


def test_an_import_naming_a_case_it_may_not_see_is_answered_as_for_a_case_never_opened(
    served: Served,
) -> None:
    """The first line is refused either way (its case exists); the second names a case
    this account may not see, or one never opened: the answers must be the same."""
    again = {"kind": "case_opened", "case": "vladivostok-2004-consulates", "title": "Again"}

    def imported(case: str) -> httpx.Response:
        fact = {"kind": "observation", "case": case, "date": "2009-12", "text": "Seen",
                "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip
        body = b"\n".join(orjson.dumps(line) for line in (again, fact))
        with served.client("olga") as client:
            return client.post("/import", content=body)

    hidden, never = imported(RESTRICTED), imported("never-opened")
    assert (hidden.status_code, hidden.json()) == (never.status_code, never.json())
    assert hidden.json()["detail"].startswith("line 1: ")
