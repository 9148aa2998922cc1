"""The options of `append` are derived from the vocabulary's models: `timeline kinds` and
`append --help` name the same options, and a new field needs no edit of the CLI."""

from __future__ import annotations

from typing import Any

import typer

from cli.kind_options import KIND_OPTIONS
from cli.main import app
from events.facts import FACT_KINDS, DatedFact
from events.options import kind_options


def _append_options() -> dict[str, Any]:
    group: Any = typer.main.get_command(app)
    return {p.opts[0]: p for p in group.commands["append"].params if p.opts[0].startswith("--")}


def test_the_table_the_cli_reads_is_the_one_the_models_give() -> None:
    assert kind_options() == KIND_OPTIONS, "run `python -m events.options > cli/kind_options.py`"


def test_every_kind_specific_field_has_an_option_of_append() -> None:
    common = set(DatedFact.model_fields) | {"kind"}
    fields = {name for cls in FACT_KINDS.values() for name in cls.model_fields} - common
    by_field = {o["field"]: o["option"] for o in KIND_OPTIONS}
    assert set(by_field) == fields
    assert set(by_field.values()) <= set(_append_options())


def test_a_list_field_is_a_repeatable_option_and_a_flag_takes_no_value() -> None:
    options = _append_options()
    assert options["--channel"].multiple and options["--helped-by"].multiple
    assert options["--about"].is_flag and not options["--country"].multiple
