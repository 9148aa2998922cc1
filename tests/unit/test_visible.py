"""What a terminal is shown of recorded text (`cli.output.visible`): every character, the
control characters as escapes that drive nothing."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cli.output import visible, visible_json


def is_control(c: str) -> bool:
    return unicodedata.category(c) == "Cc" and c not in "\n\t"


@given(st.text())
def test_no_control_character_reaches_the_terminal_and_nothing_else_changes(text: str) -> None:
    shown = visible(text)
    assert not any(map(is_control, shown))
    if not any(map(is_control, text)):
        assert shown == text
    else:
        assert len(shown) > len(text)  # each one written out, none dropped


def test_each_control_character_is_written_as_its_escape() -> None:
    assert visible("a\x1b[2Jb\x00\x7f\x9b\n\t") == "a\\x1b[2Jb\\x00\\x7f\\x9b\n\t"


@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))  # fmt: skip
def test_every_string_of_a_json_value_is_made_visible(value: object) -> None:
    def strings(v: object) -> list[str]:
        if isinstance(v, str):
            return [v]
        if isinstance(v, list):
            return [s for item in v for s in strings(item)]
        if isinstance(v, dict):
            return [s for item in v.values() for s in strings(item)]
        return []

    assert strings(visible_json(value)) == [visible(s) for s in strings(value)]
