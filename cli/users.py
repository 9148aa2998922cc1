"""`timeline user ...` and `timeline case restrict|grant`: who may read and write."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from cli.options import Json, Store
from cli.output import console, print_json

app = typer.Typer(help="Accounts of the HTTP service: add, revoke.", no_args_is_help=True)

Name = Annotated[str, typer.Argument(help="The account's name, e.g. ana.", show_default=False)]
Slug = Annotated[str, typer.Argument(help="The case's slug.", show_default=False)]


class RoleName(StrEnum):
    reader = "reader"
    editor = "editor"
    admin = "admin"


@app.command()
def add(
    name: Name,
    role: Annotated[
        RoleName, typer.Option("--role", help="reader reads; editor also writes; admin sees all.")
    ],
    store: Store = "timeline.db",
    json: Json = False,
) -> None:
    """Add an account and print its API token: shown this once, stored only as a hash."""
    from cli.store import open_store
    from domain.access import Role, new_token, token_hash
    from storage.access import access_store

    token = new_token()
    access_store(open_store(store)).add_user(name, Role(role.value), token_hash(token))
    if json:
        print_json({"name": name, "role": role.value, "token": token})
    else:
        console.print(f"Account {name} ({role.value}). Its token, shown only now:")
        print(token)


@app.command()
def revoke(name: Name, store: Store = "timeline.db") -> None:
    """Revoke an account: its token stops working at once."""
    from cli.store import open_store
    from storage.access import access_store

    access_store(open_store(store)).revoke(name)
    console.print(f"Account {name} revoked.")


def restrict(slug: Slug, store: Store = "timeline.db") -> None:
    """Restrict a case: only admins and the accounts granted it see it, anywhere."""
    from cli.store import open_store
    from projections.timeline import check_case
    from storage.access import access_store

    app_ = open_store(store)
    check_case(app_, slug)
    access_store(app_).restrict(slug)
    console.print(f"Case {slug} restricted.")


def grant(slug: Slug, name: Name, store: Store = "timeline.db") -> None:
    """Let an account see a restricted case."""
    from cli.store import open_store
    from projections.timeline import check_case
    from storage.access import access_store

    app_ = open_store(store)
    check_case(app_, slug)
    access_store(app_).grant(slug, name)
    console.print(f"Case {slug} granted to {name}.")
