"""The fuzz properties of `tests.fuzz`, a bounded number of examples each (FUZZ_EXAMPLES,
default 200); `python -m tests.fuzz N` runs more."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import fuzz

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))


@pytest.fixture(scope="module")
def stores() -> Iterator[tuple[str, Path]]:
    with fuzz.stores() as made:
        yield made


@pytest.mark.parametrize(
    ("entry", "make"),
    [
        ("import lines", lambda s, f: fuzz.import_property(s, EXAMPLES)),
        ("options", lambda s, f: fuzz.option_property(s, EXAMPLES)),
        ("store files", lambda s, f: fuzz.file_property(f, EXAMPLES)),
    ],
)
def test_hostile_input_is_one_line_with_its_code_and_changes_nothing(
    stores: tuple[str, Path], entry: str, make: object
) -> None:
    before = fuzz.TALLY.reached.get(entry, 0)
    make(*stores)()  # type: ignore[operator]
    # every example reached the assertions: none was filtered out or returned early
    assert fuzz.TALLY.reached[entry] - before == EXAMPLES
