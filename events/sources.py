"""Who says so: the source every recorded fact cites."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from events.citing import citation, graded
from events.dates import EdtfDate
from events.values import Text


def _grade(text: str) -> str:
    if len(text) != 2 or text[0] not in "ABCDEF" or text[1] not in "123456":
        raise ValueError(
            f"grade {text!r}: give the source's reliability A-F and the information's "
            "credibility 1-6, e.g. B2"
        )
    return text


Grade = Annotated[str, AfterValidator(_grade)]
"""An Admiralty (NATO AJP-2.1) grade: the reliability of the source, A (completely reliable)
to F (cannot be judged), then the credibility of the information, 1 (confirmed by other
sources) to 6 (cannot be judged): `B2`."""
LOW_RELIABILITY, LOW_CREDIBILITY = "D", 4
"""From these on a grade is low: a source not usually reliable, or information doubtful."""


class Source(BaseModel):
    """A published source: outlet, publication date, reference and the passage relied on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    outlet: Text = Field(description="who published it, e.g. 'Kyodo'")
    published: EdtfDate = Field(description="publication date, EDTF (usually a day)")
    reference: Text | None = Field(default=None, description="URL, wire id or page")
    quote: Text | None = Field(default=None, description="the passage the fact rests on")
    grade: Grade | None = Field(
        default=None,
        description="Admiralty grade: reliability A-F, credibility 1-6, e.g. B2",
    )
    via: Text | None = Field(
        default=None,
        description="the outlet whose report this one carries, e.g. 'Yonhap' for a newspaper "
        "that republished Yonhap's story: the two are one report, not two",
    )

    def citation(self) -> str:
        """`Kyodo, 2009-12-23 (ID 96523)`: how the source is cited in one line."""
        return citation(self.outlet, self.published, self.reference)

    def graded_citation(self) -> str:
        """The citation with the report it carries and its grade where it has them:
        `Yonhap, 2009-12-24 [B2]`, `Korea Herald, 2009-12-24, via Yonhap [B2]`."""
        return graded(self.citation(), self.grade, self.via)

    def origin(self) -> str:
        """Whose report it is: the outlet it carries (`via`), else its own outlet. Sources of
        one origin are one report, however many outlets carry it."""
        return self.via or self.outlet

    def graded_at_least(self, minimum: str) -> bool:
        """Whether the source is graded, and at least as well as `minimum` on both scales
        (`B2` meets `C3`); an ungraded source meets no minimum."""
        return self.grade is not None and all(
            g <= m for g, m in zip(self.grade, minimum, strict=True)
        )

    def graded_low(self) -> bool:
        """Whether the source is graded, and low on either scale (D-F or 4-6)."""
        return self.grade is not None and (
            self.grade[0] >= LOW_RELIABILITY or int(self.grade[1]) >= LOW_CREDIBILITY
        )


def check_grade(text: str) -> str:
    """A grade as typed (`b2` is read as `B2`); ValueError naming the scales otherwise."""
    return _grade(text.strip().upper())


VIA = "; via "
"""What sets apart, in a source typed on the command line, the outlet whose report it
carries: `Korea Herald, 2009-12-24, p. 3; via Yonhap`."""


def parse_source(text: str) -> Source:
    """Read `OUTLET, DATE[, REFERENCE][; via OUTLET]` as typed on the command line."""
    given, _, via = text.rpartition(VIA) if VIA in text else (text, "", "")
    parts = [part.strip() for part in given.split(",", 2)]
    if len(parts) < 2:
        raise ValueError(
            f"source {text!r}: write it as 'OUTLET, DATE[, REFERENCE]' (then '; via OUTLET' "
            "for a report it carries)"
        )
    reference = parts[2] if len(parts) == 3 else None
    return Source(outlet=parts[0], published=parts[1], reference=reference, via=via.strip() or None)
