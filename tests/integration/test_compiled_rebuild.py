"""A rebuild writes what folding every event through `Record.apply` writes, byte for byte.

The rebuild folds a recorded fact, and a correction or retraction of it in the same page,
by its compiled form (`projections.compiled`: the row from the fact, no entry built) and
holds its cases' gists from page to page
(`projections.rebuilding`); `Record.apply` stays the definition. Over random stores (every
kind of fact, groups and the parts within them, corrections, retractions, citations and
disputes and their corrections and retractions, closings, erasures on encrypted stores),
every row a rebuild writes is compared with the rows of the same views emptied and caught
up page by page through `Record.apply` (`projections.views.apply_page`), the JSON of sealed
rows unsealed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.application import Timeline
from domain.errors import TimelineError
from events.facts import FACT_KINDS
from events.instructions import read_instruction
from projections import runner
from projections.rebuilding import HELD, Rebuilding
from projections.runner import catch_up, open_views, rebuild
from projections.sql_views import SQLRecordView, _json
from projections.views import RecordView
from storage.keyring import StoreKey, new_key
from tests.conftest import store_maker
from tests.strategies import (
    citation_changes,
    dispute_values,
    fact_changes,
    fact_fields,
    sources,
    words,
)

MOVES = ["fact", "fact", "fact", "fact", "open", "correct", "correct", "cite", "cite", "dispute",
         "dispute", "amend citation", "amend citation", "amend citation", "retract",
         "retract citation", "close", "reopen", "erase"]  # fmt: skip
"""What a step of a random record does, facts the likeliest (and the simplest: the first)."""
SLUGS = ("amur", "khasan", "tumen")


@dataclass
class Told:
    """What the record holds of a case, as far as the steps need it to aim at its events."""

    facts: dict[int, str] = field(default_factory=dict)
    """Live facts: version, kind."""
    cited: dict[int, tuple[str | None, int]] = field(default_factory=dict)
    """Live citations and disputes: version, the kind a dispute disputes (None: a citation),
    how many sources it cites."""
    closed: bool = False


class Recording:
    """A random record, written step by step through the application; each step's kind is
    counted where the record took it (a refused step changes nothing)."""

    def __init__(self, app: Timeline, data: st.DataObject, erasing: bool) -> None:
        self.app, self.data, self.erasing = app, data, erasing
        self.cases: dict[str, Told] = {}
        self.done: Counter[str] = Counter()

    def run(self, steps: int) -> Counter[str]:
        for _ in range(steps):
            move = self.data.draw(st.sampled_from(MOVES))
            if move == "open" and len(self.cases) == len(SLUGS):
                move = "fact"
            if move == "open" or not self.cases:
                self.open()
                continue
            # a case the move can be made in, where there is one; else a fact, where it can
            slugs = [s for s, told in self.cases.items() if self.possible(move, told)]
            if not slugs:
                move, slugs = "fact", [s for s, told in self.cases.items() if not told.closed]
            if slugs:
                slug = self.data.draw(st.sampled_from(sorted(slugs)))
                getattr(self, move.replace(" ", "_"))(slug, self.cases[slug])
        return self.done

    def possible(self, move: str, told: Told) -> bool:
        if move == "reopen":
            return told.closed
        if move == "erase":
            return self.erasing
        needs = {"amend citation": told.cited, "retract citation": told.cited}
        return not told.closed and bool(needs.get(move, told.facts if move != "fact" else True))

    def carry(self, move: str, line: dict[str, Any]) -> int | None:
        """The new event's version, or None where the record refused the line."""
        try:
            (receipt,) = self.app.carry_out([read_instruction(line)])
        except (TimelineError, ValueError):
            return None
        self.done[move] += 1
        if line.get("group") or line.get("within"):
            self.done["group"] += 1
        return receipt.id.version

    def open(self) -> None:
        slug = self.data.draw(st.sampled_from([s for s in SLUGS if s not in self.cases]))
        line = {"kind": "case_opened", "case": slug, "title": self.data.draw(words)}
        if self.carry("open", line) is not None:
            self.cases[slug] = Told()

    def fact(self, slug: str, told: Told) -> None:
        fields = self.data.draw(fact_fields())
        version = self.carry("fact", {"case": slug, **fields})
        if version is not None:
            told.facts[version] = fields["kind"]
            self.done[fields["kind"]] += 1

    def aim(self, told: Told) -> tuple[int, str] | None:
        return self.data.draw(st.sampled_from(sorted(told.facts.items()))) if told.facts else None

    def correct(self, slug: str, told: Told) -> None:
        if aimed := self.aim(told):
            changes = self.data.draw(fact_changes(aimed[1]))
            self.carry("correct", {"kind": "correction", "event": f"{slug}:{aimed[0]}",
                                   "changes": changes, "reason": "recounted"})  # fmt: skip

    def cite(self, slug: str, told: Told, disputing: bool = False) -> None:
        if aimed := self.aim(told):
            cited = self.data.draw(st.lists(sources, min_size=1, max_size=2))
            line: dict[str, Any] = {"kind": "dispute" if disputing else "citation",
                                    "event": f"{slug}:{aimed[0]}", "sources": cited}  # fmt: skip
            if disputing:
                line["values"] = self.data.draw(dispute_values(aimed[1]))
            if self.data.draw(st.booleans()):
                line["note"] = self.data.draw(words)
            version = self.carry("dispute" if disputing else "cite", line)
            if version is not None:
                told.cited[version] = (aimed[1] if disputing else None, len(cited))

    def dispute(self, slug: str, told: Told) -> None:
        self.cite(slug, told, disputing=True)

    def amend_citation(self, slug: str, told: Told) -> None:
        if told.cited:
            version, (kind, cites) = self.data.draw(st.sampled_from(sorted(told.cited.items())))
            changes = self.data.draw(citation_changes(kind, cites))
            line = {"kind": "correction", "event": f"{slug}:{version}", "changes": changes,
                    "reason": "misquoted"}  # fmt: skip
            if self.carry("amend citation", line) is not None and "sources" in changes:
                told.cited[version] = (kind, len(changes["sources"]))

    def retract(self, slug: str, told: Told) -> None:
        if aimed := self.aim(told):
            line = {"kind": "retraction", "event": f"{slug}:{aimed[0]}", "reason": "duplicate"}
            if self.carry("retract", line) is not None:
                del told.facts[aimed[0]]

    def retract_citation(self, slug: str, told: Told) -> None:
        if told.cited:
            version = self.data.draw(st.sampled_from(sorted(told.cited)))
            line = {"kind": "retraction", "event": f"{slug}:{version}", "reason": "withdrawn"}
            if self.carry("retract citation", line) is not None:
                del told.cited[version]

    def close(self, slug: str, told: Told) -> None:
        if self.carry("close", {"kind": "case_closed", "case": slug, "reason": "done"}) is not None:
            told.closed = True

    def reopen(self, slug: str, told: Told) -> None:
        line = {"kind": "case_reopened", "case": slug, "reason": "news"}
        if self.carry("reopen", line) is not None:
            told.closed = False

    def erase(self, slug: str, told: Told) -> None:
        if self.erasing:
            self.app.erase(slug, "asked to")
            del self.cases[slug]
            self.done["erase"] += 1


