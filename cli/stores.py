"""`timeline store ...`: moving a store between files and databases."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from cli.options import Json
from cli.output import console, print_json

app = typer.Typer(help="The store itself: copy it to another backend.", no_args_is_help=True)


@app.command()
def copy(
    from_: Annotated[str, typer.Option("--from", help="The store to copy (it is only read).")],
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="An empty store to copy into, created if missing: an SQLite file, "
            "or postgresql://USER@HOST:PORT/DATABASE?schema=NAME.",
        ),
    ],
    json: Json = False,
) -> None:
    """Copy every event, in recorded order and with its recorded time, into an empty store.

    The copy is one transaction: interrupted, it leaves the target empty. Counts and a
    checksum over the stored events are compared after writing, then the target's views
    are rebuilt. Copies go either way between SQLite and PostgreSQL:

        timeline store copy --from timeline.db --to "postgresql://postgres@127.0.0.1/team?schema=a"
    """
    from cli.progress import progress_bar
    from cli.store import open_store
    from domain.store import describe
    from projections.runner import open_views, rebuild
    from storage.copy import check_empty, copy_events

    source = open_store(from_)
    target = open_store(to, create=True)
    check_empty(target, describe(to))
    with progress_bar("Copying", always=not json) as progress:
        report = copy_events(source, target, target_name=describe(to), progress=progress)
    with progress_bar("Rebuilding views", always=not json) as progress:
        rebuild(target, open_views(target), progress=progress)
    source.close()
    target.close()
    if json:
        print_json(asdict(report))
        return
    console.print(
        f"Copied {report.events:,} events of {report.cases:,} cases into {describe(to)}; "
        f"checksum {report.checksum} matches the source."
    )
