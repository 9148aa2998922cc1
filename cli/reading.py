"""Commands that read the record: replay (history) and show (timeline)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.options import (
    AsOf,
    CaseFilter,
    From,
    IncludeRetracted,
    Json,
    KeyFile,
    Oneline,
    Store,
    To,
    Until,
    grade_option,
    known,
)
from cli.output import paged, stream_json


def replay(
    case: CaseFilter = None,
    as_of: AsOf = None,
    until: Until = None,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
    oneline: Oneline = False,
) -> None:
    """The recorded history, in the order it was recorded: every event, corrections included.

    In a terminal, long output goes through a pager (`timeline --no-pager` for none)."""
    import reads
    from cli.store import StoreSpec, open_store

    app = open_store(StoreSpec(store, key_file))
    entries = reads.replay(app, None, case, known=known(as_of, until))
    if json:
        stream_json(entries)
        return
    from cli.render import history_lines, history_table  # rich: only where people read

    with paged():
        (history_lines if oneline else history_table)(entries)


def show(
    case: CaseFilter = None,
    from_: From = None,
    to: To = None,
    include_retracted: IncludeRetracted = False,
    as_of: AsOf = None,
    until: Until = None,
    min_grade: Annotated[
        str | None,
        typer.Option(
            "--min-grade",
            help="Only events some source of which is graded this well or better (B2: "
            "reliability A or B, credibility 1 or 2).",
            callback=grade_option,
            show_default=False,
        ),
    ] = None,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
    oneline: Oneline = False,
) -> None:
    """The chronological timeline: by earliest possible day, then latest, then when recorded.

    In a terminal, long output goes through a pager (`timeline --no-pager` for none)."""
    everything_now = all(o is None for o in (from_, to, as_of, until, min_grade))
    fresh = everything_now and _show_fresh(store, key_file, case, include_retracted, json, oneline)
    if fresh:
        return
    import reads
    from cli.progress import progress_bar, say_behind
    from cli.store import StoreSpec, open_store

    app = open_store(StoreSpec(store, key_file))
    with progress_bar("Catching up") as progress:
        entries = reads.timeline(
            app, None, [case] if case else [], start=from_, end=to,
            include_retracted=include_retracted, known=known(as_of, until),
            min_grade=min_grade, progress=progress, lagging=say_behind,
        )  # fmt: skip
    if json:
        stream_json(entries)
        return
    from cli.render import timeline_lines, timeline_table

    with paged():
        (timeline_lines if oneline else timeline_table)(e.model_dump(mode="json") for e in entries)


def _show_fresh(
    store: str,
    key_file: str | None,
    case: str | None,
    include_retracted: bool,
    json: bool,
    oneline: bool,
) -> bool:
    """Show the timeline from views found current, as they are stored; False where they
    are not (`projections.fresh`), and nothing is shown."""
    from cli.store import StoreSpec, fresh_views

    with fresh_views(StoreSpec(store, key_file)) as views:
        found = views.case(case) if views and case else None
        if views is None or (case and found is None):
            return False
        entries = views.entries(found, include_retracted)
        if json:
            from cli.output import stream_json_documents

            stream_json_documents(entries)
        else:
            import orjson

            from cli.render import timeline_lines, timeline_table

            with paged():
                (timeline_lines if oneline else timeline_table)(orjson.loads(e) for e in entries)
    return True
