"""The `timeline` command: every command group joined here."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any, NoReturn

import typer

from cli import (
    audit,
    cases,
    erasure,
    export,
    importing,
    keys,
    projections,
    reading,
    recording,
    serve,
    setup,
    stores,
    summary,
    users,
    verify,
)
from cli.errors import INTERRUPTED, fail, say

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
app.add_typer(keys.app, name="key")
cases.app.command()(erasure.erase)
cases.app.command()(users.restrict)
cases.app.command()(users.grant)
cases.app.command()(users.unrestrict)
cases.app.command()(users.ungrant)
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
app.command()(verify.verify)
app.command()(serve.serve)
app.command()(audit.audit)


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


def command() -> Any:
    """The click command typer builds from `app`, with `--key-file` on each command that
    opens a store."""
    built = typer.main.get_command(app)
    keys.add_key_option(built)
    return built


def run(argv: list[str] | None = None) -> None:
    """Entry point: no traceback reaches the user, one line says what went wrong.

    `argv` (the command line without the program's name) defaults to `sys.argv[1:]`.
    """
    from typer._click.exceptions import NoArgsIsHelpError

    try:
        code = command().main(args=argv, prog_name="timeline", standalone_mode=False)
        sys.stdout.flush()
    except NoArgsIsHelpError as asked:
        print(asked.format_message())  # the command alone: its help, as asked
        code = 0
    except BrokenPipeError:
        quiet_exit()
    except SystemExit:
        if _pipe_closed():
            quiet_exit()
        raise
    except KeyboardInterrupt:
        say("interrupted")
        code = INTERRUPTED
    except Exception as error:
        fail(error)
    raise SystemExit(code or 0)


def _pipe_closed() -> bool:
    # typer's own handler of a broken pipe wraps stdout in this, then exits with 1
    from typer._click.utils import PacifyFlushWrapper

    return isinstance(sys.stdout, PacifyFlushWrapper)


def quiet_exit() -> NoReturn:
    """The reader of our output went away (`timeline show | head`): nothing more to say.

    Exits at once: finalisers of open connections would complain on a closed stdout.
    """
    os._exit(141)  # 128 + SIGPIPE, as a shell reports a program ended by a broken pipe
