"""`timeline export` as a user meets it: five formats, to stdout or a file written whole, and
one line with exit 2 for what it cannot do."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
import pytest

from cli.export import written
from tests.e2e.conftest import Cli

IN_PROCESS = True


@pytest.fixture
def seeded(cli: Cli, seed_path: Path) -> Cli:
    """The seed case on each backend."""
    cli.ok("init")
    cli.ok("import", str(seed_path))
    return cli


@pytest.fixture
def seeded_file(sqlite_cli: Cli, seed_path: Path) -> Cli:
    """The seed case in an SQLite file, for what does not depend on the backend."""
    sqlite_cli.ok("init")
    sqlite_cli.ok("import", str(seed_path))
    return sqlite_cli


@pytest.mark.parametrize(
    ("name", "starts"),
    [
        ("seed.html", "<!DOCTYPE html>"),
        ("seed.json", '{"title":'),
        (
            "seed.csv",
            "id,case,kind,date,part,earliest,latest,people,place,text,sources,retracted,disputes,notes\r\n",
        ),
        ("seed.md", "# Summary of seven cases, by year"),
        ("seed.jsonl", '{"kind":"case_opened"'),
    ],
)
def test_the_format_is_guessed_from_the_output_files_suffix(
    seeded: Cli, name: str, starts: str
) -> None:
    result = seeded.ok("export", "-o", name)
    advice = "timeline: note: 26 slides in 7 groups: TimelineJS shows 20 slides and 6 groups"
    assert result.out == "" and result.err.startswith(advice) == name.endswith(".json")
    assert len(result.err.splitlines()) == name.endswith(".json")
    assert (seeded.cwd / name).read_bytes().decode("utf-8").startswith(starts)


def test_without_an_output_file_the_export_goes_to_stdout(seeded_file: Cli) -> None:
    rows = list(csv.DictReader(io.StringIO(seeded_file.ok("export", "--format", "csv").out)))
    assert len(rows) == 26 and rows[0]["date"] == "../2009-12"


def test_the_same_store_gives_the_same_bytes_in_every_format(seeded_file: Cli) -> None:
    for format_ in ("html", "timelinejs", "csv", "markdown", "jsonl"):
        assert (
            seeded_file.ok("export", "-f", format_).out
            == seeded_file.ok("export", "-f", format_).out
        )


def test_cases_named_are_exported_alone(seeded: Cli) -> None:
    document = seeded.ok("export", "-f", "timelinejs", "--case", "amur-2009-group",
                         "--case", "unhcr-pending-2009").json()  # fmt: skip
    assert len(document["events"]) == 7
    assert {e["unique_id"].rsplit("-", 1)[0] for e in document["events"]} == {
        "amur-2009-group", "unhcr-pending-2009",
    }  # fmt: skip


def test_retracted_events_are_exported_only_when_asked_and_marked(seeded_file: Cli) -> None:
    seeded_file.ok("retract", "unhcr-pending-2009:2", "--reason", "withdrawn")
    assert "unhcr-pending-2009:2" not in seeded_file.ok("export", "-f", "csv").out
    rows = csv.DictReader(
        io.StringIO(seeded_file.ok("export", "-f", "csv", "--include-retracted").out)
    )
    assert [r["retracted"] for r in rows if r["id"] == "unhcr-pending-2009:2"] == ["yes"]


def test_export_as_known_earlier_ignores_what_was_recorded_later(seeded: Cli) -> None:
    seeded.ok("retract", "unhcr-pending-2009:2", "--reason", "withdrawn")
    then = seeded.ok("export", "-f", "jsonl", "--until", "33").out
    assert "retraction" not in then and len(then.splitlines()) == 33


def test_the_jsonl_export_imports_into_a_new_store_as_the_same_timeline(
    seeded: Cli, tmp_path: Path
) -> None:
    seeded.ok("correct", "amur-2009-group:3", "--date", "2008/2009", "--reason", "second source")
    seeded.ok("case", "close", "amur-2009-group", "--reason", "all reached Seoul")
    seeded.ok("export", "-o", "record.jsonl")
    copy = Cli(store=str(tmp_path / "copy.db"), cwd=tmp_path, in_process=True)
    copy.ok("init")
    copy.ok("import", "record.jsonl")
    assert copy.ok("case", "list", "--json").json() == seeded.ok("case", "list", "--json").json()
    assert copy.ok("summary", "-f", "json").out == seeded.ok("summary", "-f", "json").out


def bad(cli: Cli, *args: str) -> str:
    """Exit 2 with one line on stderr, and no file left beside the output."""
    before = sorted(p.name for p in cli.cwd.iterdir())
    result = cli("export", *args)
    assert result.code == 2, result.err
    assert len(result.err.strip().splitlines()) == 1 and result.out == ""
    assert sorted(p.name for p in cli.cwd.iterdir()) == before
    return result.err


def test_an_unknown_format_is_refused(seeded_file: Cli) -> None:
    assert "unknown format 'pdf'" in bad(seeded_file, "--format", "pdf", "-o", "out.html")


def test_a_format_that_cannot_be_guessed_is_asked_for(seeded_file: Cli) -> None:
    assert "give --format" in bad(seeded_file, "-o", "out.txt")
    assert "give --format" in bad(seeded_file)


def test_an_unwritable_output_is_refused_and_leaves_nothing(seeded_file: Cli) -> None:
    assert "cannot write there" in bad(seeded_file, "-o", "missing/out.html")
    (seeded_file.cwd / "plain").write_text("a file, not a folder")
    assert "cannot write there" in bad(seeded_file, "-o", "plain/out.html")
    assert "is a directory" in bad(seeded_file, "-f", "csv", "-o", ".")


def test_a_case_that_does_not_exist_is_refused_and_the_old_file_kept(seeded_file: Cli) -> None:
    seeded_file.ok("export", "-o", "out.csv")
    before = (seeded_file.cwd / "out.csv").read_bytes()
    assert "no case 'nowhere'" in bad(seeded_file, "--case", "nowhere", "-o", "out.csv")
    assert (seeded_file.cwd / "out.csv").read_bytes() == before


def test_a_bad_date_leaves_no_partial_file(seeded_file: Cli) -> None:
    assert "month 13 does not exist" in bad(seeded_file, "--from", "2009-13", "-o", "out.html")


def test_an_export_that_fails_half_way_leaves_the_old_file_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("the old export")
    with pytest.raises(RuntimeError), written(target) as write:
        write("id,case\r\n")
        raise RuntimeError("the store went away")
    assert target.read_text() == "the old export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_file_written_whole_replaces_the_old_one_keeping_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("the old export")
    target.chmod(0o640)
    with written(target) as write:
        write("id,case\r\n")
    assert target.read_bytes() == b"id,case\r\n" and target.stat().st_mode & 0o777 == 0o640


def test_timelinejs_draws_an_event_whose_start_is_unknown_as_an_open_range_to_its_end(
    seeded_file: Cli,
) -> None:
    events = orjson.loads(seeded_file.ok("export", "-f", "timelinejs").out)["events"]
    unknown = [e for e in events if e["display_date"] == "Up to December 2009"]
    assert len(unknown) == 2
    opening = {"year": "1990", "display_date": "Start unknown"}  # the seed's first known date
    assert all(e["start_date"] == opening for e in unknown)
    assert all(e["end_date"] == {"year": "2009", "month": "12"} for e in unknown)
    assert all("up to December 2009" in e["text"]["text"] for e in unknown)


YONHAP = "Yonhap, 2009-12-24"
CHOSUN = "Chosun Ilbo, 2010-01-05"
DISPUTED = (
    "disputed (amur-2009-group:9): Chosun Ilbo, 2010-01-05 [C3] gives people 14 "
    "where the record has 12"
)


@pytest.fixture
def disputed(seeded_file: Cli) -> Cli:
    """docs/usage.md's citation (Yonhap, B2) and open dispute (Chosun Ilbo, C3) of the twelve's
    arrival, amur-2009-group:7."""
    seeded_file.ok("cite", "amur-2009-group:7", "--source", YONHAP, "--grade", "B2")
    seeded_file.ok(
        "dispute", "amur-2009-group:7", "--source", CHOSUN, "--grade", "C3", "--set", "people=14"
    )
    return seeded_file


def test_every_export_tells_an_open_dispute_and_lists_only_supporting_sources(
    disputed: Cli,
) -> None:
    rows = csv.DictReader(io.StringIO(disputed.ok("export", "-f", "csv").out, newline=""))
    row = next(r for r in rows if r["id"] == "amur-2009-group:7")
    assert row["sources"] == "Kyodo, 2009-12-23 (ID 96523); Yonhap, 2009-12-24 [B2]"
    assert row["disputes"] == DISPUTED

    slides = orjson.loads(disputed.ok("export", "-f", "timelinejs").out)["events"]
    slide = next(s for s in slides if s["unique_id"] == "amur-2009-group-7")
    assert slide["text"]["headline"].endswith(" (disputed)")
    without_id = DISPUTED.replace(" (amur-2009-group:9)", "")
    assert f"<p><em>D{without_id[1:]}</em></p>" in slide["text"]["text"]
    assert (
        "Sources: Kyodo, 2009-12-23 (ID 96523); Yonhap, 2009-12-24 [B2].</small>"
        in (slide["text"]["text"])
    )

    markdown = disputed.ok("export", "-f", "markdown").out
    row_md = next(line for line in markdown.splitlines() if "| amur-2009-group:7<br>" in line)
    assert "Arrived (disputed)" in row_md
    assert "<br>*disputed (amur-2009-group:9): Chosun Ilbo, 2010-01-05 \\[C3\\] gives" in row_md
    chosun = next(n for n in range(1, 20) if f"[^{n}]: Chosun Ilbo, 2010-01-05." in markdown)
    assert f"[^{chosun}]" not in row_md.rsplit(" | ", 1)[-1]  # the sources cell

    page = disputed.ok("export", "-f", "html").out
    assert DISPUTED in page  # the tooltip's notes
    assert "Arrived: 12 people (disputed)" in page

    jsonl = disputed.ok("export", "-f", "jsonl").out
    assert '"kind":"dispute","event":"amur-2009-group:7","values":{"people":14}' in jsonl


def test_a_settled_dispute_reads_in_exports_as_show_reads_it(disputed: Cli) -> None:
    disputed.ok(
        "correct", "amur-2009-group:7", "--people", "14", "--reason", "settles the dispute",
        "--source", CHOSUN,
    )  # fmt: skip
    settled = (
        "dispute (amur-2009-group:9) settled by amur-2009-group:10: "
        "Chosun Ilbo, 2010-01-05 [C3] gave people 14"
    )
    rows = csv.DictReader(io.StringIO(disputed.ok("export", "-f", "csv").out, newline=""))
    row = next(r for r in rows if r["id"] == "amur-2009-group:7")
    assert (row["people"], row["disputes"]) == ("14", settled)
    assert row["sources"] == (
        "Kyodo, 2009-12-23 (ID 96523); Chosun Ilbo, 2010-01-05; Yonhap, 2009-12-24 [B2]"
    )
    slides = orjson.loads(disputed.ok("export", "-f", "timelinejs").out)["events"]
    slide = next(s for s in slides if s["unique_id"] == "amur-2009-group-7")
    assert "(disputed)" not in slide["text"]["headline"]
    assert (
        "<em>Dispute, since settled: Chosun Ilbo, 2010-01-05 [C3] gave people 14</em>"
        in (slide["text"]["text"])
    )
