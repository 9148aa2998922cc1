"""`timeline case ...`: open, close, reopen, show and list cases."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.lazy import LazyGroup
from cli.options import AsOf, Json, KeyFile, Store, Until, known
from cli.output import print_json


class CaseCommands(LazyGroup):
    """`timeline case`: only the command run is built (and its module imported)."""

    table = {
        "open": "cli.cases:open_",
        "close": "cli.cases:close",
        "reopen": "cli.cases:reopen",
        "show": "cli.cases:show",
        "list": "cli.cases:list_",
        "erase": "cli.erasure:erase",  # who sees a case is set with its commands
        "restrict": "cli.users:restrict",
        "grant": "cli.users:grant",
        "unrestrict": "cli.users:unrestrict",
        "ungrant": "cli.users:ungrant",
    }


app = typer.Typer(
    help="Open, close, reopen, show and list cases.", no_args_is_help=True, cls=CaseCommands
)

Slug = Annotated[
    str, typer.Argument(help="The case's slug, e.g. amur-2009-group.", show_default=False)
]
Reason = Annotated[str, typer.Option("--reason", "-r", help="Why.")]


def open_(
    slug: Slug,
    title: Annotated[str, typer.Option("--title", help="A title people will recognise.")],
    restricted: Annotated[
        bool | None,
        typer.Option(
            "--restricted/--open",
            help="Restricted from its first event: seen only by admins and the accounts "
            "granted it; or open to every account. Neither: as `timeline access default` "
            "says (open unless set).",
            show_default=False,
        ),
    ] = None,
    grant: Annotated[
        list[str] | None,
        typer.Option(
            "--grant",
            metavar="ACCOUNT",
            help="An account that sees the case (which is then restricted); repeatable.",
            show_default=False,
        ),
    ] = None,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Open a new case under a slug (lower-case letters, digits, hyphens).

    The slug stays in the record for good, even after the case is erased (the audit and
    the replay name it, and no other case can take it): make it name no one, e.g.
    `amur-2009-group` rather than a person's name.

    A case opened --restricted (or --grant ACCOUNT) is restricted in the transaction
    that opens it: no account without a grant ever sees anything of it.

    Example: timeline case open amur-2009-group --title "Twelve workers" --restricted
    --grant eva"""
    from cli.recording import report
    from cli.store import StoreSpec, open_store
    from events.instructions import OpenCase

    opening = OpenCase(case=slug, title=title, restricted=restricted, grants=tuple(grant or ()))
    report(open_store(StoreSpec(store, key_file)).carry_out([opening])[0], json)


def close(
    slug: Slug,
    reason: Reason,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Close a case: nothing more is recorded in it until it is reopened."""
    from cli.recording import report
    from cli.store import StoreSpec, open_store
    from events.instructions import CloseCase

    app = open_store(StoreSpec(store, key_file))
    report(app.carry_out([CloseCase(case=slug, reason=reason)])[0], json)


def reopen(
    slug: Slug,
    reason: Reason,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Reopen a closed case."""
    from cli.recording import report
    from cli.store import StoreSpec, open_store
    from events.instructions import ReopenCase

    app = open_store(StoreSpec(store, key_file))
    report(app.carry_out([ReopenCase(case=slug, reason=reason)])[0], json)


def show(
    slug: Slug,
    as_of: AsOf = None,
    until: Until = None,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """The current view of one case: status, people, span, places, agencies, sources."""
    if as_of is None and until is None and _show_fresh(store, key_file, slug, json):
        return
    import reads
    from cli.progress import progress_bar
    from cli.store import StoreSpec, open_store

    with progress_bar("Catching up") as progress:
        view = reads.case(
            open_store(StoreSpec(store, key_file)),
            None,
            slug,
            known=known(as_of, until),
            progress=progress,
        )
    if json:
        print_json(view)
    else:
        from cli.render import case_panel  # rich: only where people read the output

        case_panel(view.model_dump(mode="json"))


def _show_fresh(store: str, key_file: str | None, slug: str, json: bool) -> bool:
    """Show the case view from views found current, as it is stored; False where they are
    not (`projections.fresh`), and nothing is shown."""
    from cli.store import StoreSpec, fresh_views

    with fresh_views(StoreSpec(store, key_file)) as views:
        found = views.case(slug) if views else None
        stored = views.case_view(found) if views and found else None
        if stored is None:
            return False
    import orjson

    if json:
        print_json(orjson.loads(stored))
    else:
        from cli.render import case_panel

        case_panel(orjson.loads(stored))
    return True


def list_(
    as_of: AsOf = None,
    until: Until = None,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Every case with its status and people."""
    if as_of is None and until is None and _list_fresh(store, key_file, json):
        return
    import reads
    from cli.progress import progress_bar, say_behind
    from cli.store import StoreSpec, open_store

    with progress_bar("Catching up") as progress:
        views = reads.cases(
            open_store(StoreSpec(store, key_file)),
            None,
            known=known(as_of, until),
            progress=progress,
            lagging=say_behind,
        )
    if json:
        print_json(views)
    else:
        from cli.render import cases_table

        cases_table([view.model_dump(mode="json") for view in views])


def _list_fresh(store: str, key_file: str | None, json: bool) -> bool:
    """List the case views found current, as they are stored; False where they are not
    (`projections.fresh`), and nothing is listed."""
    from cli.store import StoreSpec, fresh_views

    with fresh_views(StoreSpec(store, key_file)) as views:
        stored = views.case_views() if views else None
    if stored is None:
        return False
    import orjson

    found = [orjson.loads(view) for view in stored]
    if json:
        print_json(found)
    else:
        from cli.render import cases_table

        cases_table(found)
    return True
