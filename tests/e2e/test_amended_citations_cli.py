"""A citation or dispute taken back or corrected with the `timeline` command, as a
researcher does when a quote or grade was mistaken: every read shows it as it now stands."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Cli

IN_PROCESS = True

EVENT = "amur-2009-group:2"
CITED = "amur-2009-group:3"
YONHAP = ["--source", "Yonhap, 2010-01-05"]
CHOSUN = ["--source", "Chosun Ilbo, 2010-01-06"]


@pytest.fixture
def cited(amur: Cli) -> Cli:
    """The amur store, its event 2 cited by 3 (Yonhap, quoted, graded C3, with a note)."""
    amur.ok("cite", EVENT, *YONHAP, "--quote", "twelve workers", "--grade", "C3",
            "--note", "names the province")  # fmt: skip
    return amur


def test_a_citations_note_is_shown_in_the_timeline(cited: Cli) -> None:
    out = " ".join(cited.ok("show").out.split())
    assert f"confirmed by Yonhap, 2010-01-05 [C3] ({CITED}) · note: names the province" in out


def test_a_retracted_citation_is_kept_in_the_history_and_confirms_nothing(cited: Cli) -> None:
    assert cited.ok("retract", CITED, "--reason", "another story").out.strip() == (
        "amur-2009-group:4"
    )
    out = " ".join(cited.ok("show").out.split())
    assert "confirmed by Yonhap" not in out
    assert f"citation ({CITED}) of Yonhap, 2010-01-05 [C3] retracted by amur-2009-group:4: " \
           "another story" in out  # fmt: skip
    (entry,) = cited.ok("show", "--json").json()
    assert entry["citations"][0]["retracted"] and not entry["retracted"]
    assert entry["citations"][0]["retraction"]["reason"] == "another story"
    view = cited.ok("case", "show", "amur-2009-group", "--json").json()
    assert view["sources"] == ["Kyodo, 2009-12-23"] and view["events"] == 1
    assert "[2]" not in cited.ok("summary").out
    kinds = [(e["kind"], e.get("event")) for e in cited.ok("replay", "--json").json()]
    assert kinds[-2:] == [("citation", EVENT), ("retraction", CITED)]


def test_a_citations_quote_grade_and_note_are_corrected(cited: Cli) -> None:
    assert cited.ok("show", "--min-grade", "B2", "--json").json() == []
    cited.ok("correct", CITED, "--quote", "twelve North Korean workers", "--grade", "b2",
             "--note", "names them", "--reason", "misquoted")  # fmt: skip
    (entry,) = cited.ok("show", "--min-grade", "B2", "--json").json()
    (citation,) = entry["citations"]
    assert citation["sources"][0]["quote"] == "twelve North Korean workers"
    assert (citation["sources"][0]["grade"], citation["note"]) == ("B2", "names them")
    assert citation["corrections"][0]["reason"] == "misquoted"
    assert entry["corrected"] is False  # the event itself is as recorded
    out = " ".join(cited.ok("show").out.split())
    assert f"[B2] ({CITED}) · corrected by amur-2009-group:4 · note: names them" in out


def test_a_citations_sources_are_given_anew_and_then_one_is_named_by_its_place(
    amur: Cli,
) -> None:
    amur.ok("cite", EVENT, *YONHAP, *CHOSUN)
    refused = amur("correct", CITED, "--quote", "q", "--reason", "r")
    assert refused.code == 1 and "cites 2 sources: say which with nth" in refused.err
    amur.ok("correct", CITED, "--quote", "fourteen", "--nth", "2", "--reason", "r")
    amur.ok("correct", CITED, "--source", "Hankyoreh, 2010-01-07", "--grade", "a1",
            "--reason", "another outlet")  # fmt: skip
    (entry,) = amur.ok("show", "--json").json()
    assert [(s["outlet"], s["grade"]) for s in entry["citations"][0]["sources"]] == [
        ("Hankyoreh", "A1")
    ]
    assert entry["sources"][0]["outlet"] == "Kyodo"


def test_a_dispute_is_corrected_and_retracted(amur: Cli) -> None:
    amur.ok("dispute", EVENT, *YONHAP, "--set", "people=14")
    amur.ok("correct", CITED, "--set", "people=15", "--note", "as printed", "--reason", "misread")
    out = " ".join(amur.ok("show").out.split())
    assert "gives people 15 where the record has 12" in out and "note: as printed" in out
    amur.ok("retract", CITED, "--reason", "the paper printed 12")
    (entry,) = amur.ok("show", "--json").json()
    assert entry["disputed"] is False and entry["people"] == 12
    assert "disputed" not in " ".join(amur.ok("show").out.split())


def test_amendments_of_a_citation_are_imported_as_lines(cited: Cli) -> None:
    (cited.cwd / "amend.jsonl").write_text(
        f'{{"kind": "correction", "event": "{CITED}", "changes": {{"quote": "twelve"}}, '
        '"reason": "misquoted"}\n'
        f'{{"kind": "retraction", "event": "{CITED}", "reason": "another story"}}\n'
    )
    cited.ok("import", "amend.jsonl")
    (entry,) = cited.ok("show", "--json").json()
    (citation,) = entry["citations"]
    assert citation["sources"][0]["quote"] == "twelve" and citation["retracted"]


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["retract", CITED, "--reason", "again"], 1, f"citation '{CITED}' is already retracted"),
        (["correct", CITED, "--note", "n", "--reason", "r"], 1, "cannot be corrected"),
    ],
)
def test_a_retracted_citation_is_neither_retracted_again_nor_corrected(
    cited: Cli, args: list[str], code: int, says: str
) -> None:
    cited.ok("retract", CITED, "--reason", "another story")
    before = cited.dump()
    result = cited(*args)
    assert (result.code, len(result.err.strip().splitlines())) == (code, 1), result.err
    assert says in result.err and cited.dump() == before


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["--set", "people=3"], 1, "people: a citation gives no values"),
        (["--grade", "B9"], 2, "credibility 1-6"),
        (["--quote", "q", "--nth", "0"], 2, "'--nth': 0 is not in the range"),
        (["--nth", "1"], 1, "nth: it says which source"),
        (["--quote", "q", "--nth", "2"], 1, "give a number from 1 to 1 (got 2)"),
    ],
)
def test_a_bad_correction_of_a_citation_is_one_line_and_changes_nothing(
    cited: Cli, args: list[str], code: int, says: str
) -> None:
    before = cited.dump()
    result = cited("correct", CITED, *args, "--reason", "r")
    assert (result.code, len(result.err.strip().splitlines())) == (code, 1), result.err
    assert says in result.err and cited.dump() == before


def test_correct_and_retract_say_they_take_citations(sqlite_cli: Cli) -> None:
    correct = " ".join(sqlite_cli.ok("correct", "--help").out.split())
    for option in ("--quote", "--grade", "--nth", "--note", "Of a citation or dispute"):
        assert option in correct
    assert "citation or dispute" in " ".join(sqlite_cli.ok("retract", "--help").out.split())
