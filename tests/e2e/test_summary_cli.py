"""`timeline summary` on the seed case, checked against the golden files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import Cli

IN_PROCESS = True

GOLDEN = Path(__file__).parent.parent / "golden"


@pytest.fixture
def seeded(cli: Cli, seed_path: Path) -> Cli:
    cli.ok("init")
    cli.ok("import", str(seed_path))
    return cli


def test_the_seed_summary_matches_the_golden_text(seeded: Cli) -> None:
    assert seeded.ok("summary").out == (GOLDEN / "kyodo-2009-12-23.summary.txt").read_text()


def test_the_seed_summary_matches_the_golden_markdown(seeded: Cli) -> None:
    expected = (GOLDEN / "kyodo-2009-12-23.summary.md").read_text()
    assert seeded.ok("summary", "--format", "markdown").out == expected


def test_the_same_store_gives_byte_identical_output(seeded: Cli) -> None:
    assert (
        seeded.ok("summary", "--format", "json").out == seeded.ok("summary", "--format", "json").out
    )


def test_the_seed_totals_are_the_articles_numbers(seeded: Cli) -> None:
    summary = seeded.ok("summary", "--format", "json").json()
    assert summary["totals"]["reached"] == {"South Korea": 14}
    assert (summary["totals"]["granted"], summary["still_pending"]) == (3, 4)
    assert sorted(f["people"] for f in summary["totals"]["figures"]) == [700, 1100, 1700]


def test_summary_of_chosen_cases_by_month(seeded: Cli) -> None:
    summary = seeded.ok("summary", "--case", "amur-2009-group", "--case", "unhcr-pending-2009",
                        "--by", "month", "--format", "json").json()  # fmt: skip
    assert summary["cases"] == ["amur-2009-group", "unhcr-pending-2009"]
    assert [p["name"] for p in summary["periods"]] == [
        "the 1990s",
        "2007",
        "September 2009",
        "December 2009",
    ]


def test_summary_as_of_before_a_retraction_still_tells_the_event(seeded: Cli) -> None:
    seeded.ok("retract", "unhcr-pending-2009:2", "--reason", "withdrawn")
    now = seeded.ok("summary", "--format", "json").json()
    then = seeded.ok("summary", "--until", "33", "--format", "json").json()
    assert (now["still_pending"], then["still_pending"]) == (0, 4)


def test_demo_ends_with_the_summary(cli: Cli) -> None:
    out = cli.ok("demo").out
    assert out.rstrip().endswith("[1] Kyodo, 2009-12-23 (ID 96523)") and "In all" in out


def test_a_summary_of_one_year_says_so_in_its_heading_and_totals(seeded: Cli) -> None:
    out = seeded.ok("summary", "--from", "2004", "--to", "2004").out
    assert out.startswith("Summary of three cases, by year: the events that may have happened in")
    assert "whole record" not in out and "end of the record" not in out
    assert "In the events that may have happened in 2004: two people reached South Korea." in out
    until = seeded.ok("summary", "--until", "20").out
    assert "In the whole record, as known after position 20: " in until


def test_the_markdown_summary_shows_the_record_s_words_as_written(seeded: Cli) -> None:
    seeded.ok("append", "amur-2009-group", "observation", "--date", "2004", "--source",
              "Kyodo, 2009-12-23", "--text", "<script>x</script> & <b>bold</b>")  # fmt: skip
    told = seeded.ok("summary", "--format", "markdown").out
    assert r"\<script>x\</script> \& \<b>bold\</b>" in told
    assert re.search(r"(?<!\\)<", told) is None  # every < of the record's words escaped
    exported = seeded.ok("export", "-f", "markdown").out
    assert told.split("## In all")[0] in exported  # one writer for both
