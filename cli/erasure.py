"""`timeline case erase`: a case made unreadable everywhere, for good."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.options import Json, KeyFile, ScrubWait, Store
from cli.output import console


def erase(
    slug: Annotated[str, typer.Argument(help="The case's slug.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why (no personal data).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
    wait: ScrubWait = 10.0,
) -> None:
    """Erase a case of an encrypted store: record the erasure (who, when, why), destroy the
    case's key, remove it from every view, and then from the store's files (SQLite's
    write-ahead log, PostgreSQL's old rows). Nothing it said can be read again, by anyone:
    this cannot be undone. Other cases, and `verify`, are unchanged. Its slug and the
    erasure's reason stay readable (the audit and the replay name them); a backup made
    before the erasure still holds the case, readable with the store key of its time.

    If another process still reads the old files after --wait seconds, the erasure is done
    and a note says what is left on disk and how to finish (`timeline store scrub`).

    Asks to confirm on a terminal; elsewhere (a script, a pipe) give --yes."""
    from cli.errors import note
    from cli.recording import report
    from cli.store import StoreSpec, open_store
    from events.instructions import EraseCase
    from projections.runner import catch_up, open_views

    erasure = EraseCase(case=slug, reason=reason)
    app = open_store(StoreSpec(store, key_file))
    if not yes:
        _confirm(slug)
    receipt = app.erase(erasure.case, erasure.reason)
    catch_up(app, open_views(app))  # its rows leave the views now, not at the next read
    left = app.scrub(wait)  # and the old key the store's files, once no one reads it
    if left is not None:
        note(f"case {slug!r} is erased, but {left}")
    if not json:
        console.print(f"Erased case {slug!r}; its key is destroyed ({receipt.id}).")
        return
    report(receipt, json)


def _confirm(slug: str) -> None:
    """Ask on the terminal; a "no" erases nothing and exits 1. Without a terminal there is
    nobody to ask: refused (exit 2), naming --yes."""
    import sys

    from cli.errors import InputError, RefusedAt

    if not sys.stdin.isatty():
        raise InputError(
            f"case erase {slug}: asks to confirm on a terminal, and there is none here; "
            "give --yes to erase without asking"
        )
    if not typer.confirm(f"Erase case {slug!r} for good? Nothing it says can ever be read again"):
        raise RefusedAt(f"case erase {slug}: not confirmed; nothing was erased")
