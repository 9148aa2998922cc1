"""Commands that amend an earlier event, citation or dispute: correct, retract.

Apart from `cli.recording` (append), so that an append makes none of their options. Their
annotations are evaluated as the module is read, as `cli.recording` explains.
"""

from typing import Annotated

import typer

from cli import kind_options as kinds
from cli.field_options import SET_HELP, assignments, kind_values
from cli.options import Json, KeyFile, Store, WholeNumber, grade_option, sources_given
from cli.recording import FACT_PANEL, PART_HELP, _opt, report

CITATION_PANEL = "Of a citation or dispute"


def correct(
    event: Annotated[
        str,
        typer.Argument(
            help="The event, citation or dispute to correct, CASE:N.", show_default=False
        ),
    ],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why the correction is made.")],
    date: Annotated[
        str | None, _opt("--date", "-d", help="New EDTF date.", panel=FACT_PANEL)
    ] = None,
    part: Annotated[str | None, _opt("--part", help=PART_HELP, panel=FACT_PANEL)] = None,
    text: Annotated[str | None, _opt("--text", "-t", help="New text.", panel=FACT_PANEL)] = None,
    place: Annotated[str | None, _opt("--place", help="New place.", panel=FACT_PANEL)] = None,
    people: Annotated[
        int | None,
        _opt("--people", "-n", help="New number of people.", panel=FACT_PANEL, type=WholeNumber()),
    ] = None,
    group: Annotated[
        str | None, _opt("--group", "-g", help="The group it is about.", panel=FACT_PANEL)
    ] = None,
    within: Annotated[
        str | None,
        _opt("--within", help="The group these people are part of.", panel=FACT_PANEL),
    ] = None,
    actors: Annotated[
        list[str] | None, _opt("--actor", help="Who acted; repeatable.", panel=FACT_PANEL)
    ] = None,
    agencies: Annotated[
        list[str] | None,
        _opt("--agency", help="Agency or mission involved; repeatable.", panel=FACT_PANEL),
    ] = None,
    set_: Annotated[list[str] | None, _opt("--set", help=SET_HELP, panel=FACT_PANEL)] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            help="Who says so: 'OUTLET, DATE[, REFERENCE]'; repeatable. Of a citation or "
            "dispute: its sources, given anew (--quote for the first, --grade for each).",
        ),
    ] = None,
    quote: Annotated[
        str | None,
        _opt("--quote", help="A new quote: of the source --nth names.", panel=CITATION_PANEL),
    ] = None,
    grade: Annotated[
        str | None,
        _opt(
            "--grade",
            help="A new Admiralty grade (B2): of the source --nth names.",
            panel=CITATION_PANEL,
            callback=grade_option,
        ),
    ] = None,
    nth: Annotated[
        int | None,
        _opt(
            "--nth",
            help="Which of its sources --quote and --grade amend: 1 for the first (needed "
            "where it cites several).",
            panel=CITATION_PANEL,
            type=WholeNumber(min=1),
        ),
    ] = None,
    note: Annotated[
        str | None, _opt("--note", help="A new note on why it is cited.", panel=CITATION_PANEL)
    ] = None,
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
    about: kinds.AboutBothWays = None,
    reported_by: kinds.ReportedBy = None,
    authority: kinds.Authority = None,
) -> None:
    """Give new values for fields of an earlier event, citation or dispute, with a reason;
    nothing is overwritten.

    The options of the event's kind give new values (`timeline kinds` lists them); so
    does `--set FIELD=VALUE`, for any field.

    Of a citation (`timeline cite`): --note, --source (its sources anew), or --quote and
    --grade of one of its sources (--nth N where it cites several). Of a dispute: those,
    and --set FIELD=VALUE for the values it gives.

    Example: timeline correct amur-2009-group:3 --quote "twelve North Koreans" --reason "misquoted"
    """
    from cli.store import StoreSpec, open_store
    from events.instructions import CorrectEvent

    kind_fields = kind_values(locals(), unset=())  # the parameters named as fields
    given = {"date": date, "part": part, "text": text, "place": place, "people": people,
             "group": group, "within": within, "actors": actors, "agencies": agencies,
             **kind_fields}  # fmt: skip
    changes = {k: v for k, v in given.items() if v is not None and v != []}
    assigned = assignments(set_ or [])
    both = sorted(set(changes) & set(assigned))
    if both:
        raise typer.BadParameter(
            f"{both[0]} is given by an option and by --set: give it once", param_hint="--set"
        )
    changes.update(assigned)
    # a quote and grade go with the sources given anew where there are some, as `cite`'s do
    of_source = {} if source else {"quote": quote, "grade": grade, "nth": nth}
    changes.update({k: v for k, v in {**of_source, "note": note}.items() if v is not None})
    if not changes and not source:
        raise typer.BadParameter(
            "give at least one new value: an option of the event's kind or --set FIELD=VALUE"
        )
    instruction = CorrectEvent.model_validate(
        {"event": event, "changes": changes, "reason": reason,
         "sources": sources_given(source or [], quote, grade)}
    )  # fmt: skip
    app = open_store(StoreSpec(store, key_file))
    report(app.carry_out([instruction])[0], json)


def retract(
    event: Annotated[
        str,
        typer.Argument(
            help="The event, citation or dispute to retract, CASE:N.", show_default=False
        ),
    ],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why it is withdrawn.")],
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Withdraw an earlier event from the timeline, with a reason; it stays in the history.

    A citation or dispute retracted no longer confirms or disputes its event.
    """
    from cli.store import StoreSpec, open_store
    from events.instructions import RetractEvent

    app = open_store(StoreSpec(store, key_file))
    report(app.carry_out([RetractEvent(event=event, reason=reason)])[0], json)
