"""How a source is cited in one line, from its fields alone.

`events.sources.Source` cites itself with these, and the tables drawn from stored JSON
(`cli.render`) cite a source given as JSON with them, so both say it the same way and
a table needs no model to say it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def citation(outlet: str, published: str, reference: str | None) -> str:
    """`Kyodo, 2009-12-23 (ID 96523)`: how a source is cited in one line."""
    cited = f"{outlet}, {published}"
    return f"{cited} ({reference})" if reference else cited


def graded(cited: str, grade: str | None) -> str:
    """A citation with its grade where it has one: `Yonhap, 2009-12-24 [B2]`."""
    return f"{cited} [{grade}]" if grade else cited


def graded_citation(source: Mapping[str, Any]) -> str:
    """The graded citation of a source written as JSON (`Source`'s fields)."""
    cited = citation(source["outlet"], source["published"], source.get("reference"))
    return graded(cited, source.get("grade"))
