"""How a source is cited in one line, from its fields alone.

`events.sources.Source` cites itself with these, and the tables drawn from stored JSON
(`cli.render`) cite a source given as JSON with them, so both say it the same way and
a table needs no model to say it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def citation(outlet: str, published: str, reference: str | None) -> str:
    """`Kyodo, 2009-12-23 (ID 96523)`: how a source is cited in one line."""
    cited = f"{outlet}, {published}"
    return f"{cited} ({reference})" if reference else cited


def graded(cited: str, grade: str | None, via: str | None = None) -> str:
    """A citation with the report it carries and its grade where it has them: `Yonhap,
    2009-12-24 [B2]`, `Korea Herald, 2009-12-24, via Yonhap [B2]`."""
    carried = f"{cited}, via {via}" if via else cited
    return f"{carried} [{grade}]" if grade else carried


def graded_citation(source: Mapping[str, Any]) -> str:
    """The graded citation of a source written as JSON (`Source`'s fields)."""
    cited = citation(source["outlet"], source["published"], source.get("reference"))
    return graded(cited, source.get("grade"), source.get("via"))


def dispute_said(
    dispute_id: str | None,
    by: str,
    values: Mapping[str, object],
    settled_by: str | None,
    recorded: Callable[[str], object],
) -> str:
    """A dispute in one line, as `show` and every export tell it: `disputed (c:9): Chosun
    Ilbo, 2010-01-05 [C3] gives people 14 where the record has 12`; once a correction
    settled it, `dispute (c:9) settled by c:10: Chosun Ilbo, 2010-01-05 [C3] gave people
    14`. `by`: its sources, cited; `recorded(name)`: the value the record has now. Without
    its id (`dispute_id` None, for a reader's page): `disputed: ...`, `dispute, since
    settled: ...`."""
    if settled_by:
        gave = "; ".join(f"{name} {shown(value)}" for name, value in values.items())
        if dispute_id is None:
            return f"dispute, since settled: {by} gave {gave}"
        return f"dispute ({dispute_id}) settled by {settled_by}: {by} gave {gave}"
    given = "; ".join(
        f"{name} {shown(value)} where the record has {shown(recorded(name))}"
        for name, value in values.items()
    )
    return (
        f"disputed: {by} gives {given}"
        if dispute_id is None
        else (f"disputed ({dispute_id}): {by} gives {given}")
    )


def shown(value: object) -> str:
    """A value as a dispute tells it: `none`, `14`, `['a', 'b']` (a tuple as the list it
    is in JSON)."""
    if value is None:
        return "none"
    return str(list(value)) if isinstance(value, tuple) else str(value)
