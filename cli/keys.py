"""`timeline key ...`: make a store key, rotate one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from cli.errors import InputError
from cli.lazy import LazyGroup
from cli.options import KEY_VARIABLE, KeyFile, Store
from cli.output import console


class KeyCommands(LazyGroup):
    """`timeline key`: only the command run is built."""

    table = {
        "new": "cli.keys:new",
        "rotate": "cli.keys:rotate",
    }


app = typer.Typer(
    help="Keys of encrypted stores: make one, rotate one.", no_args_is_help=True, cls=KeyCommands
)


def new(
    path: Annotated[Path, typer.Argument(help="A new file for the key.", dir_okay=False)],
) -> None:
    """Make a new store key in a file only its owner can read (never overwrites a file)."""
    from storage.keyring import PRIVATE_MODE, key_file_text, new_key

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    except FileExistsError:
        raise InputError(f"{path} exists: a key file is never overwritten") from None
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(key_file_text(new_key()))
    console.print(
        f"Made a new key in {path} (readable by you only). Create an encrypted store with\n"
        f"    timeline init --store FILE --key-file {path}\n"
        f"and give the same key to every command on it (--key-file, or export "
        f"{KEY_VARIABLE}={path}).\nKeep a copy apart from the store: without it the store "
        "cannot be read by anyone, you included."
    )


def rotate(
    new_key_file: Annotated[
        Path,
        typer.Option(
            "--new-key-file",
            help="The new key (made by `timeline key new`).",
            dir_okay=False,
            show_default=False,
        ),
    ],
    store: Store = "timeline.db",
    key_file: KeyFile = None,
) -> None:
    """Re-encrypt the store's key table with a new key (give the current one with --key-file);
    the events are not touched, and the old key no longer opens the store."""
    from cli.store import StoreSpec, open_store
    from storage.keyring import load_key

    new = load_key(str(new_key_file))
    app = open_store(StoreSpec(store, key_file))
    if app.keyring is None:
        raise InputError(f"store {app.backend} is not encrypted: it has no key to rotate")
    app.keyring.table.replace(app.keyring.rewrapped(new.key))
    app.close()
    console.print(
        f"Store {app.backend} now opens with {new_key_file} only; the old key opens "
        "nothing (destroy it, and any copy of it)."
    )
