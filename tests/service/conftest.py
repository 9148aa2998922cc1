"""A real server on 127.0.0.1 for each test module and backend (SQLite, PostgreSQL).

The store holds the seed case, with `amur-2009-group` restricted and granted to the
editor `eva`; `rui` reads, `ana` administers, `olga` edits without the grant.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from domain.access import Role, new_token, token_hash
from domain.application import Timeline
from events.instructions import read_instruction
from service.app import create_app
from storage.access import AccessStore, access_store
from storage.location import postgres_store
from storage.postgres import drop_schema
from tests.conftest import new_store, postgres_url

RESTRICTED = "amur-2009-group"
ACCOUNTS = {"ana": Role.admin, "eva": Role.editor, "olga": Role.editor, "rui": Role.reader}
MAX_BODY = 256 * 1024
SEED = Path(__file__).parent.parent.parent / "events" / "seeds" / "kyodo-2009-12-23.jsonl"


@dataclass
class Served:
    url: str
    timeline: Timeline
    access: AccessStore
    tokens: dict[str, str]
    location: str = ""
    """Where the store is: a SQLite file, or a PostgreSQL URL."""

    def client(self, name: str | None = None) -> httpx.Client:
        """A client bearing `name`'s token (none if no name)."""
        headers = {"Authorization": f"Bearer {self.tokens[name]}"} if name else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def seeded(app: Timeline) -> dict[str, str]:
    import orjson

    lines = SEED.read_bytes().splitlines()
    app.carry_out([read_instruction(orjson.loads(line)) for line in lines if line.strip()])
    access = access_store(app)
    tokens = {}
    for name, role in ACCOUNTS.items():
        tokens[name] = new_token()
        access.add_user(name, role, token_hash(tokens[name]))
    access.restrict(RESTRICTED)
    access.grant(RESTRICTED, "eva")
    return tokens


def serving(app: Timeline) -> Iterator[str]:
    """uvicorn on a free port of 127.0.0.1, in a thread, until the generator is closed."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(app, max_body=MAX_BODY), log_level="warning", timeout_graceful_shutdown=5
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive(), "the server stopped while starting"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join()
    sock.close()


def served_on(backend: str, folders: pytest.TempPathFactory) -> Iterator[Served]:
    """The seeded store on this backend, served over HTTP until the generator is closed."""
    if backend == "sqlite":
        location = str(folders.mktemp("served") / "timeline.db")
    else:
        location = postgres_url()
    app = new_store(location)
    tokens = seeded(app)
    for url in serving(app):
        yield Served(url, app, access_store(app), tokens, location)
    app.close()
    if backend == "postgres":
        drop_schema(postgres_store(location))


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """The seeded store served over HTTP, for the tests of one module on one backend."""
    yield from served_on(request.param, tmp_path_factory)
