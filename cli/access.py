"""`timeline access ...`: who sees the cases opened from now on."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cli.lazy import LazyGroup
from cli.options import Json, KeyFile, Store
from cli.output import console, print_json


class AccessCommands(LazyGroup):
    """`timeline access`: only the command run is built."""

    table = {"default": "cli.access:default"}


app = typer.Typer(
    help="Who sees new cases: the store's default.", no_args_is_help=True, cls=AccessCommands
)


class NewCases(StrEnum):
    restricted = "restricted"
    open = "open"


def default(
    new_cases: Annotated[
        NewCases | None,
        typer.Argument(
            help="restricted: every case opened from now on is restricted unless opened "
            "with --open; open: unless opened --restricted (as a new store does). "
            "Leave it out to show the default.",
            show_default=False,
        ),
    ] = None,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Show or set whether a new case is restricted when it is opened without --restricted
    or --open (from the command line, POST /cases or an import line). Cases already
    opened keep who sees them (`timeline case restrict|unrestrict` changes that)."""
    from cli.store import StoreSpec, open_store
    from storage.access import access_store

    access = access_store(open_store(StoreSpec(store, key_file)))
    if new_cases is not None:
        access.restrict_new_cases(new_cases is NewCases.restricted)
    restricted = access.new_cases_restricted()
    if json:
        print_json({"new_cases": "restricted" if restricted else "open"})
    elif restricted:
        console.print("New cases are restricted unless opened with --open.")
    else:
        console.print("New cases are open to every account unless opened with --restricted.")
