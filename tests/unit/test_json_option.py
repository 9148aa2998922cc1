"""Every command that can print JSON takes `--json` for it."""

from __future__ import annotations

from typing import Any

from tests.unit.test_command_signatures import commands


def _options(command: Any) -> dict[str, Any]:
    return {name: p for p in command.params for name in getattr(p, "opts", [])}


def test_every_command_whose_format_can_be_json_takes_json() -> None:
    found = commands()
    formats = {
        name: _options(c)["--format"]
        for name, c in found.items()
        if "--format" in _options(c)
        and "json" in getattr(_options(c)["--format"].type, "choices", ())
    }
    assert "summary" in formats
    assert [name for name in formats if "--json" not in _options(found[name])] == []
