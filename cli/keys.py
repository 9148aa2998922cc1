"""`timeline key ...`, and the `--key-file` option every command that opens a store takes."""

from __future__ import annotations

import os
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.errors import InputError
from cli.options import Store
from cli.output import console

KEY_VARIABLE = "TIMELINE_KEY_FILE"
KEY_HELP = (
    "The key of an encrypted store: a file made by `timeline key new` (or TIMELINE_KEY_FILE)."
)
_KEY_FILE: ContextVar[str | None] = ContextVar("key_file", default=None)

app = typer.Typer(help="Keys of encrypted stores: make one, rotate one.", no_args_is_help=True)


def key_file() -> str | None:
    """The key file the command line names (`--key-file`, else TIMELINE_KEY_FILE)."""
    return _KEY_FILE.get()


def _remember(ctx: Any, param: Any, value: str | None) -> None:
    if value is not None:
        _KEY_FILE.set(value)


KeyFile = Annotated[
    str | None,
    typer.Option(
        "--key-file",
        envvar=KEY_VARIABLE,
        help=KEY_HELP,
        show_default=False,
        expose_value=False,
        callback=_remember,
        is_eager=True,
    ),
]


def _option() -> Any:
    """The `--key-file` option as typer builds it, from a command that has only it."""
    holder = typer.Typer()

    @holder.command()
    def _holder(key_file: KeyFile = None) -> None: ...

    return next(p for p in typer.main.get_command(holder).params if p.name == "key_file")


def give_key_option(command: Any) -> None:
    """Give `--key-file` to this command (or every command of this group) if it opens a
    store. Called on each command as it is built (`cli.lazy`), rather than written into
    each command's signature: the option only says where the key is, and
    `cli.store.open_store` reads it from here."""
    _add(command, _the_option())


def forget_key_file() -> None:
    """A new command line (tests run many in one process): no key named yet."""
    _KEY_FILE.set(None)


@cache
def _the_option() -> Any:
    return _option()


def _add(command: Any, option: Any) -> None:
    for sub in getattr(command, "commands", {}).values():
        _add(sub, option)
    if {param.name for param in command.params} & {"store", "from_"}:
        command.params.append(option)


@app.command()
def new(
    path: Annotated[Path, typer.Argument(help="A new file for the key.", dir_okay=False)],
) -> None:
    """Make a new store key in a file only its owner can read (never overwrites a file)."""
    from domain.keys import PRIVATE_MODE, key_file_text, new_key

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


@app.command()
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
) -> None:
    """Re-encrypt the store's key table with a new key (give the current one with --key-file);
    the events are not touched, and the old key no longer opens the store."""
    from cli.store import open_store
    from domain.keys import load_key
    from domain.store import describe

    new = load_key(str(new_key_file))
    app = open_store(store)
    if app.keyring is None:
        raise InputError(f"store {describe(store)} is not encrypted: it has no key to rotate")
    app.keyring.table.replace(app.keyring.rewrapped(new.key))
    app.close()
    console.print(
        f"Store {describe(store)} now opens with {new_key_file} only; the old key opens "
        "nothing (destroy it, and any copy of it)."
    )