def rows(app: Timeline, views: RecordView) -> list[Any]:
    """Every row of the views as stored (the JSON of a sealed row unsealed), the position
    they are at and their layout."""
    if isinstance(views, SQLRecordView):
        cases = [
            (case_hex, slug, views.unseal_text(case_hex, title), opened, closed,
             None if view is None else views.unseal(case_hex, view))
            for case_hex, slug, title, opened, closed, view in views._rows(
                "SELECT case_id, slug, title, opened, closed, view FROM view_cases "
                "ORDER BY case_id")
        ]  # fmt: skip
        entries = [
            (case_hex, version, earliest, latest, position, retracted,
             views.unseal(case_hex, entry))
            for case_hex, version, earliest, latest, position, retracted, entry in views._rows(
                "SELECT case_id, version, earliest, latest, position, retracted, entry "
                "FROM view_entries ORDER BY case_id, version")
        ]  # fmt: skip
    else:
        cases = [_json(view) for view in views.case_views()]
        entries = [_json(entry) for entry in views.timeline(include_retracted=True)]
    return [cases, entries, views.max_tracking_id(app.name), views.layout()]


def folded(app: Timeline, views: RecordView, page: int) -> list[Any]:
    """The rows of the views emptied, then caught up `page` events at a time, every event
    folded by `Record.apply`."""
    with views.writing() as writer:
        writer.clear(app.name)
    catch_up(app, views, page=page)
    return rows(app, views)


STORES = [("memory", False), ("sqlite", False), ("sqlite", True), ("postgres", False),
          ("postgres", True)]  # fmt: skip
