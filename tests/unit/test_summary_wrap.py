"""The totals' longest line (every figure reported) is wrapped as it is written, and reads
exactly as textwrap wraps it whole; a sentence that fits on its line is written as it is,
exactly as textwrap would fill it."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.telling import filled, filler

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


REACHED: list[bool] = []


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab -,.é\t\n\r\x0b\x0c\u00a0\u2003"), max_size=50),
    width=st.integers(6, 36),
    indent=st.sampled_from(["", "  "]),
)
def test_a_sentence_is_filled_as_textwrap_fills_it(text: str, width: int, indent: str) -> None:
    wrap = textwrap.TextWrapper(width=width, initial_indent=indent, subsequent_indent="    ")
    REACHED.append(  # as it stands: it fits, and textwrap would change none of it
        0 < len(text) <= width - len(indent)
        and not text[-1].isspace()
        and not set(text) & set("\t\n\r\x0b\x0c")
    )
    assert filler(wrap)(text) == wrap.fill(text)


def test_the_sentences_filled_include_those_written_as_they_stand_and_others() -> None:
    REACHED.clear()
    test_a_sentence_is_filled_as_textwrap_fills_it()
    assert sum(REACHED) >= 50 and len(REACHED) - sum(REACHED) >= 50
