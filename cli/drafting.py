"""`timeline draft`: draft events from an article's text, for a person to review."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.errors import InputError
from cli.options import Json
from cli.output import console


def draft(
    file: Annotated[
        Path,
        typer.Argument(help="The article: a UTF-8 text file; '-' for stdin.", show_default=False),
    ],
    published: Annotated[
        str,
        typer.Option(
            "--published",
            help="The day the article was published (YYYY-MM-DD): dates are read from it.",
            show_default=False,
        ),
    ],
    outlet: Annotated[
        str, typer.Option("--outlet", help="Who published it, e.g. Kyodo.", show_default=False)
    ],
    reference: Annotated[
        str | None,
        typer.Option(
            "--reference", help="A URL, wire id or page of the article.", show_default=False
        ),
    ] = None,
    case: Annotated[
        str | None,
        typer.Option(
            "--case",
            help="The case the drafts are for. Without it, the first line opens a case named "
            "after the source (kyodo-2009-12-23), titled with the article's headline.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the drafts to this .jsonl file.", show_default=False
        ),
    ] = None,
    json: Json = False,
) -> None:
    """Draft events from an article's text: one import line per event a sentence tells,
    each with its kind, date (EDTF, never more precise than the sentence; open up to the
    publication day where the sentence gives none), people, the sentence as its source's
    quote, and a `draft` key saying which words gave the kind, the date and the count.
    Nothing is recorded: review the drafts with `timeline import --review FILE`. A plain
    `timeline import` of the file drops each line's `draft` key (the quote stays, saying
    where the event came from).

    Example: timeline draft report.txt --published 2009-12-23 --outlet Kyodo
    --reference "ID 96523" -o drafts.jsonl

    Without -o the drafts are printed as JSON Lines; --json prints them as one JSON
    array. Exit codes: 0 drafted (perhaps none), 2 bad input (an unreadable or non-UTF-8
    file, a text over 200,000 characters, a bad date or slug).
    """
    import orjson

    from drafting.draft import Origin
    from drafting.draft import draft as make_drafts
    from events.ids import check_slug

    day = _day(published)
    if case is not None:
        try:
            check_slug(case)
        except ValueError as error:
            raise InputError(f"--case: {error}") from None
    origin = Origin(outlet.strip() or "-", day, reference, case)
    if not outlet.strip():
        raise InputError("--outlet: give who published the article, e.g. --outlet Kyodo")
    lines = make_drafts(_read(file), origin)
    if output is not None:
        _write(output, lines)
    if json:
        sys.stdout.buffer.write(orjson.dumps(lines) + b"\n")
    elif output is None:
        sys.stdout.buffer.write(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    else:
        _tell(lines, output)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"--published {text!r}: give the day the article was published, YYYY-MM-DD"
        ) from None


def _read(file: Path) -> str:
    from drafting.article import LONGEST

    try:
        data = sys.stdin.buffer.read(LONGEST * 4 + 1) if str(file) == "-" else _file_bytes(file)
    except OSError as error:
        raise InputError(f"{file}: cannot read: {error.strerror}") from None
    if len(data) > LONGEST * 4:
        raise InputError(f"{file}: longer than {LONGEST:,} characters; split it into its parts")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{file}: not UTF-8 text (byte {error.start + 1})") from None


def _file_bytes(file: Path) -> bytes:
    from drafting.article import LONGEST

    if file.is_dir():
        raise InputError(f"{file}: is a directory, not an article")
    with file.open("rb") as stream:
        return stream.read(LONGEST * 4 + 1)


def _write(output: Path, lines: list[dict[str, Any]]) -> None:
    import orjson

    try:
        output.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    except OSError as error:
        raise InputError(f"{output}: cannot write: {error.strerror}") from None


def _tell(lines: list[dict[str, Any]], output: Path) -> None:
    drafts = [line for line in lines if "draft" in line]
    for line in drafts:
        count = line.get("people")
        people = "" if count is None else f" {count:,} {'person' if count == 1 else 'people'}"
        quote = " ".join(line["sources"][0]["quote"].split())
        if len(quote) > 70:  # its first words, cut at a word
            quote = quote[:70].rsplit(" ", 1)[0] + "…"
        console.print(
            f"{line['kind']} {line['date']}{people} ({line['draft']['confidence']}): {quote}",
            soft_wrap=True,
        )
    console.print(
        f"Drafted {len(drafts)} events to {output}; review them with "
        f"`timeline import --review {output}`.",
        soft_wrap=True,
    )
