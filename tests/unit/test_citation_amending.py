"""A citation or dispute can be corrected or retracted: the Case aggregate's rules, and the
fold that shows each as it now stands, with its history."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.case import Case
from domain.errors import CitationAlreadyRetracted, InvalidCorrection, TimelineError
from domain.recorded import Recorded
from events.facts import FACT, Fact
from events.sources import Source
from projections.record import TimelineEntry, fold

KYODO = {"outlet": "Kyodo", "published": "2009-12-23"}
YONHAP = {"outlet": "Yonhap", "published": "2009-12-24", "quote": "twelve", "grade": "B2"}
CHOSUN = {"outlet": "Chosun Ilbo", "published": "2010-01-05"}


def arrived() -> Fact:
    return FACT.validate_python({"kind": "arrived", "date": "2009-09", "people": 12,
                                 "destination": "South Korea", "text": "t",
                                 "sources": [KYODO]})  # fmt: skip


def sources(*given: dict[str, Any]) -> tuple[Source, ...]:
    return tuple(Source.model_validate(s) for s in given)


def amur() -> Case:
    """A case whose event 2 is cited by 3 (Yonhap) and disputed by 4 (Chosun gives 14)."""
    case = Case(slug="amur", title="t")
    case.record(arrived())
    case.cite(2, sources(YONHAP), "names the twelve")
    case.dispute(2, {"people": 14}, sources(CHOSUN), None)
    return case


def entry_of(case: Case) -> TimelineEntry:
    events = case.collect_events()
    record = fold(Recorded(n, e) for n, e in enumerate(events, 1))
    (entry,) = record.entries(include_retracted=True)
    return entry


# the rules


def test_a_citation_is_retracted_once_and_then_cannot_be_corrected() -> None:
    case = amur()
    assert str(case.retract(3, "misread")) == "amur:5"
    with pytest.raises(CitationAlreadyRetracted, match="citation 'amur:3' is already retracted"):
        case.retract(3, "again")
    with pytest.raises(CitationAlreadyRetracted, match="a retracted citation cannot be corrected"):
        case.correct(3, {"note": "n"}, "why", ())


def test_a_retracted_dispute_is_refused_as_a_citation_is() -> None:
    case = amur()
    case.retract(4, "misread")
    with pytest.raises(CitationAlreadyRetracted, match="dispute 'amur:4' is already retracted"):
        case.retract(4, "again")
    with pytest.raises(CitationAlreadyRetracted, match="retracted dispute cannot be corrected"):
        case.correct(4, {"people": 13}, "why", ())


def test_retracting_a_citation_leaves_the_event_it_cites_live() -> None:
    case = amur()
    case.retract(3, "misread")
    case.correct(2, {"people": 11}, "recount", ())  # the event itself: still correctable
    *_, retraction, _ = case.collect_events()
    assert isinstance(retraction, Case.CitationRetracted)
    assert (retraction.target, retraction.about) == (3, 2)


def test_a_quote_of_a_citation_of_one_source_is_of_that_source() -> None:
    case = amur()
    case.correct(3, {"quote": "the twelve"}, "misquoted", ())
    correction = case.collect_events()[-1]
    assert isinstance(correction, Case.CitationCorrected)
    assert (correction.about, correction.changes) == (2, {"nth": 1, "quote": "the twelve"})


def test_a_quote_or_grade_of_a_citation_of_several_sources_says_which() -> None:
    case = amur()
    case.cite(2, sources(YONHAP, CHOSUN), None)
    with pytest.raises(InvalidCorrection, match="grade: the citation cites 2 sources: say which"):
        case.correct(5, {"grade": "C3"}, "why", ())
    with pytest.raises(InvalidCorrection, match=r"nth: .* from 1 to 2 \(got 3\)"):
        case.correct(5, {"grade": "C3", "nth": 3}, "why", ())
    case.correct(5, {"grade": "C3", "nth": 2}, "why", ())


def test_sources_given_anew_are_the_ones_a_quote_is_then_of() -> None:
    case = amur()
    case.cite(2, sources(YONHAP, CHOSUN), None)
    case.correct(5, {}, "one outlet, not two", sources(CHOSUN))
    case.correct(5, {"quote": "fourteen"}, "quoted", ())  # one source now: no nth needed


@pytest.mark.parametrize(
    ("target", "changes", "says"),
    [
        (3, {"people": 14}, "people: a citation gives no values"),
        (4, {"people": "many"}, "people: "),
        (4, {"mission": "x"}, "mission: no such field on arrived"),
        (3, {"grade": "B9"}, "grade: grade 'B9'"),
        (3, {"quote": "  "}, "quote: must not be empty"),
        (3, {"nth": 1}, "nth: it says which source"),
        (3, {"sources": []}, "sources: "),
        (3, {"sources": [CHOSUN], "quote": "q"}, "quote: the sources are given anew"),
        (3, {}, "give at least one new value"),
    ],
)
def test_a_correction_of_a_citation_or_dispute_is_checked(
    target: int, changes: dict[str, Any], says: str
) -> None:
    with pytest.raises(InvalidCorrection, match=f"correction of 'amur:{target}' refused: {says}"):
        amur().correct(target, changes, "why", ())


def test_sources_given_twice_are_refused() -> None:
    with pytest.raises(InvalidCorrection, match="sources: give the new sources once"):
        amur().correct(3, {"sources": [CHOSUN]}, "why", sources(KYODO))


def test_a_quote_grade_or_note_is_refused_on_a_dated_event_naming_what_it_is() -> None:
    with pytest.raises(InvalidCorrection, match=r"quote, note: a field of a citation or dispute,"
                       r" not of a dated event \(arrived\)"):  # fmt: skip
        amur().correct(2, {"quote": "q", "note": "n"}, "why", ())


def test_a_correction_of_an_event_without_new_values_is_refused() -> None:
    with pytest.raises(InvalidCorrection, match="give at least one new value"):
        amur().correct(2, {}, "why", sources(CHOSUN))


# the fold


def test_a_corrected_citation_shows_as_it_now_stands_with_its_correction() -> None:
    case = amur()
    case.correct(3, {"quote": "the twelve", "grade": "C3", "note": "names them"}, "misquoted", ())
    (cited,) = entry_of(case).citations
    assert (cited.sources[0].quote, cited.sources[0].grade, cited.note) == (
        "the twelve", "C3", "names them",
    )  # fmt: skip
    assert [(c.id, c.reason) for c in cited.corrections] == [("amur:5", "misquoted")]


def test_a_retracted_citation_is_kept_and_confirms_nothing() -> None:
    case = amur()
    case.retract(3, "another story")
    entry = entry_of(case)
    (cited,) = entry.citations
    assert cited.retracted and cited.retraction is not None
    assert cited.retraction.reason == "another story"
    assert [s.outlet for s in entry.supporting()] == ["Kyodo"]
    assert [s.outlet for s in entry.all_sources()] == ["Kyodo", "Chosun Ilbo"]
    assert not entry.graded_at_least("B2")


def test_a_retracted_dispute_no_longer_marks_the_event_disputed() -> None:
    case = amur()
    case.retract(4, "Chosun gives 12")
    entry = entry_of(case)
    assert not entry.disputed and entry.open_disputes() == ()
    assert entry.disputes[0].retracted and entry.people == 12


def test_a_correction_of_a_disputed_value_is_told_and_keeps_the_dispute_open() -> None:
    case = amur()
    case.correct(4, {"people": 15, "note": "as printed"}, "misread", ())
    entry = entry_of(case)
    (dispute,) = entry.disputes
    assert (dispute.values, dispute.note, entry.disputed) == ({"people": 15}, "as printed", True)


def test_a_correction_of_the_event_settles_no_retracted_dispute() -> None:
    case = amur()
    case.retract(4, "misread")
    case.correct(2, {"people": 14}, "recount", ())
    (dispute,) = entry_of(case).disputes
    assert dispute.settled_by is None and dispute.retracted


# a property: the fold against a model of "as it now stands"


def _a_source(n: int) -> dict[str, Any]:
    return {"outlet": f"Outlet {n}", "published": "2010"}


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("cite"), st.integers(1, 3)),
        st.tuples(st.just("dispute"), st.integers(1, 3), st.integers(0, 30)),
        st.tuples(st.just("note"), st.integers(0, 9), st.text("abc", min_size=1, max_size=3)),
        st.tuples(st.just("quote"), st.integers(0, 9), st.none() | st.integers(1, 3)),
        st.tuples(st.just("grade"), st.integers(0, 9), st.sampled_from(["A1", "C3", "F6"])),
        st.tuples(st.just("sources"), st.integers(0, 9), st.integers(1, 3)),
        st.tuples(st.just("value"), st.integers(0, 9), st.integers(0, 30)),
        st.tuples(st.just("retract"), st.integers(0, 9)),
        st.tuples(st.just("people"), st.integers(1, 30)),  # 0 is no one: refused
    ),
    max_size=14,
)


class Model:
    """What each citation and dispute of event 2 now says, by version, told simply."""

    def __init__(self) -> None:
        self.cited: dict[int, dict[str, Any]] = {}
        self.people = 12
        self.version = 2

    def apply(self, case: Case, operation: tuple[Any, ...]) -> None:
        """Do `operation` to `case` and to the model; the model says whether it is refused."""
        name, *args = operation
        ids = sorted(self.cited)
        target = ids[args[0] % len(ids)] if ids and name not in ("cite", "dispute", "people") else 0
        item = self.cited.get(target)
        refused = item is None and name not in ("cite", "dispute", "people")
        refused = refused or (item is not None and item["retracted"])
        if name == "value":
            refused = refused or item["which"] == "citation"
        if name == "quote" and item is not None:
            nth = args[1]
            refused = (
                refused
                or (len(item["sources"]) if nth is None else nth) > len(item["sources"])
                or (nth is None and len(item["sources"]) > 1)
            )
        try:
            self._do(case, name, target, args)
        except TimelineError:
            assert refused, operation
            return
        assert not refused, operation
        self.version += 1
        self._follow(name, target, args)

    def _do(self, case: Case, name: str, target: int, args: list[Any]) -> None:
        match name:
            case "cite":
                case.cite(2, sources(*map(_a_source, range(args[0]))), None)
            case "dispute":
                case.dispute(2, {"people": args[1]}, sources(*map(_a_source, range(args[0]))), None)
            case "note":
                case.correct(target, {"note": args[1]}, "r", ())
            case "quote":
                nth = {} if args[1] is None else {"nth": args[1]}
                case.correct(target, {"quote": "q", **nth}, "r", ())
            case "grade":
                case.correct(target, {"grade": args[1], "nth": 1}, "r", ())
            case "sources":
                case.correct(target, {}, "r", sources(*map(_a_source, range(5, 5 + args[1]))))
            case "value":
                case.correct(target, {"people": args[1]}, "r", ())
            case "retract":
                case.retract(target, "r")
            case "people":
                case.correct(2, {"people": args[0]}, "r", ())

    def _follow(self, name: str, target: int, args: list[Any]) -> None:
        item = self.cited.get(target, {})
        match name:
            case "cite" | "dispute":
                self.cited[self.version] = {
                    "which": "citation" if name == "cite" else "dispute", "sources": [_a_source(n) for n in range(args[0])],
                    "note": None, "values": {"people": args[1]} if name == "dispute" else None,
                    "retracted": False, "corrections": [], "settled_by": None,
                }  # fmt: skip
                return
            case "people":
                self.people = args[0]
                for other in self.cited.values():
                    if other["values"] and not other["retracted"] and not other["settled_by"]:
                        other["settled_by"] = f"amur:{self.version}"
                return
            case "note":
                item["note"] = args[1]
            case "quote":
                item["sources"][(args[1] or 1) - 1]["quote"] = "q"
            case "grade":
                item["sources"][0]["grade"] = args[1]
            case "sources":
                item["sources"] = [_a_source(n) for n in range(5, 5 + args[1])]
            case "value":
                item["values"] = {"people": args[1]}
            case "retract":
                item["retracted"] = True
                return
        item["corrections"].append(f"amur:{self.version}")

    def check(self, entry: TimelineEntry) -> None:
        told = {int(c.id.rpartition(":")[2]): c for c in (*entry.citations, *entry.disputes)}
        assert sorted(told) == sorted(self.cited)
        for version, item in self.cited.items():
            now = told[version]
            assert [s.model_dump(exclude_none=True) for s in now.sources] == item["sources"]
            assert (now.note, now.retracted) == (item["note"], item["retracted"])
            assert [c.id for c in now.corrections] == item["corrections"]
            assert getattr(now, "values", None) == item["values"]
            assert getattr(now, "settled_by", None) == item["settled_by"]
        live = [i for i in self.cited.values() if not i["retracted"]]
        assert entry.disputed == any(i["values"] and not i["settled_by"] for i in live)
        cited = [s for i in live if i["which"] == "citation" for s in i["sources"]]
        supporting = [s.model_dump(exclude_none=True) for s in entry.supporting()]
        assert supporting == list({tuple(sorted(s.items())): s for s in [KYODO, *cited]}.values())
        assert entry.people == self.people


@settings(max_examples=150, deadline=None)
@given(OPERATIONS)
def test_citations_and_disputes_fold_to_what_they_now_say(operations: list[Any]) -> None:
    case = Case(slug="amur", title="t")
    case.record(arrived())
    model = Model()
    for operation in operations:
        model.apply(case, operation)
    model.check(entry_of(case))


@settings(max_examples=100, deadline=None)
@given(OPERATIONS, st.integers(0, 9))
def test_retracting_a_citation_never_changes_the_events_fields(
    operations: list[Any], which: int
) -> None:
    case = Case(slug="amur", title="t")
    case.record(arrived())
    model = Model()
    for operation in operations:
        model.apply(case, operation)
    live = [v for v, item in model.cited.items() if not item["retracted"]]
    if not live:
        case.cite(2, sources(YONHAP), None)
        live = [case.version]
    events = case.collect_events()
    before = fold(Recorded(n, e) for n, e in enumerate(events, 1)).entries()[0]
    case.retract(live[which % len(live)], "withdrawn")
    after = entry_of_all(events + case.collect_events())
    assert after.fact() == before.fact()
    assert (after.retracted, after.corrections) == (before.retracted, before.corrections)


def entry_of_all(events: list[Any]) -> TimelineEntry:
    (entry,) = fold(Recorded(n, e) for n, e in enumerate(events, 1)).entries()
    return entry
