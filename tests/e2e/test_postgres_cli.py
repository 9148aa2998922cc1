"""PostgreSQL as a user meets it: store URLs, connection errors, and moving a store."""

from __future__ import annotations

import orjson

from storage.location import postgres_store
from storage.postgres import drop_schema
from tests.conftest import postgres_url
from tests.e2e.conftest import Cli

IN_PROCESS = True


def without_positions(replayed: str) -> list[dict[str, object]]:
    return [{k: v for k, v in e.items() if k != "position"} for e in orjson.loads(replayed)]


def test_a_store_copied_sqlite_to_postgres_to_sqlite_replays_and_tells_the_same(
    sqlite_cli: Cli,
) -> None:
    sqlite_cli.ok("demo", "--store", sqlite_cli.store)
    sqlite_cli.ok("correct", "amur-2009-group:2", "--date", "2008/2009", "--reason", "r")
    sqlite_cli.ok("retract", "amur-2009-group:3", "--reason", "r")
    team = postgres_url()
    back = str(sqlite_cli.cwd / "back.db")
    try:
        there = sqlite_cli.ok("store", "copy", "--from", sqlite_cli.store, "--to", team, "--json")
        again = sqlite_cli.ok("store", "copy", "--from", team, "--to", back, "--json")
        assert there.json() == again.json() and there.json()["events"] == 35
        for store in (team, back):
            replayed = sqlite_cli.ok("replay", "--json", "--store", store).out
            assert without_positions(replayed) == without_positions(
                sqlite_cli.ok("replay", "--json").out
            )
            assert sqlite_cli.ok("summary", "--store", store).out == sqlite_cli.ok("summary").out
            assert (
                sqlite_cli.ok("show", "--json", "--store", store).out
                == sqlite_cli.ok("show", "--json").out
            )
    finally:
        drop_schema(postgres_store(team))


def test_copy_refuses_a_target_that_holds_events(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("demo", "--store", sqlite_cli.store)
    other = str(sqlite_cli.cwd / "other.db")
    sqlite_cli.ok("demo", "--store", other)
    before = sqlite_cli.dump()
    result = sqlite_cli("store", "copy", "--from", other, "--to", sqlite_cli.store)
    assert result.code == 2 and result.err.count("\n") == 1
    assert "already holds 33 events" in result.err
    assert sqlite_cli.dump() == before


def test_an_unreachable_server_is_one_line_naming_host_and_port_without_the_password(
    sqlite_cli: Cli,
) -> None:
    result = sqlite_cli("show", "--store", "postgresql://ana:s3cret-pw@127.0.0.1:9/test?schema=a")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "host 127.0.0.1, port 9" in result.err and "refused" in result.err.lower()
    assert "s3cret-pw" not in result.err


def test_a_missing_schema_says_how_to_create_the_store(sqlite_cli: Cli) -> None:
    url = postgres_url()
    result = sqlite_cli("case", "list", "--store", url)
    assert result.code == 2 and f"timeline init --store {url}" in result.err


def test_init_creates_the_schema_and_says_so_once(cli: Cli) -> None:
    assert "Created store" in cli.ok("init").out
    assert "Store already exists" in cli.ok("init").out


def test_a_copied_store_keeps_its_accounts_and_its_restricted_cases(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("demo", "--store", sqlite_cli.store)
    token = sqlite_cli.ok("user", "add", "eva", "--role", "editor", "--json").json()["token"]
    sqlite_cli.ok("user", "add", "rui", "--role", "reader")
    sqlite_cli.ok("case", "restrict", "amur-2009-group")
    sqlite_cli.ok("case", "grant", "amur-2009-group", "eva")
    team = postgres_url()
    try:
        copied = sqlite_cli.ok("store", "copy", "--from", sqlite_cli.store, "--to", team, "--json")
        assert (copied.json()["accounts"], copied.json()["restricted"]) == (2, 1)
        users = sqlite_cli.ok("user", "list", "--json", "--store", team).json()
        assert users == sqlite_cli.ok("user", "list", "--json").json()
        assert [u["granted"] for u in users] == [["amur-2009-group"], []]
        from storage.access import access_store
        from storage.opening import open_timeline

        app = open_timeline(team)
        assert access_store(app).policy(token) is not None  # the same token works there
        assert access_store(app).restricted() == {"amur-2009-group"}
        app.close()
    finally:
        drop_schema(postgres_store(team))
