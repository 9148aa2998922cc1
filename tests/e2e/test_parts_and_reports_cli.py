"""A date's part and a republished report, as a researcher records them with the `timeline`
command, and the summary read as JSON with `--json`."""

from __future__ import annotations

import orjson

from tests.e2e.conftest import SOURCE, Cli

IN_PROCESS = True

YONHAP = ["--source", "Yonhap, 2009-12-24"]


def test_a_dates_part_is_kept_and_told_in_words_and_one_off_the_list_is_refused(amur: Cli) -> None:
    amur.ok("append", "amur-2009-group", "arrived", "--date", "2015-03", "--part", "early",
            "--people", "2", "--destination", "South Korea", *SOURCE, "--text", "Two arrived")  # fmt: skip
    assert "In early March 2015, two people reached South Korea." in amur.ok("summary").out
    (_, entry) = amur.ok("show", "--json").json()
    assert (entry["part"], entry["earliest"], entry["latest"]) == (
        "early",
        "2015-03-01",
        "2015-03-31",
    )
    assert "early March 2015" in amur.ok("show").out
    lines = [orjson.loads(line) for line in amur.ok("export", "-f", "jsonl").out.splitlines()]
    assert [line["part"] for line in lines if line["kind"] == "arrived"] == ["early"]
    assert "--part" in amur.ok("kinds").out and "--part" in amur.ok("append", "--help").out
    before = amur.dump()
    result = amur("append", "amur-2009-group", "arrived", "--date", "2015-03", "--part",
                  "earlyish", "--destination", "South Korea", *SOURCE, "--text", "t")  # fmt: skip
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert "part" in result.err and amur.dump() == before


def test_a_republished_report_is_not_a_second_confirmation(amur: Cli) -> None:
    amur.ok("cite", "amur-2009-group:2", "--source", "Korea Herald, 2009-12-25", "--via", "Kyodo")
    said = " ".join(amur.ok("summary").out.split())
    assert "its sources carry one report, Kyodo's" in said
    assert "[2] Korea Herald, 2009-12-25, via Kyodo" in said  # the source list says whose
    amur.ok("cite", "amur-2009-group:2", *YONHAP)
    assert "confirmed by two independent sources" in " ".join(amur.ok("summary").out.split())
    cited = [orjson.loads(line) for line in amur.ok("export", "-f", "jsonl").out.splitlines()]
    assert [c["sources"][0]["via"] for c in cited if c["kind"] == "citation"] == ["Kyodo", None]
    (entry,) = amur.ok("show", "--json").json()
    assert entry["citations"][0]["sources"][0]["via"] == "Kyodo"
    assert "--via" in amur.ok("kinds").out and "--via" in amur.ok("cite", "--help").out


def test_summary_json_is_the_json_format(amur: Cli) -> None:
    assert amur.ok("summary", "--json").out == amur.ok("summary", "--format", "json").out
    result = amur("summary", "--json", "--format", "markdown")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
