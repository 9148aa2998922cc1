"""The `timeline` command: every command group joined here."""

from __future__ import annotations

from typing import Annotated

import typer

from cli import (
    cases,
    export,
    importing,
    projections,
    reading,
    recording,
    serve,
    setup,
    stores,
    summary,
    users,
)
from cli.errors import fail

VERSION = "0.1.0"

app = typer.Typer(
    name="timeline",
    help="An event-sourced record of what happened to people, when, and who says so.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
app.add_typer(cases.app, name="case")
app.add_typer(projections.app, name="projections")
app.add_typer(stores.app, name="store")
app.add_typer(users.app, name="user")
cases.app.command()(users.restrict)
cases.app.command()(users.grant)
app.command()(setup.init)
app.command()(recording.append)
app.command("import")(importing.import_)
app.command()(recording.correct)
app.command()(recording.retract)
app.command()(reading.replay)
app.command()(reading.show)
app.command()(summary.summary)
app.command()(setup.demo)
app.command()(export.export)
app.command()(setup.kinds)
app.command()(serve.serve)


def _version(value: bool) -> None:
    if value:
        print(f"timeline {VERSION}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Record dated events about cases, replay the history, and read the timeline."""


def run() -> None:
    """Entry point: no traceback reaches the user, one line says what went wrong."""
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as error:
        fail(error)
