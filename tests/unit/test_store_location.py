"""Store locations: a path or :memory: is SQLite or memory, a URL is PostgreSQL."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage.location import StoreLocationError, postgres_store
from storage.opening import backend_at


def test_a_url_names_host_port_database_user_and_schema() -> None:
    store = postgres_store("postgresql://ana:pw@db.example:6543/team?schema=team_a")
    assert (store.host, store.port, store.dbname, store.user, store.password, store.schema) == (
        "db.example", 6543, "team", "ana", "pw", "team_a"
    )  # fmt: skip
    assert (
        backend_at("postgresql://ana:pw@db.example:6543/team?schema=team_a").env()[
            "PERSISTENCE_MODULE"
        ]
        == "eventsourcing.postgres"
    )


def test_without_a_schema_the_store_is_in_public() -> None:
    assert postgres_store("postgres://127.0.0.1/test").schema == "public"


def test_the_password_may_come_from_pgpassword(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", "from-env")
    assert postgres_store("postgresql://ana@h/db").env()["POSTGRES_PASSWORD"] == "from-env"
    assert postgres_store("postgresql://ana:url@h/db").env()["POSTGRES_PASSWORD"] == "url"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://h/db?schema=Team-A", "schema 'Team-A'"),
        ("postgresql://h/db?schema=1abc", "schema '1abc'"),
        ("postgresql://h/db?sslmode=off", "unknown parameter 'sslmode'"),
        ("postgresql://h/?schema=a", "name the database"),
        ("postgresql://h:port/db", "port must be a number"),
        ("postgresql://ana:pw[@h/db", "cannot be read"),
    ],
)
def test_a_bad_url_says_what_is_wrong(url: str, says: str) -> None:
    with pytest.raises(StoreLocationError, match=says):
        backend_at(url)


@given(password=st.text(string.ascii_letters + string.digits + "-._~!$&'()*+,;=", min_size=4))
def test_a_described_url_never_shows_its_password(password: str) -> None:
    url = f"postgresql://ana:{password}@h:5432/db?schema=a"
    assert postgres_store(url).password == password
    assert password not in str(backend_at(url)).removeprefix("postgresql://ana@h:5432/db?schema=a")
    assert str(backend_at(url)) == "postgresql://ana@h:5432/db?schema=a"


def test_a_path_is_sqlite_and_memory_is_memory(tmp_path: object) -> None:
    # in memory, eventsourcing's in-memory recorder keeping idempotency keys (`storage.memory`)
    assert backend_at(":memory:").env() == {
        "PERSISTENCE_MODULE": "storage.memory:OnceMemoryFactory"
    }
    assert backend_at(f"{tmp_path}/t.db").env()["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
