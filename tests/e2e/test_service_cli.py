"""`timeline user`, `timeline case restrict|grant` and `timeline serve`, as a user runs them."""

from __future__ import annotations

import contextlib
import hashlib
import subprocess
from collections.abc import Generator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import TIMELINE, Cli, amur_case, serving

# A write waits its turn behind the others of its case, and on a loaded two-core machine
# the last of eight can wait past httpx's 5 s default. These tests are about what is
# answered, not how fast (times belong to `make bench`).
WAIT = httpx.Timeout(120.0)


def test_an_account_added_gets_a_token_the_store_keeps_only_hashed(amur: Cli) -> None:
    added = amur.ok("user", "add", "ana", "--role", "editor", "--json").json()
    assert (added["name"], added["role"]) == ("ana", "editor")
    stored = "\n".join(amur.dump())
    assert added["token"] not in stored
    assert hashlib.sha256(added["token"].encode()).hexdigest() in stored


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("user", "add", "ana", "--role", "reader"), 1, "account 'ana' already exists"),
        (("user", "add", "Ana Maria", "--role", "reader"), 2, "account name 'Ana Maria'"),
        (("user", "add", "bo", "--role", "owner"), 2, "owner"),
        (("user", "revoke", "nobody"), 1, "no account 'nobody'"),
        (("case", "restrict", "no-such-case"), 1, "no case 'no-such-case'"),
        (("case", "grant", "amur-2009-group", "nobody"), 1, "no account 'nobody'"),
    ],
)
def test_refused_changes_to_accounts_say_why(
    amur: Cli, args: tuple[str, ...], code: int, says: str
) -> None:
    amur.ok("user", "add", "ana", "--role", "editor")
    result = amur(*args)
    assert result.code == code
    assert says in result.err


def test_serve_refuses_an_address_other_machines_reach(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("init")
    result = sqlite_cli("serve", "--host", "0.0.0.0")
    assert result.code == 2
    assert "--allow-remote" in result.err


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--port", "99999"), "99999 is not in the range 0 to 65535"),
        (("--host", "nosuchhost.invalid"), "--host nosuchhost.invalid: no such address"),
        (("--host", "192.0.2.1", "--allow-remote"), "cannot listen on 192.0.2.1:8080"),
    ],
)
def test_serve_refuses_an_address_it_cannot_listen_on_in_one_line(
    sqlite_cli: Cli, args: tuple[str, ...], says: str
) -> None:
    sqlite_cli.ok("init")
    result = sqlite_cli("serve", *args)
    assert (result.code, result.err.count("\n")) == (2, 1)
    assert says in result.err and "Traceback" not in result.err


def test_serve_on_a_port_another_program_holds_says_so(sqlite_cli: Cli) -> None:
    import socket

    sqlite_cli.ok("init")
    with socket.create_server(("127.0.0.1", 0)) as held:
        port = held.getsockname()[1]
        result = sqlite_cli("serve", "--port", str(port))
    assert (result.code, result.err.count("\n")) == (2, 1)
    assert f"cannot listen on 127.0.0.1:{port}" in result.err
    assert "another program holds it" in result.err


def test_serve_help_says_how_to_put_it_behind_tls(sqlite_cli: Cli) -> None:
    assert "TLS-terminating" in sqlite_cli.ok("serve", "--help").out


@pytest.fixture
def served_amur(amur: Cli) -> Iterator[tuple[str, dict[str, str]]]:
    """`timeline serve` on a free port, with a reader who was not granted the case."""
    yield from served(amur, workers=1)


def served(amur: Cli, *, workers: int) -> Generator[tuple[str, dict[str, str]], None, None]:
    tokens = {
        name: amur.ok("user", "add", name, "--role", role, "--json").json()["token"]
        for name, role in [("rui", "reader"), ("eva", "editor")]
    }
    amur.ok("case", "restrict", "amur-2009-group")
    amur.ok("case", "grant", "amur-2009-group", "eva")
    with serving("--store", amur.store, cwd=amur.cwd, workers=workers) as url:
        yield url, tokens


def test_a_served_restricted_case_is_seen_by_its_grantee_alone(
    served_amur: tuple[str, dict[str, str]],
) -> None:
    url, tokens = served_amur
    seen = {}
    for name, token in tokens.items():
        headers = {"Authorization": f"Bearer {token}"}
        seen[name] = httpx.get(
            f"{url}/cases/amur-2009-group", headers=headers, timeout=WAIT
        ).status_code
    assert seen == {"rui": 404, "eva": 200}


