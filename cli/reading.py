"""Commands that read the record: replay (history) and show (timeline)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.options import CaseFilter, IncludeRetracted, Json, Store
from cli.output import print_json, stream_json


def replay(
    case: CaseFilter = None,
    store: Store = "timeline.db",
    json: Json = False,
) -> None:
    """The recorded history, in the order it was recorded: every event, corrections included."""
    from cli.render import history_table
    from cli.store import open_store
    from projections.history import replay_entries

    app = open_store(store)
    entries = replay_entries(app, case)
    if json:
        stream_json(entries)
    else:
        history_table(entries)


def show(
    case: CaseFilter = None,
    from_: Annotated[
        str | None,
        typer.Option(
            "--from", help="Only events that may have happened on or after this EDTF date."
        ),
    ] = None,
    to: Annotated[
        str | None,
        typer.Option(
            "--to", help="Only events that may have happened on or before this EDTF date."
        ),
    ] = None,
    include_retracted: IncludeRetracted = False,
    store: Store = "timeline.db",
    json: Json = False,
) -> None:
    """The chronological timeline: by earliest possible day, then latest, then when recorded."""
    from cli.render import timeline_table
    from cli.store import open_store
    from projections.timeline import timeline

    app = open_store(store)
    entries = timeline(app, case=case, start=from_, end=to, include_retracted=include_retracted)
    if json:
        print_json(entries)
    else:
        timeline_table(entries)
