"""`timeline init`, `timeline demo` and `timeline kinds`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.errors import InputError
from cli.options import Json, KeyFile, Store
from cli.output import console, print_json

SEED = "kyodo-2009-12-23.jsonl"


def init(store: Store = "timeline.db", key_file: KeyFile = None) -> None:
    """Create an empty store (an SQLite file, or a schema of a PostgreSQL database given by
    its URL); an existing store is left as it is."""
    from cli.store import StoreSpec, open_store
    from storage.opening import store_exists

    existed = store_exists(store)
    app = open_store(StoreSpec(store, key_file), create=True)
    app.close()
    how = (
        "encrypted with its key"
        if app.keyring
        else "not encrypted: whoever can read it reads everything (see `timeline key new`)"
    )
    said = "Store already exists" if existed else "Created store"
    console.print(f"{said}: {app.backend} ({how})")


def demo(
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            "-s",
            envvar="TIMELINE_STORE",
            help="A new or empty store to load the demo into; a temporary one if not given.",
            show_default=False,
        ),
    ] = None,
    key_file: KeyFile = None,
) -> None:
    """Load the bundled seed case (Kyodo, 2009-12-23) through the import path, and show it."""
    import tempfile
    from importlib import resources

    import reads
    from cli.importing import import_file
    from cli.render import timeline_table
    from cli.store import StoreSpec, open_store
    from reports.summary_options import SummaryFormat

    with tempfile.TemporaryDirectory(prefix="timeline-demo-") as scratch:
        location = store or str(Path(scratch) / "demo.db")
        app = open_store(StoreSpec(location, key_file), create=True)
        if app.recorder.max_notification_id():
            raise InputError(
                f"store {location!r} already holds events: the demo needs a new or empty store"
            )
        with resources.as_file(resources.files("events.seeds") / SEED) as seed:
            imported = import_file(app, seed, receipts=False)
            imported.close()
        where = store or "a temporary store"
        console.print(f"Loaded {imported.count} events from the seed case into {where}.\n")
        timeline_table(e.model_dump(mode="json") for e in reads.timeline(app, None))
        console.print()
        reads.summary(app, None, format=SummaryFormat.text)(sys.stdout.write)
        app.close()


def kinds(json: Json = False) -> None:
    """The kinds of event you can record, with their fields and the options of `append` and
    `correct`."""
    from cli.kind_options import KIND_OPTIONS
    from events.facts import FACT_KINDS

    listing: dict[str, dict[str, Any]] = {
        kind: {
            "description": (cls.__doc__ or "").strip(),
            "fields": {
                o["field"]: ("required " if cls.model_fields[o["field"]].is_required() else "")
                + o["help"][kind]
                for o in KIND_OPTIONS
                if kind in o["help"]
            },
            "options": {o["field"]: o["option"] for o in KIND_OPTIONS if kind in o["help"]},
        }
        for kind, cls in FACT_KINDS.items()
    }
    if json:
        print_json(listing)
        return
    from rich.text import Text  # rich: only where people read the output

    console.print(
        "Every kind takes --date, --text, --source, and optionally --part, --place, --people, "
        "--group, --within, --actor, --agency, --quote, --grade, --via.\n"
    )
    for kind, info in listing.items():
        console.print(Text.assemble((kind, "bold"), f": {info['description']}"))  # one wrap
        for name, help_ in info["fields"].items():
            console.print(f"    {info['options'][name]}: {help_}")
