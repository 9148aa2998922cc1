"""The totals' longest line (every figure reported) is wrapped as it is written, and reads
exactly as textwrap wraps it whole."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.telling import filled

words = st.text(alphabet="ab-,;()19 \t", min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(words, max_size=100), width=st.integers(6, 40), held=st.integers(1, 4))
def test_a_line_wrapped_as_written_reads_as_it_reads_wrapped_whole(
    parts: list[str], width: int, held: int
) -> None:
    wrap = textwrap.TextWrapper(width=width, initial_indent="  ", subsequent_indent="    ")
    whole = wrap.wrap("Figures reported: " + "; ".join(parts) + ".") if parts else []
    assert list(filled(wrap, "Figures reported: ", iter(parts), "; ", ".", held)) == whole


def test_a_long_line_is_written_before_its_end_is_known() -> None:
    def parts() -> Iterator[str]:
        yield from ["about 12 workers in Amur"] * 1_000
        raise AssertionError("every part was read before the first line was written")

    wrap = textwrap.TextWrapper(width=20, initial_indent="  ", subsequent_indent="    ")
    assert next(filled(wrap, "Figures: ", parts(), "; ", ".")) == "  Figures: about 12"
