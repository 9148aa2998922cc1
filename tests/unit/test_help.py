"""`--help` that teaches: commands grouped by what a user does, paragraphs that flow to
the terminal's width (not the source's line breaks), ranges said in words."""

from __future__ import annotations

from collections.abc import Iterator

import typer
from typer._click.core import Command, Context
from typer.core import TyperGroup
from typer.testing import CliRunner

from cli.main import TimelineCommands, app

RUNNER = CliRunner()


def _every_command() -> Iterator[tuple[list[str], Command]]:
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)

    def walk(group: TyperGroup, path: list[str]) -> Iterator[tuple[list[str], Command]]:
        with Context(group) as ctx:
            for name in group.list_commands(ctx):
                command = group.get_command(ctx, name)
                assert command is not None
                yield [*path, name], command
                if isinstance(command, TyperGroup):
                    yield from walk(command, [*path, name])

    return walk(root, [])


def _help(path: list[str], columns: int = 80) -> str:
    result = RUNNER.invoke(app, [*path, "--help"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.output


def test_the_commands_are_listed_in_panels_by_what_a_user_does() -> None:
    printed = _help([])
    panels = ["Getting started", "Recording", "Reading", "Exporting", "The store",
              "The service", "Accounts, access and keys"]  # fmt: skip
    found = [printed.index(f"─ {panel} ─") for panel in panels]
    assert found == sorted(found)
    assert "─ Commands ─" not in printed  # every command has its panel
    assert set(TimelineCommands.panels) == set(TimelineCommands.table)


def test_no_help_paragraph_keeps_the_line_breaks_of_its_docstring() -> None:
    commands = list(_every_command())
    assert len(commands) > 40
    for path, command in commands:
        for paragraph in (command.help or "").split("\n\n"):
            broken = [line for line in paragraph.splitlines()[1:] if line[:1] not in " -*"]
            assert not broken, (path, paragraph)


def test_every_range_is_said_in_words() -> None:
    for path, command in _every_command():
        if not isinstance(command, TyperGroup):
            printed = _help(path, columns=200)
            assert "x<=" not in printed and "x>=" not in printed and "<x" not in printed, path
    assert "[0 to 65535]" in _help(["serve"], columns=200)


def test_append_help_names_each_kinds_own_options_under_the_kind() -> None:
    from cli.kind_options import KIND_OPTIONS
    from events.facts import FACT_KINDS, DatedFact

    option_of = {o["field"]: o["option"] for o in KIND_OPTIONS}
    printed = _help(["append"], columns=200)
    checked = 0
    for kind, model in FACT_KINDS.items():
        own = [f for f in model.model_fields if f not in DatedFact.model_fields and f != "kind"]
        if not own:
            continue
        (line,) = [line for line in printed.splitlines() if line.strip().startswith(kind + ":")]
        named = line.split(":", 1)[1].replace(",", " ").split()
        assert sorted(named) == sorted(option_of[f] for f in own), kind
        checked += 1
    assert checked >= 14
