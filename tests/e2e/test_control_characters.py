"""No input puts a control character in the record (but tab and line breaks), on SQLite and
on PostgreSQL; a store that took them before is read whole, each one shown as its picture
(a NUL as ␀), where PostgreSQL once failed every read of it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from domain.store import postgres_store
from storage.postgres import drop_schema
from tests.conftest import postgres_url
from tests.e2e.conftest import SOURCE, Cli
from tests.planted import TITLE, plant

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


REFUSED = [
    (["case", "open", "x", "--title", "a\x1b[31mred"], 2, "title: holds the control character U+001B at character 2"),
    (["append", "amur-2009-group", "observation", "--date", "2009", *SOURCE, "--text", "a\x07"], 2,
     "text: holds the control character U+0007 at character 2"),
    (["case", "close", "amur-2009-group", "--reason", "\x7f"], 2, "reason: holds the control character U+007F"),
    (["import", "lines.jsonl"], 2, "lines.jsonl:1: title: holds the control character U+0000 at character 4"),
    # a correction's values are checked against the event's kind, by the record (exit 1)
    (["correct", "amur-2009-group:2", "--set", "place=Khasan\x0b", "--reason", "typo"], 1,
     "correction of 'amur-2009-group:2' refused: place: holds the control character U+000B at character 7"),
]  # fmt: skip


@pytest.mark.parametrize(("command", "code", "says"), REFUSED, ids=lambda c: str(c)[:30])
def test_a_control_character_in_any_input_is_refused_naming_the_field(
    amur: Cli, command: list[str], code: int, says: str
) -> None:
    line = {"kind": "case_opened", "case": "nul", "title": TITLE}
    (amur.cwd / "lines.jsonl").write_bytes(orjson.dumps(line) + b"\n")
    before = amur.dump()
    refused = amur(*command)
    assert (refused.code, refused.out) == (code, "")
    assert refused.err.startswith(f"timeline: error: {says}") and refused.err.count("\n") == 1
    assert amur.dump() == before


def test_an_erasure_whose_reason_holds_a_control_character_erases_nothing(cli: Cli) -> None:
    cli.ok("key", "new", "team.key")
    key = ["--key-file", str(cli.cwd / "team.key")]
    cli.ok("init", *key)
    cli.ok("case", "open", "kept", "--title", "Four workers from Amur", *key)
    refused = cli("case", "erase", "kept", "--reason", "asked\x1b[2J", "--yes", *key)
    assert refused.code == 2
    assert refused.err.startswith("timeline: error: reason: holds the control character U+001B")
    kept = cli.ok("case", "show", "kept", "--json", *key).json()
    assert kept["title"] == "Four workers from Amur"


def test_verify_catches_up_the_views_of_a_store_that_took_control_characters(
    cli: Cli,
) -> None:
    cli.ok("init")
    plant(cli.store)
    report = cli.ok("verify", "--json").json()
    assert report["views_at"] == report["position"] == 6
    assert cli.ok("case", "list", "--json").json()[0]["title"] == "Bad␀title"
