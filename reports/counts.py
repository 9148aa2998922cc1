"""The counts of a summary: people by outcome and the figures reported, and how they are said.

Apart from the summary (`reports.summary`, which tallies them) and the plain English it
is told in (`reports.wording`, which they use), so that neither imports the other.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from reports.wording import WHOLE, Scope, as_of, country, number, people


class Figure(BaseModel):
    model_config = ConfigDict(frozen=True)

    population: str
    region: str
    people: int
    about: bool
    date: str
    reported_by: str | None
    event: str


class Application(BaseModel):
    """The people who applied for something in a country, and what is reported of them: each
    counted once, in an outcome or with no outcome reported (so `applied` is the sum of the
    rest)."""

    model_config = ConfigDict(frozen=True)

    country: str
    """"": not reported."""
    applied_for: str
    applied: int
    granted: int = 0
    refused: int = 0
    not_protected: int = 0
    returned: int = 0
    no_outcome: int = 0


class Counts(BaseModel):
    """People by outcome, each case's people counted once."""

    model_config = ConfigDict(frozen=True)

    reached: dict[str, int]
    granted: int
    pending: int
    protected: dict[str, int] = {}
    """By protection: `temporary_protection`, `refugee_status`, `registration`."""
    refused: dict[str, int] = {}
    """By what was applied for: `asylum`, `refugee_status`, `temporary_asylum`."""
    not_protected: dict[str, int] = {}
    """By what was sought: reported not to have received it, with no refusal reported."""
    detained: int = 0
    released: int = 0
    returned: dict[str, int] = {}
    """By the country returned to."""
    protection: dict[str, int] = {}
    """By country: the people who reached its protection, by arriving there or being granted
    asylum by it; each group once."""
    applications: tuple[Application, ...] = ()
    """By country and what was applied for: who applied, and the outcomes reported."""
    disputed: tuple[str, ...] = ()
    """The counted events whose number of people a source disputes (the recorded number is
    counted)."""
    figures: tuple[Figure, ...]
    scope: Scope = Field(default=WHOLE, exclude=True)
    """What the counts cover (the totals: the whole record, or what the filters chose), as
    the totals' lines say it; not written in the JSON summary, whose reader gave the filters
    (and whose `--until` and `--as-of` reads of one moment are the same document)."""


_PROTECTED = {"temporary_protection": "granted temporary protection",
              "refugee_status": "granted refugee status", "registration": "registered"}  # fmt: skip
_SOUGHT = {"asylum": "asylum", "refugee_status": "refugee status",
          "temporary_asylum": "temporary asylum", "temporary_protection": "temporary protection",
          "unknown": "protection"}  # fmt: skip


def counted(c: Counts) -> list[str]:
    """The outcomes of a period or of the whole record, in short clauses: those for the
    people first, then those against them."""
    lines = [f"{people(n)} reached {country(to)}" for to, n in sorted(c.reached.items())]
    if c.granted:
        lines.append(f"{people(c.granted)} granted asylum")
    lines += [f"{people(n)} {_PROTECTED[p]}" for p, n in sorted(c.protected.items())]
    if c.released:
        lines.append(f"{people(c.released)} released")
    if c.pending:
        lines.append(f"{people(c.pending)} with applications pending")
    return lines + against(c) + applications(c)


def applications(c: Counts) -> list[str]:
    """`12 people applied for refugee status in Mongolia, none of whom is reported to have
    received it (three reported not protected without a refusal, nine with no outcome
    reported)`: each country's applications and what became of them."""
    return [application_said(a) for a in c.applications if a.applied]


def application_said(a: Application) -> str:
    where = f" in {country(a.country)}" if a.country else " (where, not reported)"
    verb = "asked for" if a.applied_for == "unknown" else "applied for"
    said = f"{people(a.applied)} {verb} {_SOUGHT[a.applied_for]}{where}, "
    if a.granted:
        said += f"of whom {number(a.granted)} {_is(a.granted)} reported to have received it"
    else:
        said += "none of whom is reported to have received it"
    others = [f"{number(n)} {words}" for n, words in (
        (a.returned, "returned"), (a.refused, "refused"),
        (a.not_protected, "reported not protected without a refusal"),
        (a.no_outcome, "with no outcome reported"))
        if n]  # fmt: skip
    return said + (f" ({', '.join(others)})" if others else "")


def _is(n: int) -> str:
    return "is" if n == 1 else "are"


def protection(c: Counts) -> str:
    """`17 people reached the protection of South Korea (...)`: how many people each country
    took in, by an arrival there or asylum granted by it, each group once."""
    reached = [f"{people(n)} reached the protection of {country(of)}"
               for of, n in sorted(c.protection.items())]  # fmt: skip
    return "; ".join(reached) + " (arriving there or granted asylum by it; each group once)"


def against(c: Counts) -> list[str]:
    """The outcomes against people: refusals, detentions, returns."""
    lines = [f"{people(n)} refused {_SOUGHT[a]}" for a, n in sorted(c.refused.items())]
    lines += [f"{people(n)} reported not to have received {_SOUGHT[a]} (no refusal reported)"
              for a, n in sorted(c.not_protected.items())]  # fmt: skip
    if c.detained:
        lines.append(f"{people(c.detained)} detained")
    lines += [f"{people(n)} returned to {country(to)}" for to, n in sorted(c.returned.items())]
    return lines


def totals(c: Counts, still_pending: int) -> list[str]:
    """The closing lines of a summary, in every format: outcomes, what is still pending,
    outcomes against people, and the figures reported; each says what it covers
    (`c.scope`: the whole record, or what the filters chose)."""
    found = [line for line in counted(c) if line not in against(c) + applications(c)]
    lines = [f"{c.scope.totals()}: {'; '.join(found) if found else 'no outcome counted'}."]
    if c.protection:
        lines.append(f"By country: {protection(c)}.")
    unanswered = sum(a.no_outcome for a in c.applications)
    if still_pending or not unanswered:
        lines.append(f"{c.scope.pending()}: {people(still_pending)}.")
    else:  # nobody is said to be pending: that is not to say every request was answered
        lines.append(f"{c.scope.pending()}: nobody reported pending; {people(unanswered)} "
                     "applied with no outcome reported.")  # fmt: skip
    if c.applications:
        lines.append(f"Applications: {'; '.join(applications(c))}.")
    if against(c):
        lines.append(f"Against them: {'; '.join(against(c))}.")
    if c.disputed:
        lines.append(
            f"Disputed counts: {', '.join(c.disputed)} (the recorded numbers are counted)."
        )
    if c.figures:
        lines.append(FIGURES + "; ".join(map(figure_said, c.figures)) + ".")
    return lines


FIGURES = "Figures reported: "


def figure_said(f: Figure) -> str:
    return (
        f"{'about ' if f.about else ''}{number(f.people)} {f.population} in {f.region}"
        f" ({as_of(f.date)})"
    )
