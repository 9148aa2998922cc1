"""A store that took control characters in its texts is read whole, on SQLite and on
PostgreSQL, each one shown as its picture (a NUL as ␀), where PostgreSQL once failed every
read of it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.store import postgres_store
from storage.postgres import drop_schema
from tests.conftest import postgres_url
from tests.e2e.conftest import Cli
from tests.planted import plant

RAW = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
"""A control character as such in what a command printed."""
ESCAPED = re.compile(r"\\u00[01][0-9a-fA-F]|\\u007[fF]")
"""One written as JSON writes it."""


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def planted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:  # fmt: skip
    folder = tmp_path_factory.mktemp("planted")
    postgres = request.param == "postgres"
    cli = Cli(store=postgres_url() if postgres else str(folder / "timeline.db"), cwd=folder)
    cli.ok("init")
    plant(cli.store)
    yield cli
    if postgres:
        drop_schema(postgres_store(cli.store))


READS = [
    ["show"], ["show", "--json"], ["case", "show", "planted"], ["case", "show", "planted", "--json"],
    ["case", "list"], ["summary"], ["summary", "--format", "markdown"], ["replay"], ["replay", "--json"],
    *(["export", "--format", f] for f in ["html", "timelinejs", "csv", "markdown", "jsonl"]),
]  # fmt: skip


@pytest.mark.parametrize("read", READS, ids=" ".join)
def test_a_store_that_took_control_characters_is_read_with_their_pictures(
    planted: Cli, read: list[str]
) -> None:
    out = planted.ok(*read).out
    assert "␀" in out
    assert RAW.search(out) is None and ESCAPED.search(out) is None


def test_a_rebuild_of_a_store_that_took_control_characters_shows_their_pictures(
    planted: Cli,
) -> None:
    planted.ok("projections", "rebuild")
    case = planted.ok("case", "show", "planted", "--json").json()
    assert case["title"] == "Bad␀title" and case["places"] == ["Tumen␀"]


def test_an_export_of_a_store_that_took_control_characters_imports_as_it_reads(
    planted: Cli, tmp_path: Path
) -> None:
    (tmp_path / "export.jsonl").write_text(planted.ok("export", "--format", "jsonl").out)
    copy = Cli(store=str(tmp_path / "copy.db"), cwd=tmp_path)
    copy.ok("init")
    copy.ok("import", "export.jsonl")
    texts = [e["text"] for e in planted.ok("show", "--json", "--include-retracted").json()]
    assert [e["text"] for e in copy.ok("show", "--json").json()] == texts
    assert texts == ["Held␀ at the border␛[2J"]
