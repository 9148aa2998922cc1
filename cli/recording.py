"""Commands that add to the record: append, correct, retract."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.options import Grade, Json, Store, sources_given
from cli.output import console, print_json

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
    channel: Annotated[
        list[str] | None,
        _opt("--channel", help="in_person, letter, phone, email, other; repeatable."),
    ] = None,
    contacted: Annotated[
        str | None, _opt("--contacted", help="agency_contacted: the agency contacted.")
    ] = None,
    purpose: Annotated[
        str | None, _opt("--purpose", help="agency_contacted: what was asked for.")
    ] = None,
    mission: Annotated[
        str | None, _opt("--mission", help="fled_to_mission: which mission.")
    ] = None,
    mission_country: Annotated[
        str | None, _opt("--mission-country", help="fled_to_mission: whose mission.")
    ] = None,
    requested_from: Annotated[
        str | None, _opt("--requested-from", help="asylum_requested: to whom.")
    ] = None,
    country: Annotated[
        str | None, _opt("--country", help="asylum_*: the country of asylum.")
    ] = None,
    granted_by: Annotated[
        str | None, _opt("--granted-by", help="asylum_granted: who granted it.")
    ] = None,
    origin: Annotated[
        str | None, _opt("--origin", help="departed_to_third_country: from where.")
    ] = None,
    destination: Annotated[
        str | None, _opt("--destination", help="departed/arrived/pending: to where.")
    ] = None,
    helped_by: Annotated[
        list[str] | None,
        _opt("--helped-by", help="departed_to_third_country: who helped; repeatable."),
    ] = None,
    handled_by: Annotated[
        str | None, _opt("--handled-by", help="application_pending: who handles it.")
    ] = None,
    population: Annotated[
        str | None, _opt("--population", help="figure_reported: who is counted.")
    ] = None,
    region: Annotated[
        str | None, _opt("--region", help="figure_reported: where they are counted.")
    ] = None,
    about: Annotated[
        bool, _opt("--about", help="figure_reported: the count is approximate.")
    ] = False,
    reported_by: Annotated[
        str | None, _opt("--reported-by", help="figure_reported: who gives it.")
    ] = None,
    authority: Annotated[
        str | None, _opt("--authority", help="policy_stated: who stated it.")
    ] = None,
    manner: Annotated[
        str | None, _opt("--manner", help="returned: forced, voluntary or unknown.")
    ] = None,
    means: Annotated[
        str | None, _opt("--means", help="returned: deported, repatriated or handed_over.")
    ] = None,
    returned_by: Annotated[
        str | None, _opt("--returned-by", help="returned: who sent them back.")
    ] = None,
    applied_for: Annotated[
        str | None,
        _opt(
            "--applied-for", help="application_refused: asylum, refugee_status, temporary_asylum."
        ),
    ] = None,
    refused_by: Annotated[
        str | None, _opt("--refused-by", help="application_refused: who refused it.")
    ] = None,
    protection: Annotated[
        str | None,
        _opt(
            "--protection",
            help="protection_granted: temporary_protection, refugee_status, registration.",
        ),
    ] = None,
    detained_by: Annotated[
        str | None, _opt("--detained-by", help="detained: who detained them.")
    ] = None,
    released_by: Annotated[
        str | None, _opt("--released-by", help="released: who released them.")
    ] = None,
    grade: Grade = None,
    store: Store = "timeline.db",
    json: Json = False,
) -> None:
    """Record one dated event in a case; prints the new event's id.

    Example: timeline append amur-2009-group agency_contacted --date 2007/2009
    --people 12 --contacted "UNHCR Moscow office" --channel letter --channel phone
    --source "Kyodo, 2009-12-23" --text "Sought asylum in South Korea by letter or phone"
    """
    from cli.store import open_store
    from events.instructions import read_instruction

    sources = sources_given(source, quote, grade)
    given = {
        "date": date, "text": text, "sources": sources, "place": place, "people": people,
        "group": group,
        "actors": actor, "agencies": agency, "channels": channel, "agency": contacted,
        "purpose": purpose, "mission": mission, "mission_country": mission_country,
        "requested_from": requested_from, "country": country, "granted_by": granted_by,
        "origin": origin, "destination": destination, "helped_by": helped_by,
        "handled_by": handled_by, "population": population, "region": region,
        "about": about or None, "reported_by": reported_by, "authority": authority,
        "manner": manner, "means": means, "returned_by": returned_by, "applied_for": applied_for,
        "refused_by": refused_by, "protection": protection, "detained_by": detained_by,
        "released_by": released_by,
    }  # fmt: skip
    line = {"kind": kind, "case": case, **{k: v for k, v in given.items() if v not in (None, [])}}
    instruction = read_instruction(line)
    app = open_store(store)
    report(app.carry_out([instruction])[0], json)


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
        console.print(str(receipt.id))
