"""Commands about who says so: cite (a source confirms an event) and dispute (a source gives
another value); neither changes the event's facts."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.field_options import SET_HELP, assignments
from cli.options import Grade, Json, KeyFile, Store, Via, sources_given
from cli.recording import report

Event = Annotated[str, typer.Argument(help="The event, CASE:N.", show_default=False)]
Sources = Annotated[
    list[str],
    typer.Option(
        "--source",
        help="'OUTLET, DATE[, REFERENCE][; via OUTLET]'; repeatable.",
        show_default=False,
    ),
]
Quote = Annotated[
    str | None, typer.Option("--quote", help="The passage of the first source relied on.")
]
Note = Annotated[str | None, typer.Option("--note", help="A word on why it is cited.")]


def cite(
    event: Event,
    source: Sources,
    quote: Quote = None,
    note: Note = None,
    grade: Grade = None,
    via: Via = None,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Add sources that confirm an earlier event, without changing its facts.

    Example: timeline cite amur-2009-group:2 --source "Yonhap, 2009-12-24"
    """
    from cli.store import StoreSpec, open_store
    from events.instructions import CiteSource

    instruction = CiteSource(
        event=event, sources=sources_given(source, quote, grade, via), note=note
    )
    app = open_store(StoreSpec(store, key_file))
    report(app.carry_out([instruction])[0], json)


def dispute(
    event: Event,
    source: Sources,
    set_: Annotated[
        list[str],
        typer.Option(
            "--set",
            help="The value the source gives instead: " + SET_HELP,
            show_default=False,
        ),
    ],
    quote: Quote = None,
    note: Note = None,
    grade: Grade = None,
    via: Via = None,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Record that a source gives another value for fields of an event, which stays as it is.

    Example: timeline dispute amur-2009-group:2 --source "Yonhap, 2010-01-05" --set date=2009
    """
    from cli.store import StoreSpec, open_store
    from events.instructions import DisputeEvent

    instruction = DisputeEvent(
        event=event,
        values=assignments(set_),
        sources=sources_given(source, quote, grade, via),
        note=note,
    )
    app = open_store(StoreSpec(store, key_file))
    report(app.carry_out([instruction])[0], json)
