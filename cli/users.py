"""`timeline user ...` and `timeline case restrict|grant`: who may read and write."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cli.lazy import LazyGroup
from cli.options import Json, KeyFile, Store
from cli.output import console, print_json


class UserCommands(LazyGroup):
    """`timeline user`: only the command run is built."""

    table = {
        "add": "cli.users:add",
        "revoke": "cli.users:revoke",
        "list": "cli.users:list_",
    }


app = typer.Typer(
    help="Accounts of the HTTP service: add, list, revoke.", no_args_is_help=True, cls=UserCommands
)

Name = Annotated[str, typer.Argument(help="The account's name, e.g. ana.", show_default=False)]
Slug = Annotated[str, typer.Argument(help="The case's slug.", show_default=False)]


class RoleName(StrEnum):
    reader = "reader"
    editor = "editor"
    admin = "admin"


def add(
    name: Name,
    role: Annotated[
        RoleName, typer.Option("--role", help="reader reads; editor also writes; admin sees all.")
    ],
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Add an account and print its API token: shown this once, stored only as a hash."""
    from cli.store import StoreSpec, open_store
    from domain.access import Role, new_token, token_hash
    from storage.access import access_store

    token = new_token()
    access_store(open_store(StoreSpec(store, key_file))).add_user(
        name, Role(role.value), token_hash(token)
    )
    if json:
        print_json({"name": name, "role": role.value, "token": token})
    else:
        console.print(f"Account {name} ({role.value}). Its token, shown only now:")
        print(token)


def revoke(name: Name, store: Store = "timeline.db", key_file: KeyFile = None) -> None:
    """Revoke an account: its token stops working at once."""
    from cli.store import StoreSpec, open_store
    from storage.access import access_store

    access_store(open_store(StoreSpec(store, key_file))).revoke(name)
    console.print(f"Account {name} revoked.")


def list_(store: Store = "timeline.db", key_file: KeyFile = None, json: Json = False) -> None:
    """Every account: its role, whether it is revoked, and the restricted cases granted it.
    Tokens are never shown again (only their hashes are kept)."""
    from rich.table import Table

    from cli.store import StoreSpec, open_store
    from storage.access import access_store

    users = access_store(open_store(StoreSpec(store, key_file))).users()
    if json:
        print_json(users)
        return
    if not users:
        console.print("No accounts: add one with `timeline user add NAME --role ...`.")
        return
    table = Table(box=None, pad_edge=False)
    for column in ("Account", "Role", "Status", "Granted restricted cases"):
        table.add_column(column)
    for user in users:
        status = "revoked" if user["revoked"] else "active"
        table.add_row(user["name"], user["role"], status, ", ".join(user["granted"]) or "-")
    console.print(table)


def restrict(slug: Slug, store: Store = "timeline.db", key_file: KeyFile = None) -> None:
    """Restrict a case: only admins and the accounts granted it see it, anywhere. (To keep a
    new case from being seen for a moment, open it with `timeline case open --restricted`.)"""
    from cli.store import StoreSpec, open_store
    from projections.timeline import check_case
    from storage.access import access_store

    app_ = open_store(StoreSpec(store, key_file))
    check_case(app_, slug)
    access_store(app_).restrict(slug)
    console.print(f"Case {slug} restricted.")


def grant(slug: Slug, name: Name, store: Store = "timeline.db", key_file: KeyFile = None) -> None:
    """Let an account see a restricted case."""
    from cli.store import StoreSpec, open_store
    from projections.timeline import check_case
    from storage.access import access_store

    app_ = open_store(StoreSpec(store, key_file))
    check_case(app_, slug)
    access_store(app_).grant(slug, name)
    console.print(f"Case {slug} granted to {name}.")


def unrestrict(slug: Slug, store: Store = "timeline.db", key_file: KeyFile = None) -> None:
    """Open a restricted case to every account again (its grants are kept, in case it is
    restricted anew)."""
    from cli.store import StoreSpec, open_store
    from projections.timeline import check_case
    from storage.access import access_store

    app_ = open_store(StoreSpec(store, key_file))
    check_case(app_, slug)
    was = access_store(app_).unrestrict(slug)
    console.print(f"Case {slug} is open to every account." if was
                  else f"Case {slug} was not restricted; nothing changed.")  # fmt: skip


def ungrant(slug: Slug, name: Name, store: Store = "timeline.db", key_file: KeyFile = None) -> None:
    """Take back an account's grant of a restricted case: it stops seeing it at once."""
    from cli.store import StoreSpec, open_store
    from projections.timeline import check_case
    from storage.access import access_store

    app_ = open_store(StoreSpec(store, key_file))
    check_case(app_, slug)
    was = access_store(app_).ungrant(slug, name)
    console.print(f"Case {slug} no longer granted to {name}." if was
                  else f"{name} held no grant of {slug}; nothing changed.")  # fmt: skip
