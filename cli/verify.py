"""`timeline verify`: prove the store whole, and keep its chain's head elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.options import Json, KeyFile, Store
from cli.output import console, print_json

if TYPE_CHECKING:
    from projections.runner import Behind

Export = Annotated[
    Path | None,
    typer.Option(
        "--export", help="Write the chain's head to this file, to keep apart from the store.",
        show_default=False, dir_okay=False,
    ),
]  # fmt: skip
Against = Annotated[
    Path | None,
    typer.Option(
        "--against", help="A head written by --export: prove the store unchanged up to it.",
        show_default=False, dir_okay=False,
    ),
]  # fmt: skip


def verify(
    export: Export = None,
    against: Against = None,
    store: Store = "timeline.db",
    key_file: KeyFile = None,
    json: Json = False,
) -> None:
    """Check every stored event: it decodes and validates, versions follow one another in
    each case, positions in the log, the hash chain holds, and the views, caught up first,
    equal a rebuild. The first problem is named and the command exits 3."""
    from contextlib import suppress

    from cli.progress import progress_bar
    from cli.store import StoreSpec, open_store
    from domain.errors import StoredEventUnreadable
    from domain.recorded import Recorded
    from projections.record import Record
    from projections.runner import catch_up_to_read, open_views
    from projections.verify import views_differ
    from storage.audit import audit
    from storage.errors import StoreDamaged

    app = open_store(StoreSpec(store, key_file))
    views = open_views(app)
    behind: list[Behind] = []
    # an event that cannot be read stops the catch-up: the audit below names it and where
    with progress_bar("Catching up") as progress, suppress(StoredEventUnreadable):
        catch_up_to_read(app, views, progress=progress, lagging=behind.append)
    tracked = views.max_tracking_id(app.name) or 0
    kept = _read_head(against) if against else None
    record = Record()

    def fold(position: int, event: Any) -> None:
        if position <= tracked:
            record.apply(Recorded(position, event))

    report = audit(app, decoded=fold, heads_at=(kept["events"],) if kept else ())
    problem = views_differ(views, record)
    if problem:
        raise StoreDamaged(f"the store is damaged: {problem}; `timeline projections rebuild`")
    if kept:
        _check_head(kept, report.heads.get(kept["events"]), report.events)
    result = {
        "store": str(app.backend), "events": report.events, "cases": report.cases,
        "position": report.position, "head": report.head, "views_at": tracked,
    }  # fmt: skip
    if export:
        export.write_bytes(_dumps(result) + b"\n")
    if json:
        print_json(result)
        return
    console.print(
        f"Verified {_many(report.events, 'event')} of {_many(report.cases, 'case')}: "
        f"every event reads, "
        f"versions and positions follow one another, "
        f"{_views_said(tracked, report.position, behind)}"
        + (f", the chain holds (head {report.head} at position {report.position:,})."
           if report.head else " (a memory store keeps no chain).")
        + (f" Unchanged since the head in {against}." if kept else "")
    )  # fmt: skip


def _many(n: int, thing: str) -> str:
    return f"{n:,} {thing}" + ("" if n == 1 else "s")


def _views_said(tracked: int, position: int, behind: list[Behind]) -> str:
    """What verify found of the views, whose position is `tracked`: equal to a rebuild, of
    the whole store (at `position`) or of the part they hold, and why they hold no more."""
    if tracked >= position:
        return "the views equal a rebuild"
    why = behind[0].why if behind else "the rest was recorded while verify ran"
    return (
        f"the views equal a rebuild of the events up to position {tracked:,}, "
        f"{position - tracked:,} events behind the store ({why})"
    )


def _dumps(value: Any) -> bytes:
    import orjson

    return orjson.dumps(value, option=orjson.OPT_INDENT_2)


def _read_head(file: Path) -> dict[str, Any]:
    import orjson

    from cli.errors import InputError

    try:
        kept = orjson.loads(file.read_bytes()[:100_000])
        assert isinstance(kept, dict) and isinstance(kept["events"], int)
        assert isinstance(kept["head"], str)
        return kept
    except OSError as error:
        raise InputError(f"{file}: cannot read: {error.strerror}") from None
    except (orjson.JSONDecodeError, AssertionError, KeyError):
        raise InputError(f"{file}: not a head written by `timeline verify --export`") from None


def _check_head(kept: dict[str, Any], head: str | None, events: int) -> None:
    from storage.errors import StoreDamaged

    if events < kept["events"]:
        raise StoreDamaged(
            f"the store is damaged: it holds {events:,} events, fewer than the "
            f"{kept['events']:,} of the head kept"
        )
    if head != kept["head"]:
        raise StoreDamaged(
            f"the store is damaged: its first {kept['events']:,} events are not those of the "
            "head kept: the record was rewritten"
        )
