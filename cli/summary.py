"""`timeline summary`: the record told in plain language, by period, with sources."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cli.options import (
    AsOf,
    From,
    IncludeRetracted,
    Json,
    KeyFile,
    Store,
    To,
    Until,
    known,
    slug_filter,
)
from reports.summary_options import By, SummaryFormat


def summary(
    case: Annotated[
        list[str] | None,
        typer.Option(
            "--case",
            "-c",
            help="Only these cases (repeatable).",
            show_default=False,
            callback=slug_filter,
        ),
    ] = None,
    by: Annotated[
        By, typer.Option("--by", help="Group by year, month, or choose from the span.")
    ] = By.auto,
    from_: From = None,
    to: To = None,
    format_: Annotated[
        SummaryFormat,
        typer.Option("--format", "-f", help="text for the terminal, markdown for reports, json."),
    ] = SummaryFormat.text,
    include_retracted: IncludeRetracted = False,
    as_of: AsOf = None,
    until: Until = None,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """What happened, when, to how many, according to whom: sentences by period, counts, sources."""
    import reads
    from cli.progress import progress_bar, say_behind
    from cli.store import StoreSpec, open_store

    if json and format_ is SummaryFormat.markdown:
        raise typer.BadParameter("give --json or --format markdown, not both", param_hint="--json")
    format_ = SummaryFormat.json if json else format_

    told_as = known(as_of, until)
    app = open_store(StoreSpec(store, key_file))
    with progress_bar("Catching up") as progress:
        told = reads.summary(
            app, None, case or [], format=format_, by=by, start=from_, end=to,
            include_retracted=include_retracted, known=told_as, progress=progress,
            lagging=say_behind,
        )  # fmt: skip
    out = sys.stdout
    if format_ is SummaryFormat.text:
        from cli.output import visible

        told(lambda text: out.write(visible(text)))
    else:
        told(out.write)
