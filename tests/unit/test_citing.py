"""A source is cited the same way from its model and from its JSON (`events.citing`): the
tables drawn from stored JSON say what the models say."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from events.citing import graded_citation
from events.sources import Source
from tests.strategies import sources


@given(source=sources)
def test_a_source_is_cited_alike_from_its_model_and_from_its_json(source: dict[str, Any]) -> None:
    model = Source.model_validate(source)
    assert graded_citation(model.model_dump(mode="json")) == model.graded_citation()
    assert model.outlet in model.graded_citation()


def test_a_citation_names_outlet_date_reference_and_grade() -> None:
    source = {"outlet": "Yonhap", "published": "2009-12-24", "reference": "ID 7", "grade": "B2"}
    assert graded_citation(source) == "Yonhap, 2009-12-24 (ID 7) [B2]"
    assert graded_citation({"outlet": "Kyodo", "published": "2009-12-23"}) == "Kyodo, 2009-12-23"
