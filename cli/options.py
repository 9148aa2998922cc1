"""Options shared by every command: where the store is and its key, JSON for scripts, and
when."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.types import FloatRange, IntRange, ParamType

if TYPE_CHECKING:
    from projections.known import Known

STORE_HELP = (
    "The store: an SQLite file (default ./timeline.db), a PostgreSQL schema "
    "(postgresql://USER@HOST:PORT/DB?schema=NAME), or :memory: for a throwaway one."
)

Store = Annotated[
    str,
    typer.Option("--store", "-s", envvar="TIMELINE_STORE", help=STORE_HELP, show_default=True),
]
KEY_VARIABLE = "TIMELINE_KEY_FILE"
KeyFile = Annotated[
    str | None,
    typer.Option(
        "--key-file",
        envvar=KEY_VARIABLE,
        help="The key of an encrypted store: a file made by `timeline key new` "
        "(or TIMELINE_KEY_FILE).",
        show_default=False,
    ),
]
"""Every command that opens a store declares this beside `Store`, and gives both to
`cli.store.open_store` as one `StoreSpec`."""
Json = Annotated[bool, typer.Option("--json", help="Print JSON (with orjson) for scripts.")]
Oneline = Annotated[
    bool,
    typer.Option(
        "--oneline",
        help="One line an event, never wrapped: for grep, cut and narrow terminals.",
    ),
]
LAST_POSITION = 2**63 - 1
"""The largest position a store can hold (a signed 64-bit integer)."""
_WHOLE = re.compile(r"\s*[+-]?[0-9]+\s*")
_DECIMAL = re.compile(r"\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*")


def _in_ascii_digits(
    kind: ParamType, pattern: re.Pattern[str], value: Any, param: Any, ctx: Any
) -> None:
    """Refuse a typed `value` not written in ASCII digits: click converts with Python's
    `int` and `float`, which read any script's digits (`int("٣")` is 3) and underscores
    (`int("1_0")` is 10), where the record writes its numbers as JSON does."""
    if isinstance(value, str) and not pattern.fullmatch(value):
        kind.fail(f"{value!r} is not a {kind.name}", param, ctx)


def _range_in_words(low: float | None, high: float | None) -> str:
    """A range as `--help` says it: `0 to 65535`, `at least 1`; nothing when there is
    none (click's own says `x<=None` of a range without bounds). The largest position a
    store holds is no bound a user meets: `at least 0`."""
    if high is not None and high >= LAST_POSITION:
        high = None
    if low is not None and high is not None:
        return f"{low} to {high}"
    if low is not None:
        return f"at least {low}"
    return "" if high is None else f"at most {high}"


class WholeNumber(IntRange):
    """click's whole number in a range, in ASCII digits only (`_in_ascii_digits`)."""

    name = "whole number"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        _in_ascii_digits(self, _WHOLE, value, param, ctx)
        return super().convert(value, param, ctx)

    def _describe_range(self) -> str:
        return _range_in_words(self.min, self.max)


class Number(FloatRange):
    """click's number in a range, in ASCII digits only (`_in_ascii_digits`)."""

    name = "number"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        _in_ascii_digits(self, _DECIMAL, value, param, ctx)
        return super().convert(value, param, ctx)

    def _describe_range(self) -> str:
        return _range_in_words(self.min, self.max)


ScrubWait = Annotated[
    float,
    typer.Option(
        "--wait",
        help="Seconds to wait for other processes still reading what an erasure destroyed "
        "(a running `timeline serve`), before saying what is left on disk.",
        click_type=Number(min=0, max=3600),
    ),
]


def slug_filter(value: str | list[str] | None) -> str | list[str] | None:
    """A `--case` value: a case's slug, never empty (an empty filter would keep everything)."""
    from events.ids import check_slug

    for slug in [value] if isinstance(value, str) else value or []:
        try:
            check_slug(slug)
        except ValueError as error:
            raise typer.BadParameter(str(error)) from None
    return value


CaseFilter = Annotated[
    str | None,
    typer.Option(
        "--case",
        "-c",
        help="Only this case (its slug).",
        show_default=False,
        callback=slug_filter,
    ),
]
IncludeRetracted = Annotated[
    bool, typer.Option("--include-retracted", help="Also show retracted events, marked as such.")
]
AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Read the record as it was at this moment of recording (ISO 8601, UTC if no "
        "offset: 2026-11-28T14:00:00Z); later corrections and retractions are ignored.",
        show_default=False,
        rich_help_panel="As known earlier",
    ),
]
Until = Annotated[
    int | None,
    typer.Option(
        "--until",
        help="Read the record as it was after the event at this position of the log.",
        show_default=False,
        click_type=WholeNumber(min=0, max=LAST_POSITION),
        rich_help_panel="As known earlier",
    ),
]


def known(as_of: str | None, until: int | None) -> Known:
    """The moment of recording named by --as-of and --until (now if neither)."""
    from projections.known import known_at

    try:
        return known_at(as_of, until)
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--as-of") from None


def edtf_filter(value: str | None) -> str | None:
    """A `--from`/`--to` value: an EDTF date, never empty (that would filter nothing)."""
    from events.edtf import EdtfError, parse_edtf

    if value is not None:
        try:
            parse_edtf(value)
        except EdtfError as error:
            raise typer.BadParameter(str(error)) from None
    return value


From = Annotated[
    str | None,
    typer.Option(
        "--from", help="Only events that may have happened on or after this EDTF date.",
        callback=edtf_filter,
    ),
]  # fmt: skip
To = Annotated[
    str | None,
    typer.Option(
        "--to", help="Only events that may have happened on or before this EDTF date.",
        callback=edtf_filter,
    ),
]  # fmt: skip


def grade_option(value: str | None) -> str | None:
    """A `--grade` value: an Admiralty grade, `B2` (`b2` is read as `B2`)."""
    if value is None:
        return None
    from events.sources import check_grade  # pydantic's models: only when a grade is given

    try:
        return check_grade(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


Grade = Annotated[
    str | None,
    typer.Option(
        "--grade",
        help="Admiralty grade of the sources given: reliability A-F, credibility 1-6 (B2).",
        callback=grade_option,
        show_default=False,
    ),
]


Via = Annotated[
    str | None,
    typer.Option(
        "--via",
        help="The outlet whose report the sources given carry (a newspaper running an agency's "
        "story: --via Yonhap); for one source of several, end it with '; via OUTLET'. Sources "
        "of one report count as one where confirmations are counted.",
        show_default=False,
    ),
]


def sources_given(
    given: list[str], quote: str | None, grade: str | None, via: str | None = None
) -> list[dict[str, object]]:
    """The sources of `--source` (with `--quote` for the first, `--grade` and `--via` for
    each)."""
    from events.sources import parse_source

    sources = [parse_source(s).model_dump(mode="json", exclude_none=True) for s in given]
    if quote and sources:
        sources[0]["quote"] = quote
    for source in sources:
        if grade:
            source["grade"] = grade
        if via:
            source["via"] = via
    return sources
