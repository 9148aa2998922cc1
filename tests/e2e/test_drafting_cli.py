"""`timeline draft` and `timeline import --review` as a user meets them."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import Cli, run_in_process

IN_PROCESS = True

ARTICLE = """Two held in Moscow

MOSCOW, Dec. 23 Kyodo - Twelve North Korean men fled to South Korea from Russia's Amur
Province in September, officials said Wednesday.
Police detained three North Korean workers in Moscow last week.
Japanese consulates said they have received no request for asylum by North Koreans.
"""
DRAFT = ("draft", "article.txt", "--published", "2009-12-23", "--outlet", "Kyodo",
         "--reference", "ID 96523")  # fmt: skip


def drafted(cli: Cli, *more: str) -> list[dict[str, object]]:
    (cli.cwd / "article.txt").write_text(ARTICLE)
    return [orjson.loads(line) for line in cli.ok(*DRAFT, *more).out.splitlines()]


def test_draft_prints_import_lines_whose_quotes_are_the_articles_words(sqlite_cli: Cli) -> None:
    lines = drafted(sqlite_cli)
    assert [line["kind"] for line in lines] == [
        "case_opened", "departed_to_third_country", "detained", "observation"
    ]  # fmt: skip
    assert lines[0] == {
        "kind": "case_opened",
        "case": "kyodo-2009-12-23",
        "title": "Two held in Moscow",
    }
    assert [line["date"] for line in lines[1:]] == [
        "2009-09",
        "2009-12-14/2009-12-20",
        "../2009-12-23",
    ]
    assert all(line["sources"][0]["quote"] in ARTICLE for line in lines[1:])  # type: ignore[index]


def test_draft_records_nothing_and_plain_import_records_the_drafts(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("init")
    (sqlite_cli.cwd / "article.txt").write_text(ARTICLE)
    sqlite_cli.ok(*DRAFT, "-o", "drafts.jsonl")
    assert sqlite_cli.ok("case", "list", "--json").json() == []
    assert "Imported 4 events" in sqlite_cli.ok("import", "drafts.jsonl").out


def test_draft_json_prints_one_array(sqlite_cli: Cli) -> None:
    (sqlite_cli.cwd / "article.txt").write_text(ARTICLE)
    lines = sqlite_cli.ok(*DRAFT, "--json", "--case", "moscow").json()
    assert [line["case"] for line in lines] == ["moscow"] * 3


def test_draft_says_what_is_wrong_in_one_line(sqlite_cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 workers fled.".encode("latin-1"))
    for args, said in [
        (("missing.txt",), "missing.txt: cannot read"),
        (("latin1.txt",), "latin1.txt: not UTF-8 text (byte 4)"),
    ]:
        result = sqlite_cli("draft", *args, "--published", "2009-12-23", "--outlet", "Kyodo")
        assert (result.code, result.err.count("\n")) == (2, 1) and said in result.err
    result = sqlite_cli("draft", "latin1.txt", "--published", "December", "--outlet", "Kyodo")
    assert result.code == 2 and "--published 'December'" in result.err


def test_review_records_the_accepted_drafts_as_edited_and_not_the_skipped(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("init")
    (sqlite_cli.cwd / "article.txt").write_text(ARTICLE)
    sqlite_cli.ok(*DRAFT, "-o", "drafts.jsonl")
    answers = "e\npeople=11\n\na\ns\na\n"
    result = sqlite_cli.ok("import", "--review", "drafts.jsonl", stdin=answers)
    assert "2 drafts accepted, 1 skipped" in result.err
    events = sqlite_cli.ok("replay", "--json").json()
    assert [e["kind"] for e in events] == [
        "case_opened",
        "departed_to_third_country",
        "observation",
    ]
    assert events[1]["people"] == 11


def test_quitting_a_review_records_nothing(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("init")
    (sqlite_cli.cwd / "article.txt").write_text(ARTICLE)
    sqlite_cli.ok(*DRAFT, "-o", "drafts.jsonl")
    before = sqlite_cli.dump()
    result = sqlite_cli.ok("import", "--review", "drafts.jsonl", stdin="a\nq\n")
    assert "quit: nothing recorded" in result.err and sqlite_cli.dump() == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(str.encode),
        # words of news text among control characters and odd line ends: drafts are made
        st.lists(
            st.sampled_from(["Twelve", "men", "fled", "in", "2004", ".", "\x1b", "\r\n", "\u2028"]),
            min_size=8,
            max_size=300,
        ).map(lambda w: " ".join(w).encode()),
    )
)
def test_any_bytes_draft_or_fail_in_one_line(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "article.txt").write_bytes(data)
        result = run_in_process(
            ["draft", "article.txt", "--published", "2009-12-23", "--outlet", "K"],
            stdin=None,
            env=dict(os.environ),
            cwd=Path(folder),
        )
    if result.code == 0:
        assert all(orjson.loads(line) for line in result.out.split("\n") if line)
    else:
        assert (result.code, result.err.count("\n"), "Traceback" in result.err) == (2, 1, False)


def test_review_json_prints_only_what_was_recorded(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("init")
    (sqlite_cli.cwd / "article.txt").write_text(ARTICLE)
    sqlite_cli.ok(*DRAFT, "-o", "drafts.jsonl")
    result = sqlite_cli.ok("import", "--review", "drafts.jsonl", "--json", stdin="a\ns\ns\n")
    assert [r["id"] for r in result.json()] == ["kyodo-2009-12-23:1", "kyodo-2009-12-23:2"]
    assert "[a]ccept" in result.err