def test_a_served_request_without_a_token_is_unauthorized(
    served_amur: tuple[str, dict[str, str]],
) -> None:
    url, _ = served_amur
    response = httpx.get(f"{url}/timeline", timeout=WAIT)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_the_audit_names_who_wrote_through_the_service_and_what_came_from_the_cli(
    amur: Cli, served_amur: tuple[str, dict[str, str]]
) -> None:
    url, tokens = served_amur
    headers = {"Authorization": f"Bearer {tokens['eva']}"}
    line = {"kind": "observation", "date": "2009-12", "text": "Seen in Amur",
            "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip
    response = httpx.post(
        f"{url}/cases/amur-2009-group/events", json=line, headers=headers, timeout=WAIT
    )
    assert response.status_code == 201
    by_eva = amur.ok("audit", "--account", "eva", "--json").json()
    assert [(row["id"], row["kind"]) for row in by_eva] == [(response.json()["id"], "observation")]
    from_cli = amur.ok("audit", "--account", "", "--json").json()
    assert from_cli and all(row["account"] is None for row in from_cli)
    assert "Seen in Amur" not in amur.ok("audit").out
    assert "eva" in amur.ok("audit", "--case", "amur-2009-group").out


def test_a_server_whose_log_outgrows_a_pipe_goes_on_answering(
    served_amur: tuple[str, dict[str, str]],
) -> None:
    """Each request that is not HTTP is a warning on the server's stderr: 2,000 of them
    write more than a pipe holds (64 KiB), and a test that stopped reading it hung it."""
    import socket
    from urllib.parse import urlsplit

    url, tokens = served_amur
    address = urlsplit(url)
    for _ in range(2000):
        with socket.create_connection((address.hostname, address.port), timeout=60) as garbled:
            garbled.sendall(b"\x00 not HTTP\r\n\r\n")
            garbled.recv(1024)  # the server's 400, then it closes
    headers = {"Authorization": f"Bearer {tokens['eva']}"}
    response = httpx.get(f"{url}/cases/amur-2009-group", headers=headers, timeout=WAIT)
    assert response.status_code == 200


def test_serve_refuses_workers_on_an_sqlite_store(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("init")
    result = sqlite_cli("serve", "--workers", "2")
    assert result.code == 2
    assert "PostgreSQL" in result.err


def test_several_workers_serve_one_postgresql_store_and_store_each_write_once(
    postgres_amur: Cli,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with contextlib.closing(served(postgres_amur, workers=3)) as running:
        url, tokens = next(running)
        headers = {"Authorization": f"Bearer {tokens['eva']}"}

        def append(n: int) -> str:
            line = {"kind": "observation", "date": "2009-12", "text": f"Seen {n}",
                    "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip
            with httpx.Client(base_url=url, headers=headers, timeout=WAIT) as client:
                response = client.post("/cases/amur-2009-group/events", json=line)
            assert response.status_code == 201, response.text
            return str(response.json()["id"])

        with ThreadPoolExecutor(8) as pool:
            ids = list(pool.map(append, range(40)))
    replayed = postgres_amur.ok("replay", "--case", "amur-2009-group", "--json").json()
    assert sorted(e["id"] for e in replayed[2:]) == sorted(ids)
    assert len(set(ids)) == 40


def test_a_write_retried_under_its_key_is_stored_once_by_several_workers_and_after_a_restart(
    postgres_amur: Cli,
) -> None:
    """A client whose connection died after the commit asks again under the same
    `Idempotency-Key`: to whichever worker, and to a server started since."""
    from concurrent.futures import ThreadPoolExecutor

    line = {"kind": "observation", "date": "2009-12", "text": "Seen once",
            "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]}  # fmt: skip

    def post(url: str, token: str) -> tuple[int, str]:
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "retry-1"}
        with httpx.Client(base_url=url, headers=headers, timeout=WAIT) as client:
            response = client.post("/cases/amur-2009-group/events", json=line)
        return response.status_code, response.text

    with contextlib.closing(served(postgres_amur, workers=2)) as running:
        url, tokens = next(running)
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda _: post(url, tokens["eva"]), range(6)))
    with serving("--store", postgres_amur.store, cwd=postgres_amur.cwd) as url:
        answers.append(post(url, tokens["eva"]))
    assert set(answers) == {answers[0]} and answers[0][0] == 201
    replayed = postgres_amur.ok("replay", "--case", "amur-2009-group", "--json").json()
    assert [e.get("text") for e in replayed].count("Seen once") == 1


def test_a_new_server_on_an_encrypted_postgresql_store_answers_reads_at_once(
    tmp_path: Path,
) -> None:
    """Each read streams the views on one pooled connection and fetches the keys of cases
    this new process has not met on another: eight at once took a pool of five. And the
    first reads wait for the one opening the views: one handed them before they were
    sealed with the store's keys read sealed rows as plain (a 400 on a busy machine)."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    from storage.location import postgres_store
    from storage.postgres import drop_schema
    from tests.conftest import postgres_url

    store = postgres_url()
    cli = Cli(store=store, cwd=tmp_path)
    cli.ok("key", "new", "team.key")
    keyed = {**os.environ, "TIMELINE_KEY_FILE": str(tmp_path / "team.key")}
    lines = "".join(
        f'{{"kind":"case_opened","case":"c{n}","title":"t"}}\n'
        f'{{"kind":"observation","case":"c{n}","date":"2009","text":"Seen {n}",'
        f'"sources":[{{"outlet":"Kyodo","published":"2009-12-23"}}]}}\n'
        for n in range(30)
    )
    (tmp_path / "cases.jsonl").write_text(lines)
    try:
        for args in (["init"], ["import", "cases.jsonl"], ["show"]):
            done = subprocess.run([TIMELINE, *args, "--store", store], env=keyed, cwd=tmp_path,
                                  capture_output=True, text=True, timeout=120)  # fmt: skip
            assert done.returncode == 0, done.stderr
        token = orjson_of(subprocess.run(
            [TIMELINE, "user", "add", "ana", "--role", "admin", "--json", "--store", store],
            env=keyed, cwd=tmp_path, capture_output=True, text=True, timeout=60,
        ).stdout)["token"]  # fmt: skip
        with serving("--store", store, env=keyed, cwd=tmp_path) as url:

            def read(n: int) -> int:
                with httpx.Client(base_url=url, timeout=WAIT,
                                  headers={"Authorization": f"Bearer {token}"}) as client:  # fmt: skip
                    return client.get("/timeline" if n % 2 else "/summary").status_code

            with ThreadPoolExecutor(8) as pool:
                statuses = list(pool.map(read, range(16)))
        assert statuses == [200] * 16
    finally:
        drop_schema(postgres_store(store))


def orjson_of(text: str) -> dict[str, str]:
    import orjson

    found: dict[str, str] = orjson.loads(text)
    return found


@pytest.fixture
def postgres_amur(tmp_path: Path) -> Iterator[Cli]:
    from storage.location import postgres_store
    from storage.postgres import drop_schema
    from tests.conftest import postgres_url

    location = postgres_url()
    cli = Cli(store=location, cwd=tmp_path)
    yield amur_case(cli)
    drop_schema(postgres_store(location))


def test_an_admin_lists_accounts_and_takes_back_restrictions_and_grants(amur: Cli) -> None:
    amur.ok("user", "add", "eva", "--role", "editor")
    amur.ok("user", "add", "rui", "--role", "reader")
    amur.ok("case", "restrict", "amur-2009-group")
    amur.ok("case", "grant", "amur-2009-group", "eva")
    amur.ok("user", "revoke", "rui")
    listed = amur.ok("user", "list", "--json").json()
    assert listed == [
        {"name": "eva", "role": "editor", "revoked": False, "granted": ["amur-2009-group"]},
        {"name": "rui", "role": "reader", "revoked": True, "granted": []},
    ]
    table = amur.ok("user", "list").out
    assert "revoked" in table and "amur-2009-group" in table
    assert "no longer granted" in amur.ok("case", "ungrant", "amur-2009-group", "eva").out
    assert "nothing changed" in amur.ok("case", "ungrant", "amur-2009-group", "eva").out
    assert "open to every account" in amur.ok("case", "unrestrict", "amur-2009-group").out
    assert "not restricted" in amur.ok("case", "unrestrict", "amur-2009-group").out
    assert amur.ok("user", "list", "--json").json()[0]["granted"] == []
    refused = amur("case", "ungrant", "amur-2009-group", "nobody")
    assert (refused.code, "no account 'nobody'" in refused.err) == (1, True)


def test_accounts_of_a_store_in_memory_are_kept_for_its_command(sqlite_cli: Cli) -> None:
    added = sqlite_cli.ok("user", "add", "ana", "--role", "admin", "--json", "--store", ":memory:")
    assert added.json()["name"] == "ana"
    sqlite_cli.ok("demo", "--store", "seed.db")
    copied = sqlite_cli.ok("store", "copy", "--from", "seed.db", "--to", ":memory:")
    assert "matches" in copied.out
