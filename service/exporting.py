"""Exports of the cases an account may see, by the writers `timeline export` uses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cli.export import WRITERS, Scope
from domain.access import Policy
from domain.application import Timeline
from domain.errors import CaseNotFound
from projections.known import Known
from projections.record import TimelineEntry
from reports.wording import Scope as Covered


class SeenScope(Scope):
    """An export's scope, with only the entries of cases the account sees.

    Its entries are read as asked (the cases the request named, else every case, in one
    read) and those of cases the account does not see are left out: read case by case,
    an export of thousands of cases took thousands of queries and catch-ups."""

    def __init__(self, policy: Policy, asked: list[str], *args: Any) -> None:
        super().__init__(*args)
        self.policy, self.asked = policy, asked

    def told(self) -> Covered:
        """What the request chose (every case it sees, where it named none): the cases
        named here only keep the writers from the cases hidden from the account."""
        return Covered.of(
            self.asked, self.start, self.end, self.moment, self.include_retracted, self.kinds
        )

    def entries(self, *, include_retracted: bool | None = None) -> Iterator[TimelineEntry]:
        return (
            e for e in self.entries_of(self.asked, include_retracted) if self.policy.sees(e.case)
        )


def exported(
    app: Timeline, policy: Policy, format: str, slugs: list[str], start: str | None,
    end: str | None, include_retracted: bool, moment: Known, kinds: list[str] | None = None,
) -> bytes:  # fmt: skip
    """The export's bytes: of the cases named, else of every case this account sees.

    An account that does not see every case gets its cases named one by one, so no
    writer (the JSON Lines history reads the log itself) reaches a case it may not see.
    """
    from projections.cases import case_views

    every = case_views(app, moment)
    views = [v for v in every if policy.sees(v.slug)]
    for slug in slugs:
        if slug not in {v.slug for v in views}:
            raise CaseNotFound(slug)
    chosen = [v for v in views if not slugs or v.slug in slugs]
    if not chosen:
        return b""
    names = [] if len(chosen) == len(every) else [v.slug for v in chosen]
    scope = SeenScope(policy, slugs, app, names, start, end, include_retracted, moment, kinds or [])
    out: list[bytes] = []
    WRITERS[format](scope, chosen, lambda data: out.append(data.encode()))
    return b"".join(out)
