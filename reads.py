"""Every read of the record, one function each, for both doors: the command line and the
service call the same function with the same arguments.

Each takes the application and the reader's access `policy` (None: a reader who sees every
case, as the command line does): a restricted case the reader was not granted is left out
of every read, and naming it is answered as naming a case that does not exist. Each
returns what is printed or sent (models, or the text of a summary or an export, written
a piece at a time through `write`). The doors parse their input, word their errors and
draw the result; nothing here knows of typer or HTTP.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from domain.errors import CaseNotFound
from projections.known import NOW, Known
from reports.formats import ExportFormat
from reports.summary_options import By, SummaryFormat

if TYPE_CHECKING:
    from domain.access import Policy
    from domain.application import Timeline
    from projections.audit import AuditRow
    from projections.case_view import CaseView
    from projections.record import TimelineEntry
    from projections.runner import Lagging, Progress
    from reports.summary import EntryTold

Write = Callable[[str], object]
Writing = Callable[[Write], None]
"""A summary or an export read and ready: given a `write`, it writes the text a piece at a
time. The record is read (and the views caught up) before it is returned, so a door can
show progress while reading and say what is wrong before it opens anything to write."""


class CaseNotHeld(CaseNotFound):
    """A case named for an export that the record does not hold (or hides from the reader)."""

    def __init__(self, slug: str) -> None:
        super().__init__(slug)
        self.slug = slug


def _sees(policy: Policy | None, slug: str) -> bool:
    return policy is None or policy.sees(slug)


def _check_sees(policy: Policy | None, slug: str) -> None:
    if policy is not None:
        policy.check_sees(slug)


def timeline(
    app: Timeline,
    policy: Policy | None,
    cases: Sequence[str] = (),
    *,
    start: str | None = None,
    end: str | None = None,
    kinds: Sequence[str] = (),
    include_retracted: bool = False,
    known: Known = NOW,
    min_grade: str | None = None,
    progress: Progress | None = None,
    lagging: Lagging | None = None,
) -> Iterator[TimelineEntry]:
    """The chronological timeline of the cases named (every case seen if none), of some
    kinds, overlapping [start, end] (EDTF dates), as known at `known`; with `min_grade`,
    only events some source of which is graded that well or better."""
    from projections.timeline import timeline_of

    for slug in cases:
        _check_sees(policy, slug)
    found = timeline_of(
        app, cases, start=start, end=end, kinds=kinds, include_retracted=include_retracted,
        known=known, progress=progress, lagging=lagging,
    )  # fmt: skip
    if policy is not None:
        found = (e for e in found if policy.sees(e.case))
    if min_grade is not None:
        found = (e for e in found if e.graded_at_least(min_grade))
    return found


def timeline_json(
    app: Timeline,
    policy: Policy | None,
    cases: Sequence[str] = (),
    *,
    start: str | None = None,
    end: str | None = None,
    kinds: Sequence[str] = (),
    include_retracted: bool = False,
    known: Known = NOW,
    lagging: Lagging | None = None,
    most: int | None = None,
) -> Iterator[bytes] | None:
    """The entries `timeline` gives for the same arguments, each as the JSON the views hold
    (as `show --json` prints it); None where the views hold no JSON (in memory), for a read
    of an earlier moment or of several cases, or where the views hold more than `most` rows
    for it (if given): read `timeline` then."""
    from projections.stored import timeline_rows

    named = list(dict.fromkeys(cases))
    if not known.now or len(named) > 1:
        return None
    for slug in named:
        _check_sees(policy, slug)
    rows = timeline_rows(
        app, case=named[0] if named else None, start=start, end=end,
        include_retracted=include_retracted, kinds=kinds, lagging=lagging, most=most,
    )  # fmt: skip
    if rows is None:
        return None
    hidden = _hidden(policy)
    return (entry for case_id, entry in rows if case_id not in hidden)


def _hidden(policy: Policy | None) -> frozenset[str]:
    """The ids (in hex) of the cases the reader may not see."""
    from events.ids import case_id

    return frozenset() if policy is None else frozenset(case_id(s).hex for s in policy.hidden)


def case(
    app: Timeline,
    policy: Policy | None,
    slug: str,
    *,
    known: Known = NOW,
    progress: Progress | None = None,
) -> CaseView:
    """The view of one case: status, people, span, places, agencies, sources."""
    from projections.cases import case_view_of

    _check_sees(policy, slug)
    return case_view_of(app, slug, known, progress)


def case_json(
    app: Timeline, policy: Policy | None, slug: str, *, known: Known = NOW
) -> bytes | None:
    """The view `case` gives, as the JSON the views hold (as `case show --json` prints it);
    None where the views hold no JSON, or for a read of an earlier moment: read `case` then."""
    from projections.stored import case_view_json

    _check_sees(policy, slug)
    return case_view_json(app, slug) if known.now else None


def cases_json(
    app: Timeline, policy: Policy | None, *, known: Known = NOW, lagging: Lagging | None = None
) -> list[bytes] | None:
    """The views `cases` gives, each as the JSON the views hold (as `case list --json` prints
    them); None where the views hold no JSON, or for a read of an earlier moment."""
    from projections.stored import case_views_json

    found = case_views_json(app, lagging) if known.now else None
    if found is None:
        return None
    return [view for slug, view in found if _sees(policy, slug)]


def cases(
    app: Timeline,
    policy: Policy | None,
    *,
    known: Known = NOW,
    progress: Progress | None = None,
    lagging: Lagging | None = None,
) -> list[CaseView]:
    """Every case seen, in the order they were opened."""
    from projections.cases import case_views

    return [v for v in case_views(app, known, progress, lagging) if _sees(policy, v.slug)]


def replay(
    app: Timeline,
    policy: Policy | None,
    case: str | None = None,
    *,
    known: Known = NOW,
    after: int = 0,
) -> Iterator[dict[str, Any]]:
    """The recorded history after position `after` (of one case, if given), in recorded
    order, each event as the import line that would record it again, streamed."""
    from projections.history import replay_entries

    if case is not None:
        _check_sees(policy, case)
    sees = None if policy is None else policy.sees
    return replay_entries(app, case, known, after=after, sees=sees)


def history(app: Timeline, policy: Policy | None, event: str, *, known: Known = NOW) -> Any:
    """One dated event as the timeline shows it (`entry`), and its recorded `history`: the
    line that recorded it, then each correction and retraction of it."""
    from events.ids import EventId
    from projections.history import event_history
    from projections.timeline import timeline as timeline_of_case

    slug = EventId.parse(event).case
    _check_sees(policy, slug)
    lines = event_history(app, event, known)
    entries = timeline_of_case(app, case=slug, include_retracted=True, known=known)
    (entry,) = [e for e in entries if e.id == lines[0]["id"]]
    return {"entry": entry.model_dump(mode="json"), "history": lines}


def audit(
    app: Timeline,
    policy: Policy | None,
    *,
    after: int = 0,
    limit: int = 1000,
    case: str | None = None,
    account: str | None = None,
    lagging: Lagging | None = None,
) -> list[AuditRow]:
    """Who recorded each event after position `after`, and when, at most `limit` rows (of
    those the reader sees): the account of every write made through the service, None
    where none was named (the command line). No facts."""
    from projections.audit import audited

    rows = audited(app, after=after, limit=limit, case=case, account=account, lagging=lagging)
    return [row for row in rows if _sees(policy, row.case)]


def summary(
    app: Timeline,
    policy: Policy | None,
    cases: Sequence[str] = (),
    *,
    format: SummaryFormat = SummaryFormat.json,
    by: By = By.auto,
    start: str | None = None,
    end: str | None = None,
    kinds: Sequence[str] = (),
    include_retracted: bool = False,
    known: Known = NOW,
    width: int | None = None,
    progress: Progress | None = None,
    lagging: Lagging | None = None,
) -> Writing:
    """What happened, when, to how many, according to whom: the summary of the timeline
    `timeline` reads with these arguments, in `format` (the text wrapped to `width`: the
    terminal's if not given). Its entries are read once, now; their sentences wait in a
    spool until it is written."""
    asked = list(dict.fromkeys(cases))
    entries = timeline(
        app, policy, asked, start=start, end=end, kinds=kinds,
        include_retracted=include_retracted, known=known, progress=progress, lagging=lagging,
    )  # fmt: skip
    return summary_of(
        entries, asked, format=format, by=by, start=start, end=end, kinds=kinds,
        include_retracted=include_retracted, known=known, width=width,
    )  # fmt: skip


def summary_of(
    entries: Iterable[TimelineEntry],
    cases: Sequence[str] = (),
    *,
    format: SummaryFormat = SummaryFormat.json,
    by: By = By.auto,
    start: str | None = None,
    end: str | None = None,
    kinds: Sequence[str] = (),
    include_retracted: bool = False,
    known: Known = NOW,
    width: int | None = None,
    told_of: Callable[[TimelineEntry], EntryTold] | None = None,
) -> Writing:
    """The summary `summary` tells with the same arguments, of `entries`: those `timeline`
    reads with them. A summary is told from its entries alone; `told_of` gives what it
    tells of each one alone (`reports.summary.entry_told`, or one that keeps them)."""
    from reports import telling
    from reports.summary import SummaryStream
    from reports.wording import Scope

    asked = list(dict.fromkeys(cases))
    scope = Scope.of(asked, start, end, known, include_retracted, kinds)
    told = SummaryStream(entries, by.value, scope, told_of)
    return lambda write: telling.write_as(told, format, write, width)


def export(
    app: Timeline,
    policy: Policy | None,
    format: ExportFormat,
    cases: Sequence[str] = (),
    *,
    start: str | None = None,
    end: str | None = None,
    kinds: Sequence[str] = (),
    include_retracted: bool = False,
    known: Known = NOW,
    progress: Progress | None = None,
) -> Writing:
    """The record in `format`: of the cases named (in the order they were opened), else of
    every case seen. The cases are read now; the writer reads the entries as it writes.

    A case named that the reader does not see raises `CaseNotHeld`. Where the reader sees
    no case of a record that holds some, nothing is written; a reader who does not see
    every case gets the cases it sees named one by one, so that no writer (the JSON Lines
    history reads the log itself) reaches another.
    """
    from projections.cases import case_views
    from reports.formats import Scope

    asked = tuple(dict.fromkeys(cases))
    every = case_views(app, known, progress)
    seen = [v for v in every if _sees(policy, v.slug)]
    held = {v.slug for v in seen}
    for slug in asked:
        if slug not in held:
            raise CaseNotHeld(slug)
    chosen = [v for v in seen if not asked or v.slug in asked]
    if every and not chosen:
        return lambda write: None
    logged = () if len(chosen) == len(every) else tuple(v.slug for v in chosen)
    sees = None if policy is None else policy.sees
    scope = Scope(app, asked, start, end, include_retracted, known, tuple(kinds), logged, sees)
    return lambda write: format.writer(scope, chosen, write)
