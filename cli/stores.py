"""`timeline store ...`: moving a store between files and databases."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from cli.lazy import LazyGroup
from cli.options import Json, KeyFile, ScrubWait, Store
from cli.output import console, print_json


class StoreCommands(LazyGroup):
    """`timeline store`: only the command run is built."""

    table = {
        "copy": "cli.stores:copy",
        "backup": "cli.stores:backup",
        "scrub": "cli.stores:scrub",
    }


app = typer.Typer(
    help="The store itself: back it up, copy it to another backend, scrub its files.",
    no_args_is_help=True,
    cls=StoreCommands,
)


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
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Copy every event, in recorded order and with its recorded time, into an empty store.

    The copy is one transaction: interrupted, it leaves the target empty. Counts and a
    checksum over the stored events are compared after writing, then the target's views
    are rebuilt. The service's accounts, restricted cases and grants are copied first.
    Copies go either way between SQLite and PostgreSQL:

        timeline store copy --from timeline.db --to "postgresql://postgres@127.0.0.1/team?schema=a"
    """
    from cli.progress import progress_bar
    from cli.store import StoreSpec, open_store
    from projections.runner import open_views, rebuild
    from storage.access import access_store
    from storage.copy import check_empty, copy_events

    source = open_store(StoreSpec(from_, key_file))
    target = open_store(StoreSpec(to, key_file), create=True)
    check_empty(target, str(target.backend))
    if source.keyring is not None:
        from storage.keys import copy_keys

        copy_keys(source, target)  # the events are copied as stored: sealed with these keys
    # accounts and restrictions first: no restricted case is ever open in the copy
    access = access_store(source).rows()
    access_store(target).replace_with(access)
    with progress_bar("Copying", always=not json) as progress:
        report = copy_events(source, target, target_name=str(target.backend), progress=progress)
    with progress_bar("Rebuilding views", always=not json) as progress:
        rebuild(target, open_views(target), progress=progress)
    source.close()
    target.close()
    accounts = {"accounts": len(access["users"]), "restricted": len(access["restricted"]),
                "grants": len(access["grants"])}  # fmt: skip
    if json:
        print_json({**asdict(report), **accounts})
        return
    console.print(
        f"Copied {report.events:,} events of {report.cases:,} cases into {target.backend}; "
        f"checksum {report.checksum} matches the source. Also copied "
        f"{accounts['accounts']} accounts, {accounts['restricted']} restricted cases and "
        f"{accounts['grants']} grants."
    )


def backup(
    file: Annotated[
        Path, typer.Argument(help="A new file for the backup.", show_default=False, dir_okay=False)
    ],
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Back up an SQLite store into a new file while others go on using it (SQLite's online
    backup API); the backup is verified before it is kept. To restore, copy the file back
    in place of the store while no one uses it."""
    from cli.store import StoreSpec, open_store
    from storage.opening import backend_at

    backend = backend_at(store)
    backend.check_backup()  # a file only
    spec = StoreSpec(store, key_file)
    open_store(spec).close()  # it must be a timeline store
    report = backend.backup(file, key=spec.key())
    result = {"backup": str(file), "events": report.events, "head": report.head}
    if json:
        print_json(result)
    else:
        console.print(
            f"Backed up {report.events:,} events into {file}; verified (head {report.head})."
        )


def scrub(store: Store = "timeline.db", key_file: KeyFile = None, wait: ScrubWait = 10.0) -> None:
    """Rewrite the store's files so that they hold nothing erasures destroyed: an SQLite file
    is rebuilt (VACUUM) and its write-ahead log emptied; on PostgreSQL the key and snapshot
    tables are rewritten (VACUUM FULL). `case erase` does this itself and says when another
    process reading the store kept it from finishing: stop that process, then run this.
    Other writers wait while it runs (seconds for a large SQLite file)."""
    from cli.store import StoreSpec, open_store
    from domain.errors import NotScrubbed

    app = open_store(StoreSpec(store, key_file))
    left = app.scrub(wait, whole=True)
    app.close()
    if left is not None:
        raise NotScrubbed(str(app.backend), left)
    console.print(f"Scrubbed store {app.backend}: no destroyed key is left in its files.")
