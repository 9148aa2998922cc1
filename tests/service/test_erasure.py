"""After a case of an encrypted store is erased, no endpoint gives anything it said."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

import orjson
import pytest

from domain.access import Role, new_token, token_hash
from domain.keys import StoreKey, new_key
from domain.store import postgres_store
from events.instructions import read_instruction
from projections.runner import catch_up, create_views, open_views
from storage.access import access_store
from storage.opening import open_timeline
from storage.postgres import drop_schema
from tests.conftest import postgres_url
from tests.service.conftest import SEED, Served, serving
from tests.service.test_stream import events

NAME, PLACE, TEXT = "Zoltarnikova Quixbel", "Vrellograd-Ost", "Sheltered by Pomfrex"
PLANTED = [NAME, PLACE, "Pomfrex"]
READS = ["/", "/cases", "/timeline", "/summary?format=json", "/summary?format=text",
         "/summary?format=markdown", "/replay", "/audit", "/events/amur-2009-group:2",
         *(f"/export?format={f}" for f in ("html", "timelinejs", "csv", "markdown", "jsonl"))]  # fmt: skip


KEY = StoreKey("k", new_key())


@pytest.fixture(params=["sqlite", "postgres"])
def erased(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    location = (str(tmp_path_factory.mktemp("served") / "timeline.db")
                if request.param == "sqlite" else postgres_url())  # fmt: skip
    app = open_timeline(location, create=True, key=KEY)
    create_views(app)
    lines = [orjson.loads(line) for line in SEED.read_bytes().splitlines() if line.strip()]
    lines += [{"kind": "case_opened", "case": "planted", "title": f"The family of {NAME}"},
              {"kind": "observation", "case": "planted", "date": "2009", "place": PLACE,
               "text": TEXT, "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}]  # fmt: skip
    app.carry_out([read_instruction(line) for line in lines])
    token = new_token()
    access_store(app).add_user("ana", Role.admin, token_hash(token))
    for url in serving(app):
        yield Served(url, app, access_store(app), {"ana": token}, location)
    app.close()
    if request.param == "postgres":
        drop_schema(postgres_store(location))


KEPT = ["/cases/amur-2009-group", "/timeline?case=amur-2009-group",
        *(f"/summary?case=amur-2009-group&format={f}" for f in ("json", "text", "markdown")),
        "/replay?case=amur-2009-group", "/events/amur-2009-group:2",
        *(f"/export?case=amur-2009-group&format={f}"
          for f in ("html", "timelinejs", "csv", "markdown", "jsonl"))]  # fmt: skip


def test_every_other_case_reads_byte_for_byte_as_before_an_erasure(erased: Served) -> None:
    with erased.client("ana") as client:
        before = [client.get(path) for path in KEPT]
        erased.timeline.erase("planted", "request of the people concerned")
        after = [client.get(path) for path in KEPT]
    assert all(r.status_code == 200 and r.content for r in before), [r.text for r in before]
    assert [r.content for r in after] == [r.content for r in before]


def erase_in_another_process(served: Served) -> None:
    """Erase `planted` as `timeline case erase` does, with an application of its own: the
    server's keeps the case's key it read before."""
    other = open_timeline(served.location, key=KEY)
    other.erase("planted", "request of the people concerned")
    catch_up(other, open_views(other))
    other.close()


@pytest.mark.parametrize("another_process", [False, True], ids=["erased here", "elsewhere"])
def test_no_endpoint_gives_anything_an_erased_case_said(
    erased: Served, another_process: bool
) -> None:
    with erased.client("ana") as client:
        before = "".join(client.get(path).text for path in READS)
        if another_process:
            erase_in_another_process(erased)
        else:
            erased.timeline.erase("planted", "request of the people concerned")
        after = [client.get(path) for path in READS]
        assert all(r.status_code == 200 for r in after), [r.text for r in after]
        with client.stream("GET", "/events/stream") as response:
            streamed = orjson.dumps([d for _, d in islice(events(response), 36)]).decode()
        gone = client.get("/cases/planted")
    seen = "".join(r.text for r in after) + streamed
    assert all(text in before for text in PLANTED)  # the search can find them
    assert [text for text in PLANTED if text in seen] == []
    assert (gone.status_code, gone.json()["title"]) == (410, "Gone")
