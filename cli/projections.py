"""`timeline projections ...`: see, rebuild and follow the persisted views."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from cli.errors import InputError
from cli.lazy import LazyGroup
from cli.options import Json, KeyFile, Number, Store
from cli.output import console, print_json

if TYPE_CHECKING:
    from projections.runner import ViewStatus


class ProjectionCommands(LazyGroup):
    """`timeline projections`: only the command run is built."""

    table = {
        "status": "cli.projections:status",
        "rebuild": "cli.projections:rebuild",
        "follow": "cli.projections:follow",
    }


app = typer.Typer(
    help="The persisted views (cases and timeline): status, rebuild, follow.",
    no_args_is_help=True,
    cls=ProjectionCommands,
)


def status(store: Store = "timeline.db", key_file: KeyFile = None, json: Json = False) -> None:
    """Each view: its position, the store's last position, the lag, and its rows."""
    from cli.store import StoreSpec, open_store
    from projections.runner import open_views
    from projections.runner import status as view_status

    app_ = open_store(StoreSpec(store, key_file))
    report = view_status(app_, open_views(app_))
    if json:
        print_json([asdict(report)])
        return
    console.print(
        f"{report.name}: at position {report.position:,} of {report.last:,} "
        f"(lag {report.lag:,}); {report.cases:,} cases, {report.entries:,} timeline rows"
    )


def rebuild(
    name: Annotated[
        str, typer.Argument(help="The view to rebuild; `views` holds cases and timeline.")
    ] = "views",
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Drop the views and replay every event; readers see the old views until it is done."""
    import time

    from cli.progress import progress_bar
    from cli.store import StoreSpec, open_store
    from projections.layout import VIEW_NAME
    from projections.runner import open_views
    from projections.runner import rebuild as rebuild_views

    if name not in (VIEW_NAME, "cases", "timeline"):
        raise InputError(f"no view {name!r}: the views are `views` (cases and timeline together)")
    app_ = open_store(StoreSpec(store, key_file))
    started = time.perf_counter()
    with progress_bar("Rebuilding", always=not json) as progress:
        events = rebuild_views(app_, open_views(app_), progress=progress)
    seconds = time.perf_counter() - started
    if json:
        print_json({"view": VIEW_NAME, "events": events, "seconds": round(seconds, 3)})
    else:
        console.print(f"Rebuilt {VIEW_NAME} from {events:,} events in {seconds:.1f} s.")


def follow(
    interval: Annotated[
        float,
        typer.Option(
            "--interval",
            help="Seconds between looks for new events (SQLite); on PostgreSQL new events "
            "are announced by the database and this is how often the lag is reported.",
            click_type=Number(min=0.05),
        ),
    ] = 0.5,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
) -> None:
    """Keep the views current as others append, until Ctrl-C or SIGTERM.

    Run it in a process of its own beside a shared store: reads then find the views
    current instead of catching up themselves. Killed at any moment, it resumes exactly
    after the last event it applied when started again.
    """
    import signal
    from threading import Event

    from cli.store import StoreSpec, open_store
    from projections.runner import catch_up, open_views
    from projections.runner import follow as follow_views

    app_ = open_store(StoreSpec(store, key_file))
    views = open_views(app_)
    caught = catch_up(app_, views)
    say(f"Following {app_.backend} (caught up {caught:,} events); Ctrl-C to stop.")
    stop = Event()

    def stopping(*_: object) -> None:
        # asked to stop: the views finish the page they are writing, rather than a
        # KeyboardInterrupt landing inside the store's transaction or connection pool
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl-C: at once

    signal.signal(signal.SIGTERM, stopping)
    signal.signal(signal.SIGINT, stopping)
    position = views.max_tracking_id(app_.name) or 0

    def applied(now: ViewStatus) -> None:
        nonlocal position
        gained = now.position - position
        say(f"+{gained:,} events: at {now.position:,} of {now.last:,}, lag {now.lag:,}")
        position = now.position

    try:
        follow_views(app_, views, stop, interval=interval, applied=applied)
    except KeyboardInterrupt:
        stop.set()
    position = views.max_tracking_id(app_.name) or 0
    app_.close()
    say(f"Stopped at position {position:,}.")


def say(line: str) -> None:
    """One unwrapped line, flushed at once: another program may be reading it as it comes."""
    print(line, flush=True)
