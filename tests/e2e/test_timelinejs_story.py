"""TimelineJS tells the seed's story: slides headed by the event's own words, dates in
words, a source's passage as the slide's media, an era per case, group names that stay
apart, no internal ids for a reader, and a choice of the key events."""

from __future__ import annotations

import orjson
import pytest

from reports.exports.frame import KEY_KINDS
from tests.e2e.conftest import Cli

IN_PROCESS = True


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Cli:
    folder = tmp_path_factory.mktemp("story")
    cli = Cli(store=str(folder / "seed.db"), cwd=folder, in_process=True)
    cli.ok("demo", "--store", cli.store)
    return cli


def test_each_slide_is_told_in_the_events_own_words_with_its_date_in_words(seed: Cli) -> None:
    entries = {e["id"].replace(":", "-"): e for e in seed.ok("show", "--json").json()}
    story = orjson.loads(seed.ok("export", "-f", "timelinejs").out)
    for slide in story["events"]:
        entry = entries[slide["unique_id"]]
        headline = slide["text"]["headline"].removesuffix(" (disputed)").removesuffix("…")
        assert " ".join(entry["text"].split()).startswith(headline.rstrip(",;:"))
        assert not any(mark in slide["display_date"] for mark in ("/", "..", "X", "?", "~"))
        assert entry["id"] not in slide["text"]["text"]  # no internal id for a reader
    dates = {slide["display_date"] for slide in story["events"]}
    assert {"Up to December 2009", "Between the 1990s and the 2000s", "September 2009"} <= dates


def test_a_sources_passage_is_the_slides_media_credited_to_it(seed: Cli) -> None:
    story = orjson.loads(seed.ok("export", "-f", "timelinejs").out)
    quoted = [s for s in story["events"] if "media" in s]
    assert len(quoted) == len(story["events"])  # every seed event quotes Kyodo
    assert all(s["media"]["url"].startswith("<blockquote>") for s in quoted)
    assert all(s["media"]["credit"] == "Kyodo, 2009-12-23 (ID 96523)" for s in quoted)


def test_each_case_is_an_era_and_the_groups_stay_apart(seed: Cli) -> None:
    cases = seed.ok("case", "list", "--json").json()
    story = orjson.loads(seed.ok("export", "-f", "timelinejs").out)
    assert len(story["eras"]) == len(cases)
    assert all(era["start_date"]["year"] <= era["end_date"]["year"] for era in story["eras"])
    groups = {slide["group"] for slide in story["events"]}
    assert len(groups) == len(cases) and all(len(g) <= 40 for g in groups)


def test_key_events_keep_what_happened_to_people_in_fewer_slides_than_the_advice(
    seed: Cli,
) -> None:
    every = orjson.loads(seed.ok("export", "-f", "timelinejs").out)["events"]
    chosen = seed.ok("export", "-f", "timelinejs", "--key-events")
    key = orjson.loads(chosen.out)["events"]
    kinds = {e["id"].replace(":", "-"): e["kind"] for e in seed.ok("show", "--json").json()}
    assert 0 < len(key) <= 20 < len(every)
    assert {kinds[s["unique_id"]] for s in key} <= set(KEY_KINDS)
    assert [s for s in every if kinds[s["unique_id"]] in KEY_KINDS] == key
    assert chosen.err == ""  # within TimelineJS's advice: no warning
