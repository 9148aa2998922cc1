"""One report republished is one source: a source marks the report it carries (`via`), and a
summary counts the independent reports that confirm an event."""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from events.sources import Source, parse_source
from projections.record import Corroboration
from reports.summary import summarise
from tests.unit.test_summary import NOW, entry

outlets = st.sampled_from(["Yonhap", "Kyodo", "Korea Herald", "Chosun Ilbo", "NK News"])
sources = st.builds(
    Source, outlet=outlets, published=st.sampled_from(["2009-12-24", "2009-12-25"]),
    via=st.none() | outlets,
)  # fmt: skip


def test_a_source_typed_with_via_names_the_report_it_carries() -> None:
    carried = parse_source("Korea Herald, 2009-12-24, p. 3; via Yonhap")
    assert (carried.outlet, carried.reference, carried.via) == ("Korea Herald", "p. 3", "Yonhap")
    assert carried.graded_citation() == "Korea Herald, 2009-12-24 (p. 3), via Yonhap"
    assert parse_source("Kyodo, 2009-12-23, seen via satellite").via is None


def _confirmed(own: Source, cited: list[Source]) -> str:
    citations = tuple(
        Corroboration(id=f"c:{i + 3}", position=i + 3, recorded=NOW, sources=(s,))
        for i, s in enumerate(cited)
    )
    told = entry(people=2, sources=[own.model_dump()]).model_copy(update={"citations": citations})
    (said,) = summarise([told]).periods[0].sentences
    (note,) = [n for n in said.notes if "confirmed" in n or "one report" in n]
    return note


COUNTED: Counter[str] = Counter()


@settings(max_examples=200, deadline=None)
@given(own=sources, cited=st.lists(sources, min_size=1, max_size=4), data=st.data())
def test_confirmations_count_independent_reports_and_a_republication_adds_none(
    own: Source, cited: list[Source], data: Any
) -> None:
    origins = {s.via or s.outlet for s in [own, *cited]}
    said = _confirmed(own, cited)
    if len(origins) == 1:
        assert said == f"its sources carry one report, {own.via or own.outlet}'s"
    else:
        assert said.startswith("confirmed by ") and said.endswith(" independent sources")
        assert said.split()[2] == ["no", "one", "two", "three", "four", "five"][len(origins)]
    carrier = data.draw(outlets)
    copy = Source(
        outlet=carrier, published="2009-12-26", via=data.draw(st.sampled_from(sorted(origins)))
    )
    assert _confirmed(own, [*cited, copy]) == said
    COUNTED["one report" if len(origins) == 1 else "independent"] += 1


def test_the_confirmation_property_reached_its_assertions() -> None:
    COUNTED.clear()
    test_confirmations_count_independent_reports_and_a_republication_adds_none()
    assert COUNTED["independent"] >= 100 and COUNTED["one report"] >= 10, COUNTED
