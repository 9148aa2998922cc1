"""A command's signature is what `--help` shows: every option is a parameter written in the
command's function (nothing is added to it as it is built), and every command that opens a
store takes `--store` and `--key-file` as its own parameters."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import typer
from typer.testing import CliRunner

from cli.main import app

OPEN_NO_STORE = {"kinds", "key new", "draft"}


def commands() -> dict[str, Any]:
    """Every command of `timeline` as click runs it, by its command line (`case show`)."""
    found: dict[str, Any] = {}

    def walk(command: Any, path: list[str]) -> None:
        group = getattr(command, "commands", None)
        if group is None:
            found[" ".join(path)] = command
            return
        for name in list(group):
            walk(group[name], [*path, name])

    walk(typer.main.get_command(app), [])
    return found


def function(command: Any) -> Callable[..., Any]:
    """The function written for `command` (typer calls it through a wrapper)."""
    return inspect.unwrap(command.callback)


def declared(command: Any) -> list[str]:
    """The parameters the command's `def` declares, in order, as its code has them (a
    signature rewritten after the `def` does not count)."""
    code = function(command).__code__
    return list(code.co_varnames[: code.co_argcount + code.co_kwonlyargcount])


def opens_a_store(command: Any) -> bool:
    return "open_store(" in inspect.getsource(function(command))


def listed(option: str, help_: str) -> bool:
    """Whether `help_` lists `option` among the options (not only names it in prose)."""
    return re.search(rf"^\W*{option}\s.*<str>", help_, re.MULTILINE) is not None


def test_every_command_that_opens_a_store_declares_store_and_key_file_and_its_help_shows_them() -> (
    None
):
    every = commands()
    opening = {name: c for name, c in every.items() if opens_a_store(c)}
    assert set(every) - set(opening) == OPEN_NO_STORE
    for name, command in opening.items():
        store = "from_" if name == "store copy" else "store"  # copy reads --from, makes --to
        assert {store, "key_file"} <= set(declared(command)), name
        shown = CliRunner().invoke(app, [*name.split(), "--help"], env={"COLUMNS": "200"})
        assert shown.exit_code == 0 and listed("--key-file", shown.output), name
        assert listed("--from" if store == "from_" else "--store", shown.output), name


def test_every_option_a_commands_help_shows_is_a_parameter_its_function_declares() -> None:
    every = commands()
    assert len(every) > 30 and {"append", "correct", "case show"} <= set(every)
    for name, command in every.items():
        assert [param.name for param in command.params] == declared(command), name
