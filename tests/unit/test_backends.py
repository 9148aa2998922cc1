"""A store location is parsed once into the backend of its kind, and nothing above the
storage asks which kind it got: the domain imports no storage, and no module outside
`storage/` branches on a backend."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from storage import location
from storage.memory import MemoryBackend
from storage.opening import backend_at, open_timeline
from storage.postgres import PostgresBackend
from storage.sqlite import SQLiteBackend

ROOT = Path(__file__).parent.parent.parent
ABOVE_STORAGE = ("events", "domain", "projections", "reports", "reads", "service", "cli")
"""The packages whose code asks a backend, never which kind it is (a package not made yet has
no module to walk)."""

names = st.text(string.ascii_lowercase + string.digits + "_", min_size=1, max_size=12).filter(
    lambda name: not name[0].isdigit()
)
passwords = st.text(string.ascii_letters + string.digits + "-._~!$&'()*+,;=", min_size=4)
files = st.text(string.ascii_letters + string.digits + "-_.", min_size=1).filter(
    lambda name: name not in (".", "..") and ":" not in name
)


@given(scheme=st.sampled_from(["postgresql", "postgres", "PostgreSQL"]), schema=names)
def test_a_postgresql_url_is_a_postgres_backend(scheme: str, schema: str) -> None:
    backend = backend_at(f"{scheme}://ana@db.example:6543/team?schema={schema}")
    assert isinstance(backend, PostgresBackend)
    assert backend.store.schema == schema


@given(name=files)
def test_a_file_path_is_an_sqlite_backend(name: str) -> None:
    backend = backend_at(f"some/folder/{name}")
    assert isinstance(backend, SQLiteBackend)
    assert str(backend) == f"some/folder/{name}"


def test_memory_is_a_memory_backend() -> None:
    assert isinstance(backend_at(":memory:"), MemoryBackend)


@given(user=names, password=passwords, schema=names)
def test_a_postgres_backend_never_shows_its_password(user: str, password: str, schema: str) -> None:
    backend = backend_at(f"postgresql://{user}:{password}@h:5432/db?schema={schema}")
    shown = f"postgresql://{user}@h:5432/db?schema={schema}"
    assert str(backend) == shown
    assert password not in repr(backend).replace(shown, "")


def test_only_a_postgres_store_is_served_by_many_processes_and_followed_as_told(
    tmp_path: Path,
) -> None:
    sqlite, postgres, memory = (
        backend_at(str(tmp_path / "t.db")),
        backend_at("postgresql://h/db"),
        backend_at(":memory:"),
    )
    assert [b.shared for b in (sqlite, postgres, memory)] == [False, True, False]
    assert [b.subscribable for b in (sqlite, postgres, memory)] == [False, True, False]


def test_the_application_opened_carries_the_backend_that_opened_it(tmp_path: Path) -> None:
    app = open_timeline(str(tmp_path / "t.db"), create=True)
    assert isinstance(app.backend, SQLiteBackend)
    assert str(app.backend) == str(tmp_path / "t.db")
    assert app.name == "timeline"  # eventsourcing's table and tracking names stay the same
    app.close()


@settings(max_examples=10, deadline=None)
@given(schema=names)
def test_a_location_is_parsed_once_however_much_is_asked_of_its_store(schema: str) -> None:
    parsed = []

    def counted(url: str) -> location.PostgresStore:
        parsed.append(url)
        return location.postgres_store(url)

    url = f"postgresql://ana:secret@127.0.0.1:9/db?schema={schema}"
    with patch("storage.postgres.postgres_store", counted):
        backend = backend_at(url)
        shown, env, subscribable = str(backend), backend.env(), backend.subscribable
    assert parsed == [url]
    assert (shown, env["POSTGRES_SCHEMA"], subscribable) == (
        f"postgresql://ana@127.0.0.1:9/db?schema={schema}", schema, True
    )  # fmt: skip


def _imports(package: str) -> set[str]:
    """The modules the package's modules import, wherever the import stands."""
    found: set[str] = set()
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


def test_the_domain_imports_nothing_of_the_storage_nor_a_database() -> None:
    imported = _imports("domain")
    assert "domain" in {name.split(".")[0] for name in imported}  # the walk found the domain
    assert {n for n in imported if n.split(".")[0] in ("storage", "sqlite3", "psycopg")} == set()
    assert {n for n in imported if n.startswith(("urllib", "cryptography"))} == set()


BACKEND = re.compile(r"postgres|sqlite", re.IGNORECASE)
NAMED = {
    "cli/errors.py": "catches sqlite3.Error, which the driver raises, to say it in one line",
    "cli/store.py": "catches sqlite3.Error, which the driver raises, to say it in one line",
    "reports/summary.py": "spools sentences in a private temporary sqlite3 database",
}
"""The modules above the storage whose code names a backend, and why: none branches on one.
(Words do not count: help and messages may name PostgreSQL.)"""


def _code_names(path: Path) -> set[str]:
    """The names a module's code uses: its imports, variables, attributes, functions and
    classes; not its strings (help, messages, docstrings)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.alias):
            found.add(node.name)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.arg):
            found.add(node.arg)
    return found


def test_no_module_above_the_storage_names_a_backend_in_its_code() -> None:
    modules = [
        path for package in ABOVE_STORAGE for path in sorted(ROOT.glob(f"{package}/**/*.py"))
    ]
    naming = {
        str(path.relative_to(ROOT))
        for path in modules
        if any(BACKEND.search(name) for name in _code_names(path))
    }
    assert len(modules) > 100  # the walk found the packages
    assert naming <= set(NAMED)
