"""A text stored with control characters is read with each one as its picture."""

from __future__ import annotations

from events.values import readable


def test_a_stored_text_reads_with_each_control_character_as_its_picture() -> None:
    assert readable("Bad\x00title\x1b[2J\x7f\tend\r\n") == "Bad␀title␛[2J␡\tend\n"
