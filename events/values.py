"""The values every field is made of, and their limits: one place says what is accepted.

Text a person types must say something (not blank once trimmed), stay within
`TEXT_CHARS` and hold no control character but tabs and line breaks; numbers are JSON
integers, never booleans, strings or floats; dates and ids are written in ASCII digits
(`events.edtf`, `events.ids`).
"""

from __future__ import annotations

import re
import reprlib
from typing import Annotated

from pydantic import AfterValidator, Field, StrictBool, StrictInt

from events.ids import check_account_name, check_event_id, check_slug

TEXT_CHARS = 20_000
"""The longest text of any one field (a title, a reason, a quote): about eight pages."""
PEOPLE = 10_000_000_000
"""The most people one event may name: more than live on Earth."""
LINE_BYTES = 1_048_576
"""The longest line of an import file (1 MiB)."""
IMPORT_LINES = 100_000_000
"""The most lines one import reads (blank lines included): split a longer file.

An import's memory does not grow with its file, so this bounds only how long one
all-or-nothing transaction may run (ten million lines take the better part of an hour)."""


CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""The characters no text may hold: the ASCII control characters (C0 and DEL) but tab, line
feed and carriage return. They mean nothing on a page, PostgreSQL cannot hold NUL in a text
column, and ESC and its kin drive the terminal a record is read on."""


def check_text(value: str) -> str:
    """The text as recorded: a carriage return (alone or before a line feed) becomes a line
    feed, so that Windows line endings are one line break. ValueError where it is blank or
    holds a control character `CONTROLS` names."""
    value = _one_line_break(value)
    found = CONTROLS.search(value)
    if found:
        raise ValueError(
            f"holds the control character U+{ord(found.group()):04X} at character "
            f"{found.start() + 1}: text may hold tabs and line breaks, no other control character"
        )
    if not value.strip():
        raise ValueError("must not be empty or blank")
    return value


def _one_line_break(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


def readable(value: str) -> str:
    """A text stored before `check_text` refused control characters, as it is read now: each
    control character as its picture (U+2400-U+2421: NUL as ␀, ESC as ␛, DEL as ␡), line
    breaks as `check_text` makes them. Text that holds none comes back as it is."""
    return CONTROLS.sub(_picture, _one_line_break(value))


def _picture(found: re.Match[str]) -> str:
    code = ord(found.group())
    return chr(0x2421 if code == 0x7F else 0x2400 + code)


Text = Annotated[str, Field(max_length=TEXT_CHARS), AfterValidator(check_text)]
"""Text a person typed: at least one visible character, at most `TEXT_CHARS`, no control
character but tab and line breaks (`check_text`)."""


def _spaced_once(value: str) -> str:
    return " ".join(value.split())


GroupName = Annotated[Text, AfterValidator(_spaced_once)]
"""The name of a group of a case: spaces at its ends and runs of them inside are not part
of it, so "two others " and "two  others" name one group and its people are counted once."""
MAIN_GROUP = "main group"
"""What `within` calls the case's main group (the people of events that name no group)."""


def check_group_names(group: object, within: object) -> None:
    """Refuse, in what a user asks to record (not in what is stored), a group named as the
    case's main group is called, and a group within itself: either would count people twice."""
    if isinstance(group, str) and group.strip().lower() == MAIN_GROUP:
        raise ValueError(
            f"group: {MAIN_GROUP!r} is what --within calls the case's main group: leave the "
            "group out for its people, or give this group a name of its own"
        )
    if isinstance(group, str) and isinstance(within, str) and group.strip() == within.strip():
        raise ValueError(f"within: the group {group!r} cannot be within itself")


People = Annotated[StrictInt, Field(ge=0, le=PEOPLE)]
"""A count of people: a JSON integer from 0 to `PEOPLE`."""
Flag = StrictBool
"""true or false, as JSON writes them."""
Slug = Annotated[str, AfterValidator(check_slug)]
"""A case's slug (`events.ids`)."""
EventRef = Annotated[str, AfterValidator(check_event_id)]
"""An event's id, `SLUG:N` (`events.ids`)."""
AccountName = Annotated[str, AfterValidator(check_account_name)]
"""An account's name (`events.ids`)."""


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxstring, _SHORT.maxother = 2, 60, 60
_SHORT.maxlist = _SHORT.maxdict = _SHORT.maxtuple = 4


def shown(value: object) -> str:
    """A value as a message may quote it: short, however long or deeply nested it is."""
    return _SHORT.repr(value)
