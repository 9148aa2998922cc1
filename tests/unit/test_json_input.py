"""JSON a person wrote is read whole: a key given twice in one object is refused, never
decided silently for the last value."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any
from unittest.mock import patch

import orjson
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from events.json_input import KeyGivenTwice, NestedTooDeep, read_json

# quotes, backslashes, control characters and text beyond ASCII: what changes how a
# string is written
TEXT = st.text(alphabet=st.sampled_from('ab "\\\n\t/\u00e9\u2028\U0001f600'), max_size=6)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=12,
)


STYLES = ("compact", "spaced", "ascii", "escaped")


def written(value: Any, style: str) -> str:
    """`value` as a person's tool may write it: compact, spaced, non-ASCII escaped, or
    every character of every string escaped (`\\u0022` for a quote)."""
    if style == "escaped":
        return _escaped(value)
    compact = (",", ":") if style == "compact" else None
    return json.dumps(value, ensure_ascii=style == "ascii", separators=compact)


def _escaped(value: Any) -> str:
    if isinstance(value, str):
        units = value.encode("utf-16-be")
        return (
            '"'
            + "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))
            + '"'
        )
    if isinstance(value, list):
        return "[" + ",".join(_escaped(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_escaped(k)}:{_escaped(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def with_key_twice(value: Any, key: str, first: Any, style: str) -> str:
    """The text of `value` inside an object that gives `key` twice, `first` and then the
    value itself, nested in a list and an object as a line may nest it."""
    pair = lambda v: f"{written(key, style)}: {written(v, style)}"  # noqa: E731
    twice = "{" + pair(first) + ", " + pair(value) + "}"
    return '{"sources": [' + twice + "]}"


@settings(max_examples=400)
@given(VALUES, st.sampled_from(STYLES))
def test_a_value_without_repeated_keys_reads_as_written_by_orjson_alone(
    value: Any, style: str
) -> None:
    # the standard library's parser (15 us a line) reads only a text that lost a key
    with patch("events.json_input.json.loads", side_effect=AssertionError("asked")):
        assert read_json(written(value, style)) == value
        assert read_json(written(value, style).encode()) == value


SEEN: Counter[str] = Counter()


@settings(max_examples=400)
@given(TEXT, VALUES, VALUES, st.sampled_from(STYLES))
def test_a_key_given_twice_is_refused_by_name(key: str, first: Any, value: Any, style: str) -> None:
    text = with_key_twice(value, key, first, style)
    note(text)
    with pytest.raises(KeyGivenTwice) as refused:
        read_json(text.encode())
    assert refused.value.key == key
    SEEN["refused"] += 1
    SEEN[style] += 1


def test_the_repeated_keys_property_reached_its_assertions() -> None:
    SEEN.clear()
    test_a_key_given_twice_is_refused_by_name()
    # hypothesis draws the styles unevenly: one had 48 of 400 in one run
    assert SEEN["refused"] >= 300 and min(SEEN[style] for style in STYLES) >= 20, SEEN


@given(TEXT)
def test_keys_that_differ_only_in_how_they_are_written_are_the_same_key(key: str) -> None:
    text = "{" + f"{written(key, 'compact')}: 1, {written(key, 'escaped')}: 2" + "}"
    with pytest.raises(KeyGivenTwice):
        read_json(text)


def test_the_message_names_the_key_and_says_what_to_do() -> None:
    with pytest.raises(KeyGivenTwice, match=r"^key 'people' is given twice in one object; "):
        read_json(b'{"kind": "arrived", "people": 12, "text": "x", "people": 14}')


DEEP = 300
"""Deeper than orjson writes (255 levels), within what it reads (1,024)."""


def test_a_deeply_nested_text_reads_whole() -> None:
    text = '{"title": "T\\n", "x": ' + "[" * DEEP + "]" * DEEP + "}"
    assert read_json(text)["title"] == "T\n"


def test_a_deeply_nested_text_that_repeats_a_key_is_refused_by_name() -> None:
    text = '{"title": "T", "x": ' + "[" * DEEP + "]" * DEEP + ', "title": "U"}'
    with pytest.raises(KeyGivenTwice, match=r"^key 'title' is given twice"):
        read_json(text)


def test_a_text_nested_deeper_than_can_be_checked_is_refused() -> None:
    text = '{"title": "T\\n", "x": ' + "[" * 1000 + "]" * 1000 + "}"
    with pytest.raises(NestedTooDeep, match=r"nest at most 255 levels"):
        read_json(text)


def test_malformed_json_is_still_orjsons_error() -> None:
    with pytest.raises(orjson.JSONDecodeError):
        read_json(b'{"people": 12,')
