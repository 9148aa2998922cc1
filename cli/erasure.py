"""`timeline case erase`: a case made unreadable everywhere, for good."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.options import Json, Store
from cli.output import console


def erase(
    slug: Annotated[str, typer.Argument(help="The case's slug.", show_default=False)],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why (no personal data).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
    store: Store = "timeline.db",
    json: Json = False,
) -> None:
    """Erase a case of an encrypted store: record the erasure (who, when, why), destroy the
    case's key and remove it from every view. Nothing it said can be read again, by anyone:
    this cannot be undone. Other cases, and `verify`, are unchanged."""
    from cli.recording import report
    from cli.store import open_store
    from events.ids import check_slug
    from projections.runner import catch_up, open_views

    check_slug(slug)
    app = open_store(store)
    if not yes:
        typer.confirm(
            f"Erase case {slug!r} for good? Nothing it says can ever be read again", abort=True
        )
    receipt = app.erase(slug, reason)
    catch_up(app, open_views(app))  # its rows leave the views now, not at the next read
    if not json:
        console.print(f"Erased case {slug!r}; its key is destroyed ({receipt.id}).")
        return
    report(receipt, json)
