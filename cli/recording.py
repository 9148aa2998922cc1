"""The command that adds a dated event to the record: append (and the receipt every
recording command prints). Correcting and retracting are `cli.amending`'s: their options
are not made when an append runs.

Its annotations are evaluated as the module is read (no `from __future__ import
annotations`): typer reads a command's forty options from them when it runs, and
evaluating them from strings then cost an append about 20M instructions (1.6%) more.
"""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli import kind_options as kinds
from cli.field_options import kind_values
from cli.options import (
    Grade,
    Json,
    KeyFile,
    Store,
    Via,
    WholeNumber,
    sources_given,
)
from cli.output import print_json

if TYPE_CHECKING:
    from domain.recorded import Receipt

FACT_PANEL = "What happened"
PART_HELP = (
    "early, mid or late: the part of the date's month, year or decade the source gives "
    "(--date 2015-03 --part early: early March 2015); the date's bounds stay the whole month."
)


def _opt(
    *names: str, help: str, panel: str = FACT_PANEL, type: Any = None, callback: Any = None
) -> Any:
    return typer.Option(
        *names,
        help=help,
        rich_help_panel=panel,
        show_default=False,
        click_type=type,
        callback=callback,
    )


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
        _opt(
            "--source",
            help="'OUTLET, DATE[, REFERENCE][; via OUTLET]'; repeatable.",
            panel=FACT_PANEL,
        ),
    ],
    part: Annotated[str | None, _opt("--part", help=PART_HELP, panel=FACT_PANEL)] = None,
    quote: Annotated[
        str | None,
        _opt("--quote", help="The passage of the first source relied on.", panel=FACT_PANEL),
    ] = None,
    place: Annotated[
        str | None, _opt("--place", help="Where it happened.", panel=FACT_PANEL)
    ] = None,
    people: Annotated[
        int | None,
        _opt("--people", "-n", help="How many people.", panel=FACT_PANEL, type=WholeNumber()),
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
    within: Annotated[
        str | None,
        _opt(
            "--within",
            help="The group these people are part of ('main group': the case's main group): "
            "counted once, within it, not added to it.",
            panel=FACT_PANEL,
        ),
    ] = None,
    actors: Annotated[
        list[str] | None, _opt("--actor", help="Who acted; repeatable.", panel=FACT_PANEL)
    ] = None,
    agencies: Annotated[
        list[str] | None,
        _opt("--agency", help="Agency or mission involved; repeatable.", panel=FACT_PANEL),
    ] = None,
    grade: Grade = None,
    via: Via = None,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
    # one per kind-specific field, named as the field (`cli/kind_options.py`, generated)
    mission: kinds.Mission = None,
    mission_country: kinds.MissionCountry = None,
    requested_from: kinds.RequestedFrom = None,
    channels: kinds.Channels = None,
    country: kinds.Country = None,
    granted_by: kinds.GrantedBy = None,
    agency: kinds.Agency = None,
    purpose: kinds.Purpose = None,
    origin: kinds.Origin = None,
    destination: kinds.Destination = None,
    helped_by: kinds.HelpedBy = None,
    handled_by: kinds.HandledBy = None,
    manner: kinds.Manner = None,
    means: kinds.Means = None,
    returned_by: kinds.ReturnedBy = None,
    applied_for: kinds.AppliedFor = None,
    refused_by: kinds.RefusedBy = None,
    protection: kinds.Protection = None,
    by: kinds.By = None,
    detained_by: kinds.DetainedBy = None,
    released_by: kinds.ReleasedBy = None,
    population: kinds.Population = None,
    region: kinds.Region = None,
    about: kinds.About = False,
    reported_by: kinds.ReportedBy = None,
    authority: kinds.Authority = None,
) -> None:
    """Record one dated event in a case; prints the new event's id.

    Example: timeline append amur-2009-group agency_contacted --date 2007/2009
    --people 12 --contacted "UNHCR Moscow office" --channel letter --channel phone
    --source "Kyodo, 2009-12-23" --text "Sought asylum in South Korea by letter or phone"
    """
    from cli.store import StoreSpec, open_store
    from events.reading import read_instruction

    kind_fields = kind_values(locals(), unset=(False,))  # the parameters named as fields
    given = {
        "date": date, "part": part, "text": text,
        "sources": sources_given(source, quote, grade, via), "place": place, "people": people,
        "group": group, "within": within, "actors": actors, "agencies": agencies, **kind_fields,
    }  # fmt: skip
    line = {"kind": kind, "case": case, **{k: v for k, v in given.items() if v not in (None, [])}}
    instruction = read_instruction(line)
    app = open_store(StoreSpec(store, key_file))
    report(app.carry_out([instruction])[0], json)


def _options_by_kind() -> str:
    """`append --help`'s list of each kind's own options, from the generated table: the
    option list below names a field once, for every kind that has it."""
    by_kind: dict[str, list[str]] = {}
    for option in kinds.KIND_OPTIONS:
        for kind in option["help"]:
            by_kind.setdefault(kind, []).append(option["option"])
    listed = "\n".join(f"  {kind}: {', '.join(options)}" for kind, options in by_kind.items())
    return "\n\nEach kind's own options (the other kinds take the common ones only):\n\n" + listed


append.__doc__ = (append.__doc__ or "").rstrip() + _options_by_kind()


def report(receipt: "Receipt", as_json: bool) -> None:
    """The new event's id (and for a restricted case's opening, who sees it), or with --json
    the event as `replay --json` shows it (`projections.history.receipt_entry`)."""
    if as_json:
        from projections.history import receipt_entry

        print_json(receipt_entry(receipt))
    elif receipt.access is not None and receipt.access.restricted:
        granted = ", ".join(receipt.access.granted)
        seen_by = f"admins and {granted}" if granted else "admins only"
        print(f"{receipt.id} restricted: seen by {seen_by}")
    else:
        print(receipt.id)  # plain: rich is not imported for one line
