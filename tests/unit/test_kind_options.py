"""The options of `append` and `correct` are derived from the vocabulary's models:
`timeline kinds`, `append --help` and `correct --help` name the same options, `--set`
accepts the models' fields, and a new field needs only its parameter in `append` and
`correct` (`cli/recording.py`), which a test here names."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, get_origin, get_type_hints

import pytest
import typer

from cli import kind_options as kinds
from cli.amending import correct
from cli.field_options import FIELDS
from cli.kind_options import COMMON_FIELDS, KIND_OPTIONS
from cli.main import app
from cli.recording import append
from events.facts import FACT_KINDS, DatedFact
from events.options import common_fields, kind_options
from events.options import main as generate


def _options(command: str) -> dict[str, Any]:
    group: Any = typer.main.get_command(app)
    return {p.opts[0]: p for p in group.commands[command].params if p.opts[0].startswith("--")}


def _append_options() -> dict[str, Any]:
    return _options("append")


def test_the_tables_the_cli_reads_are_the_ones_the_models_give() -> None:
    stale = "run `python -m events.options > cli/kind_options.py`"
    assert kind_options() == KIND_OPTIONS, stale
    assert common_fields() == COMMON_FIELDS, stale


def test_set_accepts_every_field_of_every_kind() -> None:
    every = {name for cls in FACT_KINDS.values() for name in cls.model_fields} - {"kind"}
    assert set(FIELDS) == every


def test_correct_takes_the_kind_specific_options_append_takes() -> None:
    kind_specific = {o["option"] for o in KIND_OPTIONS}
    corrects = _options("correct")
    assert kind_specific <= set(corrects)
    assert {"--date", "--text", "--place", "--people", "--group", "--actor", "--agency"} <= set(
        corrects
    )
    assert all(corrects[o].multiple == _append_options()[o].multiple for o in kind_specific)


def test_a_corrections_flag_says_both_ways_and_leaves_the_field_alone_when_not_given() -> None:
    about = _options("correct")["--about"]
    assert about.secondary_opts == ["--no-about"] and about.default is None


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


def test_the_generated_module_is_written_as_the_generator_writes_it_today(
    capsys: pytest.CaptureFixture[str],
) -> None:
    generate()
    stale = "run `python -m events.options > cli/kind_options.py`"
    assert capsys.readouterr().out == Path(kinds.__file__).read_text(), stale


def test_append_and_correct_declare_a_parameter_of_each_kind_specific_field_with_its_option() -> (
    None
):
    """Named as the field, typed by the option generated for it (`cli/kind_options.py`)."""
    generated = [v for v in vars(kinds).values() if get_origin(v) is Annotated]
    for command in (append, correct):
        hints = get_type_hints(command, include_extras=True)
        built = _options(command.__name__)
        for o in KIND_OPTIONS:
            assert hints.get(o["field"]) in generated, (command.__name__, o["field"])
            assert built[o["option"]].name == o["field"], (command.__name__, o["field"])