EXAMPLES = {"memory": 40, "sqlite": 40, "postgres": 12}


@pytest.mark.parametrize(("backend", "encrypted"), STORES)
def test_a_rebuild_writes_the_rows_folding_every_event_through_the_fold_writes(
    backend: str, encrypted: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    key: Callable[[], StoreKey] | None = (
        (lambda: StoreKey("k.key", new_key())) if encrypted else None
    )
    reached: Counter[str] = Counter()
    examples = EXAMPLES[backend]
    folder: Path = tmp_path_factory.mktemp("stores")
    with store_maker(backend, folder, key) as make:

        @settings(max_examples=examples, deadline=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
        @given(data=st.data())
        def check(data: st.DataObject) -> None:
            app = make()
            done = Recording(app, data, erasing=encrypted).run(data.draw(st.integers(20, 60)))
            views = open_views(app)
            expected = folded(app, views, data.draw(st.integers(1, 7)))
            held = data.draw(st.sampled_from([0, 1, 2, 3, 6, HELD]))
            amend, compiled = Rebuilding._amend, Counter[str]()

            def counted(self: Rebuilding, at: Any) -> None:
                compiled[type(at.event).__name__] += 1
                amend(self, at)

            with patch.object(Rebuilding, "_amend", counted):
                with bounded(held):
                    rebuild(app, views, page=data.draw(st.integers(1, 7)), held=held)
                assert rows(app, views) == expected
                with bounded(held):  # one page of all, over the views just made: an
                    # amendment in the page of the fact it amends is folded compiled
                    rebuild(app, views, page=1000, held=held)
            assert rows(app, views) == expected
            reached.update(f"compiled {name}" for name in compiled.elements())
            reached.update(done)
            reached["examples"] += 1
            reached["rows"] += len(expected[1])
            reached["let go"] += held < len(expected[1])

        check()
    assert reached["examples"] == examples, reached
    assert reached["rows"] >= 2 * examples, reached
    assert reached["let go"] >= examples // 6, reached
    for move in ["fact", "correct", "cite", "dispute", "amend citation", "retract",
                 "retract citation", "close", "group"]:  # fmt: skip
        assert reached[move] >= examples // 8, (move, reached)
    # fewer: only an amendment of a fact no other event amended before it is compiled (each
    # form is checked over many more in `tests/unit/test_compiled.py`)
    assert reached["compiled FactCorrected"] and reached["compiled FactRetracted"], reached
    if encrypted:
        assert reached["erase"] >= examples // 8, reached
    if examples >= 40:
        assert set(FACT_KINDS) <= set(reached), reached


def bounded(held: int) -> Any:
    """Within this block, a rebuild holds at most `held` entries after each page, and replays
    the events once (views left as a fold writes them keep no row it would not make)."""
    apply, replay, replays = Rebuilding.apply, runner._replay, []

    def checked(self: Rebuilding, page: Any) -> None:
        apply(self, page)
        assert self._holding() <= held

    def counted(*args: Any) -> int:
        replays.append(args)
        return replay(*args)

    stack = ExitStack()
    stack.enter_context(patch.object(Rebuilding, "apply", checked))
    stack.enter_context(patch.object(runner, "_replay", counted))
    stack.callback(lambda: len(replays) == 1 or pytest.fail(f"replayed {len(replays)} times"))
    return stack


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_rebuild_drops_a_timeline_row_no_event_makes(
    backend: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with store_maker(backend, tmp_path_factory.mktemp("stores")) as make:
        app = make()
        app.carry_out([read_instruction(line) for line in [
            {"kind": "case_opened", "case": "amur", "title": "The twelve"},
            {"kind": "arrived", "case": "amur", "date": "2009-09", "destination": "South Korea",
             "text": "They arrived", "sources": [{"outlet": "Kyodo", "published": "2009-12-23"}]},
        ]])  # fmt: skip
        views = open_views(app)
        expected = folded(app, views, 1000)
        stray = views._rows("SELECT * FROM view_entries")[0]
        with views.writing() as writer:  # a row of a version no event recorded
            writer.c.execute(views.sql("INSERT INTO view_entries VALUES (?, ?, ?, ?, ?, ?, ?)"),
                             (stray[0], 9, *stray[2:]))  # type: ignore[attr-defined]  # fmt: skip
        rebuild(app, views)
        assert rows(app, views) == expected
