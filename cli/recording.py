"""Commands that add to the record: append, correct, retract."""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.options import Grade, Json, Store, sources_given
from cli.output import print_json

if TYPE_CHECKING:
    from domain.recorded import Receipt

FACT_PANEL = "What happened"
KIND_PANEL = "Kind-specific fields (see `timeline kinds`)"


def _opt(*names: str, help: str, panel: str = KIND_PANEL) -> Any:
    return typer.Option(*names, help=help, rich_help_panel=panel, show_default=False)


def append(
    case: Annotated[str, typer.Argument(help="The case's slug.", show_default=False)],
    kind: Annotated[str, typer.Argument(help="The kind of event (`timeline kinds` lists them).")],
    date: Annotated[
        str,
        _opt(
            "--date", "-d", help="EDTF: 2004, 2009-09, 2007/2009, 2004/.., 2004~", panel=FACT_PANEL
        ),
    ],
    text: Annotated[
        str, _opt("--text", "-t", help="What happened, in a sentence.", panel=FACT_PANEL)
    ],
    source: Annotated[
        list[str],
        _opt("--source", help="'OUTLET, DATE[, REFERENCE]'; repeatable.", panel=FACT_PANEL),
    ],
    quote: Annotated[
        str | None,
        _opt("--quote", help="The passage of the first source relied on.", panel=FACT_PANEL),
    ] = None,
    place: Annotated[
        str | None, _opt("--place", help="Where it happened.", panel=FACT_PANEL)
    ] = None,
    people: Annotated[
        int | None, _opt("--people", "-n", help="How many people.", panel=FACT_PANEL)
    ] = None,
    group: Annotated[
        str | None,
        _opt(
            "--group",
            "-g",
            help="Which group of the case it is about (none: the case's main group).",
            panel=FACT_PANEL,
        ),
    ] = None,
    actor: Annotated[
        list[str] | None, _opt("--actor", help="Who acted; repeatable.", panel=FACT_PANEL)
    ] = None,
    agency: Annotated[
        list[str] | None,
        _opt("--agency", help="Agency or mission involved; repeatable.", panel=FACT_PANEL),
    ] = None,
    grade: Grade = None,
    store: Store = "timeline.db",
    json: Json = False,
    **kind_fields: Any,
) -> None:
    """Record one dated event in a case; prints the new event's id.

    Example: timeline append amur-2009-group agency_contacted --date 2007/2009
    --people 12 --contacted "UNHCR Moscow office" --channel letter --channel phone
    --source "Kyodo, 2009-12-23" --text "Sought asylum in South Korea by letter or phone"
    """
    from cli.store import open_store
    from events.instructions import read_instruction

    given = {
        "date": date, "text": text, "sources": sources_given(source, quote, grade),
        "place": place, "people": people, "group": group, "actors": actor, "agencies": agency,
        **{k.removeprefix(_KIND): v for k, v in kind_fields.items() if v is not False},
    }  # fmt: skip
    line = {"kind": kind, "case": case, **{k: v for k, v in given.items() if v not in (None, [])}}
    instruction = read_instruction(line)
    app = open_store(store)
    report(app.carry_out([instruction])[0], json)


_KIND = "kind_"
"""The prefix of the parameters of kind-specific fields (`agency` is also a common option)."""


def _kind_parameters() -> list[inspect.Parameter]:
    """One keyword parameter per kind-specific field, as `cli/kind_options.py` derives them
    from the vocabulary: a new kind needs no edit here."""
    from cli.kind_options import KIND_OPTIONS

    parameters = []
    for o in KIND_OPTIONS:
        shape = o["shape"]
        said = "; ".join(f"{kind}: {words}" for kind, words in o["help"].items())
        repeat = "; repeatable" if shape == "list" else ""
        help_ = f"{said}{repeat}."
        hint: Any = {"flag": bool, "list": list[str] | None}.get(shape, str | None)
        parameters.append(inspect.Parameter(
            _KIND + o["field"], inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[hint, _opt(o["option"], help=help_)],
            default=False if shape == "flag" else None,
        ))  # fmt: skip
    return parameters


def _with_kind_options(command: Any) -> None:
    """Give `command` (whose `**kind_fields` take them) the options of every kind."""
    fixed = inspect.signature(command, eval_str=True).parameters.values()
    named = [p for p in fixed if p.kind is not inspect.Parameter.VAR_KEYWORD]
    command.__signature__ = inspect.Signature([*named, *_kind_parameters()])


_with_kind_options(append)


def correct(
    event: Annotated[str, typer.Argument(help="The event to correct, CASE:N.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why the correction is made.")],
    date: Annotated[str | None, typer.Option("--date", "-d", help="New EDTF date.")] = None,
    text: Annotated[str | None, typer.Option("--text", "-t", help="New text.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="New place.")] = None,
    people: Annotated[
        int | None, typer.Option("--people", "-n", help="New number of people.")
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set", help="FIELD=VALUE for any other field (VALUE may be JSON); repeatable."
        ),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="Who says so: 'OUTLET, DATE[, REFERENCE]'; repeatable."),
    ] = None,
    store: Store = "timeline.db",
    json: Json = False,
) -> None:
    """Give new values for fields of an earlier event, with a reason; nothing is overwritten."""
    from cli.store import open_store
    from events.instructions import CorrectEvent
    from events.sources import parse_source

    changes: dict[str, Any] = {
        k: v
        for k, v in {"date": date, "text": text, "place": place, "people": people}.items()
        if v is not None
    }
    changes.update(assignments(set_ or []))
    if not changes:
        raise typer.BadParameter(
            "give at least one new value (--date, --text, --place, --people or --set)"
        )
    instruction = CorrectEvent(
        event=event,
        changes=changes,
        reason=reason,
        sources=tuple(parse_source(s) for s in source or []),
    )
    app = open_store(store)
    report(app.carry_out([instruction])[0], json)


def retract(
    event: Annotated[str, typer.Argument(help="The event to retract, CASE:N.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why it is withdrawn.")],
    store: Store = "timeline.db",
    json: Json = False,
) -> None:
    """Withdraw an earlier event from the timeline, with a reason; it stays in the history."""
    from cli.store import open_store
    from events.instructions import RetractEvent

    app = open_store(store)
    report(app.carry_out([RetractEvent(event=event, reason=reason)])[0], json)


def assignments(pairs: list[str]) -> dict[str, Any]:
    import orjson

    changes: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"--set {pair!r}: write it as FIELD=VALUE")
        try:
            changes[name] = orjson.loads(raw)
        except orjson.JSONDecodeError:
            changes[name] = raw
    return changes


def report(receipt: Receipt, as_json: bool) -> None:
    """The new event's id, or with --json the event as `replay --json` shows it."""
    if as_json:
        from projections.history import replay_entry

        print_json(replay_entry(receipt.at, receipt.id.case))
    else:
        print(receipt.id)  # plain: rich is not imported for one line
