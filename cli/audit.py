"""`timeline audit`: who recorded what, and when."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.options import LAST_POSITION, CaseFilter, Json, KeyFile, Store, WholeNumber


def audit(
    case: CaseFilter = None,
    account: Annotated[
        str | None,
        typer.Option(
            "--account",
            help="Only what this account recorded through the service; '' for what was "
            "recorded from the command line.",
            show_default=False,
        ),
    ] = None,
    after: Annotated[
        int,
        typer.Option(
            "--after",
            help="Only events recorded after this position.",
            click_type=WholeNumber(min=0, max=LAST_POSITION),
        ),
    ] = 0,
    limit: Annotated[
        int,
        typer.Option("--limit", help="At most this many events.", click_type=WholeNumber(min=1)),
    ] = 1000,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Who recorded each event and when, in recorded order: the account of every write made
    through the service ("command line" where none was named). No facts are shown.

    Page through a long audit with --after (the last position shown) and --limit.
    """
    import reads
    from cli.output import print_json
    from cli.progress import say_behind
    from cli.render import audit_table
    from cli.store import StoreSpec, open_store
    from projections.audit import as_json

    app = open_store(StoreSpec(store, key_file))
    rows = reads.audit(
        app, None, after=after, limit=limit, case=case, account=account, lagging=say_behind
    )
    if json:
        print_json([as_json(row) for row in rows])
    else:
        audit_table(rows)
