"""/events/stream: the recorded history, then each new event, as server-sent events."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

import httpx
import orjson

from tests.service.conftest import RESTRICTED, Served


def events(response: httpx.Response) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each event's id and data, as a browser's EventSource would see them."""
    fields: dict[str, str] = {}
    for line in response.iter_lines():
        if line:
            name, _, value = line.partition(": ")
            fields[name] = value
        elif "data" in fields:
            yield int(fields["id"]), orjson.loads(fields["data"])
            fields = {}


def test_the_stream_replays_what_the_account_sees(served: Served) -> None:
    with served.client("rui") as client:
        replayed = client.get("/replay").json()
        with client.stream("GET", "/events/stream") as response:
            streamed = [data for _, data in islice(events(response), len(replayed))]
    assert streamed == replayed
    assert all(not e["id"].startswith(RESTRICTED) for e in streamed)


def test_the_stream_resumes_after_the_last_event_id_and_follows_new_events(
    served: Served,
) -> None:
    with served.client("ana") as client:
        last = client.get("/replay", params={"limit": 10_000}).json()[-1]["position"]
        headers = {"Last-Event-ID": str(last)}
        with client.stream("GET", "/events/stream", headers=headers) as response:
            with served.client("eva") as writer:
                opened = writer.post("/cases", json={"case": "streamed", "title": "T"}).json()
            position, data = next(events(response))
    assert (position, data) == (opened["position"], opened)


def test_the_stream_of_a_revoked_account_ends(served: Served) -> None:
    from domain.access import Role, new_token, token_hash

    served.tokens["leaver"] = new_token()
    served.access.add_user("leaver", Role.reader, token_hash(served.tokens["leaver"]))
    with served.client("leaver") as client:
        last = client.get("/replay", params={"limit": 10_000}).json()[-1]["position"]
        headers = {"Last-Event-ID": str(last)}
        with client.stream("GET", "/events/stream", headers=headers) as response:
            served.access.revoke("leaver")
            assert list(events(response)) == []
