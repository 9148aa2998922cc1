"""Commands imported only when they are run (or their help is asked for).

typer turns every registered function into a click command, with its options, when the
program starts; with every command module imported first, `timeline --version` paid for
all of them. Here the group's table of commands is a mapping that imports a command's
module and builds its click command on first lookup, as click's documentation shows for
lazily loaded subcommands: running `timeline append` imports `cli.recording` alone. Each
group of commands (`timeline case ...`) is lazy the same way, with a table of its own.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any, ClassVar

import typer
from typer._click.exceptions import UsageError
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands: those added to it, then those of its table, built when looked up."""

    def __init__(
        self,
        added: MutableMapping[str, Any],
        table: Mapping[str, str],
        panels: Mapping[str, str] | None = None,
    ) -> None:
        self.built: dict[str, Any] = dict(added)
        self.table = table
        self.panels = panels or {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            if name not in self.table:
                raise KeyError(name)
            built = _build(name, self.table[name])
            built.rich_help_panel = self.panels.get(name)
            self.built[name] = built
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        del self.built[name]

    def __iter__(self) -> Iterator[str]:
        yield from self.built
        yield from (name for name in self.table if name not in self.built)

    def __len__(self) -> int:
        return len(set(self.built) | set(self.table))


class LazyGroup(TyperGroup):
    """A group whose commands come from `table` as they are needed: each subclass names
    its own (`cli.main.TimelineCommands` for `timeline`)."""

    table: ClassVar[Mapping[str, str]] = {}
    """Each command's name and where it lives (`module:attribute`), in the order `--help`
    lists them: a function is a command, a `typer.Typer` a group of commands."""
    panels: ClassVar[Mapping[str, str]] = {}
    """The panel of `--help` each command is listed under (`Recording`, `Reading`, ...);
    a command named in no panel is listed under `Commands`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(self.commands, self.table, self.panels)


class Command(TyperCommand):
    """A command whose usage errors name it. click's parser raises some without a context
    (an option given a value it takes none of: `--json=yes`), and `cli.errors.usage` would
    then point to the program's help (`timeline --help`) rather than this command's."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except UsageError as error:
            error.ctx = error.ctx or ctx
            raise


def _build(name: str, where: str) -> Any:
    found = _named(where)
    if isinstance(found, typer.Typer):
        built: Any = typer.main.get_group(found)
        built.name = name
        built.help = reflowed(built.help)
        return built
    return typer.main.get_command_from_info(
        CommandInfo(name=name, callback=found, cls=Command, help=reflowed(found.__doc__)),
        pretty_exceptions_short=True, rich_markup_mode="rich",
    )  # fmt: skip


_BREAK = re.compile(r"(?<=\S)\n(?=[^\s*•-])")


def reflowed(doc: str | None) -> str | None:
    """A docstring as `--help` should print it: each paragraph one flowing text, which
    rich wraps to the terminal. typer's rich help keeps a docstring's line breaks as they
    are in the source, so a paragraph wrapped at 100 columns there prints ragged at 80;
    a line that starts indented (an example) keeps its own line."""
    if doc is None:
        return None
    return _BREAK.sub(" ", inspect.cleandoc(doc))


def _named(where: str) -> Any:
    module, attribute = where.split(":")
    return getattr(importlib.import_module(module), attribute)
