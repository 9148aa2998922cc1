"""The `timeline` command: every command group joined here."""

from __future__ import annotations

import os
import sys
from typing import Annotated, NoReturn

import typer

from cli.errors import INTERRUPTED, fail, say
from cli.interrupts import Interrupted
from cli.lazy import LazyGroup

VERSION = "0.1.0"


class TimelineCommands(LazyGroup):
    """`timeline`: its commands, each built (and its module imported) when it is run.

    The table names where each command lives as text rather than importing it: it is the
    index of the lazy loading (`cli.lazy`). Registering the functions themselves would
    import every command's module, and what each imports at its top, at every start-up,
    `timeline --version` included."""

    table = {
        "init": "cli.setup:init",
        "demo": "cli.setup:demo",
        "kinds": "cli.setup:kinds",
        "case": "cli.cases:app",
        "append": "cli.recording:append",
        "import": "cli.importing:import_",
        "draft": "cli.drafting:draft",
        "correct": "cli.amending:correct",
        "retract": "cli.amending:retract",
        "cite": "cli.sourcing:cite",
        "dispute": "cli.sourcing:dispute",
        "show": "cli.reading:show",
        "replay": "cli.reading:replay",
        "summary": "cli.summary:summary",
        "export": "cli.export:export",
        "verify": "cli.verify:verify",
        "projections": "cli.projections:app",
        "store": "cli.stores:app",
        "serve": "cli.serve:serve",
        "audit": "cli.audit:audit",
        "user": "cli.users:app",
        "access": "cli.access:app",
        "key": "cli.keys:app",
    }
    panels = {
        **dict.fromkeys(("init", "demo", "kinds"), "Getting started"),
        **dict.fromkeys(("case", "append", "draft", "import", "correct", "retract", "cite",
                         "dispute"), "Recording"),
        **dict.fromkeys(("show", "replay", "summary"), "Reading"),
        "export": "Exporting",
        **dict.fromkeys(("verify", "projections", "store"), "The store"),
        **dict.fromkeys(("serve", "audit"), "The service"),
        **dict.fromkeys(("user", "access", "key"), "Accounts, access and keys"),
    }  # fmt: skip


app = typer.Typer(
    name="timeline",
    help="An event-sourced record of what happened to people, when, and who says so.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    cls=TimelineCommands,
)


def _version(value: bool) -> None:
    if value:
        print(f"timeline {VERSION}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Print long output (show, replay) straight to the terminal, not through a "
            "pager (TIMELINE_PAGER, else PAGER, else less).",
        ),
    ] = False,
) -> None:
    """Record dated events about cases, replay the history, and read the timeline."""
    if no_pager:
        os.environ["TIMELINE_PAGER"] = "cat"


def run(argv: list[str] | None = None) -> None:
    """Entry point: no traceback reaches the user, one line says what went wrong.

    `argv` (the command line without the program's name) defaults to `sys.argv[1:]`.
    """
    from typer._click.exceptions import NoArgsIsHelpError

    stdout_was = _stdout_device()
    try:
        command = typer.main.get_command(app)
        code = command.main(args=argv, prog_name="timeline", standalone_mode=False)
        sys.stdout.flush()
    except NoArgsIsHelpError as asked:
        print(asked.format_message())  # the command alone: its help, as asked
        code = 0
    except BrokenPipeError:
        quiet_exit()
    except SystemExit as exiting:
        if _pipe_closed() or (exiting.code == 1 and _silenced_by_rich(stdout_was)):
            quiet_exit()
        raise
    except KeyboardInterrupt:
        say("interrupted")
        code = INTERRUPTED
    except Exception as error:
        fail(error)
    except Interrupted as error:  # a signal stopped a command writing a file
        fail(error)
    raise SystemExit(code or 0)


def _pipe_closed() -> bool:
    # typer's own handler of a broken pipe wraps stdout in this, then exits with 1
    from typer._click.utils import PacifyFlushWrapper

    return isinstance(sys.stdout, PacifyFlushWrapper)


def _stdout_device() -> tuple[int, int] | None:
    import os

    try:
        found = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError):  # no stdout, or one without a descriptor (a test's)
        return None
    return found.st_dev, found.st_ino


def _silenced_by_rich(stdout_was: tuple[int, int] | None) -> bool:
    """Whether rich met a broken pipe: its console (typer's, drawing `--help`) points
    stdout at /dev/null and exits with 1, where ours raises `BrokenPipeError`."""
    import os

    now = _stdout_device()
    devnull = os.stat(os.devnull)
    return now != stdout_was and now == (devnull.st_dev, devnull.st_ino)


def quiet_exit() -> NoReturn:
    """The reader of our output went away (`timeline show | head`): nothing more to say.

    stdout is pointed at /dev/null first, as Python's documentation advises, so the exit
    flushes nowhere and says nothing, while open stores still close as they should (an
    SQLite store folds its write-ahead log back into its file).
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    # a reader's generator left half-way may be finalised after its connection closed
    # at exit: nothing a user could act on
    sys.unraisablehook = lambda unraisable: None
    raise SystemExit(141)  # 128 + SIGPIPE, as a shell reports a program ended by a broken pipe
