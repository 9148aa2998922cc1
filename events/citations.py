"""What a correction of a citation or dispute may change, each value checked as its field
requires: the rules the Case aggregate applies (`domain.case.Case.correct_citation`) and the
fold follows (`projections.record`).

A citation's own fields are its `note` and its `sources`: given anew (`sources`, a list of
sources that replaces them all), or one of them amended in place (`quote`, `grade`), the one
`nth` names (1 for the first), which may go unsaid where it cites a single source. A dispute
has these and the values it gives instead of the event's (any other field), each checked as
the field of the disputed event's kind (`events.facts.checked_changes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from events.facts import checked_changes
from events.sources import Grade, Source
from events.values import Text, shown

CITATION, DISPUTE = "citation", "dispute"
OWN_FIELDS = ("sources", "nth", "quote", "grade", "note")
"""The fields of a citation or dispute itself; any other field of a correction of a dispute
is a value it gives."""

_SOURCES: TypeAdapter[tuple[Source, ...]] = TypeAdapter(
    Annotated[tuple[Source, ...], Field(min_length=1)]
)
_TEXT: TypeAdapter[str | None] = TypeAdapter(Text | None)
_GRADE: TypeAdapter[str | None] = TypeAdapter(Grade | None)


def checked_citation_changes(
    which: str, kind: str, cites: int, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """The changes a correction makes to a `which` (`citation` or `dispute`) of an event of
    `kind` that cites `cites` sources, checked, in JSON form, `nth` said where it was left
    unsaid. Raises `ValueError` naming the field and the value."""
    values = {k: v for k, v in changes.items() if k not in OWN_FIELDS}
    if values and which == CITATION:
        raise ValueError(
            f"{', '.join(values)}: a citation gives no values: correct the event it cites, "
            "or record a dispute"
        )
    checked: dict[str, Any] = checked_changes(kind, values) if values else {}
    amended = [name for name in ("quote", "grade") if name in changes]
    if "sources" in changes:
        if amended or "nth" in changes:
            named = ", ".join([*amended, *(["nth"] if "nth" in changes else [])])
            raise ValueError(f"{named}: the sources are given anew: give it within them")
        sources = _checked(_SOURCES, "sources", changes["sources"])
        checked["sources"] = [s.model_dump(mode="json") for s in sources]
    if amended:
        checked["nth"] = _nth(which, cites, changes.get("nth"), " and ".join(amended))
        if "quote" in changes:
            checked["quote"] = _checked(_TEXT, "quote", changes["quote"])
        if "grade" in changes:
            checked["grade"] = _checked(_GRADE, "grade", changes["grade"])
    elif "nth" in changes:
        raise ValueError("nth: it says which source a new quote or grade is of: give one")
    if "note" in changes:
        checked["note"] = _checked(_TEXT, "note", changes["note"])
    if not checked:
        raise ValueError("give at least one new value")
    return checked


def _nth(which: str, cites: int, nth: object, amended: str) -> int:
    """Which of the `cites` sources the `amended` (`quote`, `grade`) is of, 1 for the first."""
    sources = f"the {which} cites {cites} source{'s' if cites != 1 else ''}"
    if nth is None:
        if cites > 1:
            raise ValueError(f"{amended}: {sources}: say which with nth (--nth N; 1 for the first)")
        return 1
    if not isinstance(nth, int) or isinstance(nth, bool) or not 1 <= nth <= cites:
        raise ValueError(f"nth: {sources}: give a number from 1 to {cites} (got {shown(nth)})")
    return nth


def _checked(adapter: TypeAdapter[Any], name: str, value: object) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError as error:
        found = error.errors(include_url=False)[0]
        where = "".join(f".{part}" for part in found["loc"][:-1] if isinstance(part, int | str))
        message = found["msg"].removeprefix("Value error, ")
        raise ValueError(f"{name}{where}: {message} (got {shown(value)})") from None


def corrected_sources(
    sources: list[dict[str, Any]], changes: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """The sources of a citation or dispute (as JSON) once `changes` (checked) are made."""
    if "sources" in changes:
        return list(changes["sources"])
    if "nth" not in changes:
        return sources
    index = changes["nth"] - 1
    amended = {k: changes[k] for k in ("quote", "grade") if k in changes}
    return [{**s, **amended} if n == index else s for n, s in enumerate(sources)]
