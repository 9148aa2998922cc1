"""The vocabulary: one pydantic model per kind of dated fact recorded about a case.

Every fact says when it happened (an EDTF date, never more precise than the
source), where, to how many people, who was involved and who says so. All kinds
form one discriminated union, read through one `TypeAdapter` (`FACT`), so the
CLI, the JSONL import and the store validate the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from events.dates import EdtfDate
from events.sources import Source
from events.values import Flag, GroupName, People, Text, shown

Channel = Literal["in_person", "letter", "phone", "email", "other"]
Manner = Literal["forced", "voluntary", "unknown"]
ReturnMeans = Literal["deported", "repatriated", "handed_over"]
AppliedFor = Literal[
    "asylum", "refugee_status", "temporary_asylum", "temporary_protection", "unknown"
]
Protection = Literal["temporary_protection", "refugee_status", "registration"]
Part = Literal["early", "mid", "late"]
Names = tuple[Text, ...]


class DatedFact(BaseModel):
    """What every fact carries: when, where, how many, who, what, and who says so."""

    # each kind's schema is built on first use (`complete`): a command that reads the views
    # validates no fact, and should not pay for building fifteen schemas at every start
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    date: EdtfDate = Field(description="when it happened, EDTF: 2004, 2009-09, 2007/2009, 2004/..")
    part: Part | None = Field(
        default=None,
        description="early, mid or late: the part of the date's month, year or decade the "
        "source gives ('early March 2015'); the date's bounds stay the whole month",
    )
    place: Text | None = Field(default=None, description="where it happened")
    people: People | None = Field(default=None, description="how many people, where known")
    group: GroupName | None = Field(
        default=None,
        description="which group of the case it is about, e.g. 'the twelve' (none: the "
        "case's main group); a case's people are the sum of its groups",
    )
    within: GroupName | None = Field(
        default=None,
        description="the group these people are part of ('main group': the case's main "
        "group): they are counted once, within it, not added to it",
    )
    actors: Names = Field(default=(), description="the people or groups who acted")
    agencies: Names = Field(default=(), description="agencies, missions or authorities involved")
    text: Text = Field(description="what happened, in one or two sentences")
    sources: tuple[Source, ...] = Field(min_length=1, description="who says so")


class FledToMission(DatedFact):
    """People fled into a diplomatic mission (an embassy or consulate) to seek protection."""

    kind: Literal["fled_to_mission"] = "fled_to_mission"
    mission: Text = Field(description="which mission, e.g. 'Consulate General in Vladivostok'")
    mission_country: Text = Field(description="whose mission it is, e.g. 'South Korea'")


class AsylumRequested(DatedFact):
    """People asked for asylum or another protection, of someone where known."""

    kind: Literal["asylum_requested"] = "asylum_requested"
    applied_for: AppliedFor | None = Field(
        default=None, description="what was asked for (not given: asylum)"
    )
    requested_from: Text | None = Field(
        default=None, description="to whom the request went, where known"
    )
    channels: tuple[Channel, ...] = Field(default=(), description="how it was made")
    country: Text | None = Field(default=None, description="the country where it was sought")


class AsylumGranted(DatedFact):
    """Asylum was granted to people."""

    kind: Literal["asylum_granted"] = "asylum_granted"
    country: Text = Field(description="the country that granted asylum")
    granted_by: Text | None = Field(
        default=None, description="the mission or authority that granted it"
    )


class AgencyContacted(DatedFact):
    """People contacted an agency (UNHCR, a ministry, an NGO), by some channel."""

    kind: Literal["agency_contacted"] = "agency_contacted"
    agency: Text = Field(description="the agency contacted, e.g. 'UNHCR Moscow office'")
    channels: tuple[Channel, ...] = Field(default=(), description="how they made contact")
    purpose: Text | None = Field(default=None, description="what they asked for")


class DepartedToThirdCountry(DatedFact):
    """People left one country for a third country, possibly helped by someone."""

    kind: Literal["departed_to_third_country"] = "departed_to_third_country"
    origin: Text = Field(description="where they left from")
    destination: Text = Field(description="the country they went to")
    helped_by: Names = Field(default=(), description="who helped them leave")


class Arrived(DatedFact):
    """People arrived in a country."""

    kind: Literal["arrived"] = "arrived"
    destination: Text = Field(description="the country they reached")


class ApplicationPending(DatedFact):
    """Applications of people were pending, as of the date."""

    kind: Literal["application_pending"] = "application_pending"
    handled_by: Text = Field(description="who is handling the applications")
    destination: Text | None = Field(default=None, description="where the applicants want to go")


class Returned(DatedFact):
    """People were sent or went back to their country of origin."""

    kind: Literal["returned"] = "returned"
    country: Text = Field(description="the country they were returned to, e.g. 'North Korea'")
    manner: Manner = Field(default="unknown", description="forced, voluntary or unknown")
    means: ReturnMeans | None = Field(
        default=None, description="deported, repatriated or handed_over"
    )
    returned_by: Text | None = Field(default=None, description="who sent or handed them back")


class ApplicationRefused(DatedFact):
    """An application of people (for asylum, refugee status, a protection) was refused."""

    kind: Literal["application_refused"] = "application_refused"
    applied_for: AppliedFor = Field(description="what was applied for")
    refused_by: Text = Field(description="who refused it, e.g. 'the Russian migration service'")
    country: Text | None = Field(default=None, description="the country that refused it")


class ProtectionGranted(DatedFact):
    """People were granted a protection short of asylum, or were registered by an agency."""

    kind: Literal["protection_granted"] = "protection_granted"
    protection: Protection = Field(
        description="temporary_protection, refugee_status or registration"
    )
    granted_by: Text = Field(description="the authority or agency that granted it")
    country: Text | None = Field(default=None, description="the country that granted it")


class NoProtection(DatedFact):
    """A source reports that people did not receive protection, and reports no refusal."""

    kind: Literal["no_protection"] = "no_protection"
    applied_for: AppliedFor = Field(default="unknown", description="what they sought, where known")
    by: Text | None = Field(default=None, description="who did not give it, where known")
    country: Text | None = Field(default=None, description="the country where they sought it")


class Detained(DatedFact):
    """People were detained (where: `place`)."""

    kind: Literal["detained"] = "detained"
    detained_by: Text | None = Field(default=None, description="who detained them")


class Released(DatedFact):
    """People were released from detention (where: `place`)."""

    kind: Literal["released"] = "released"
    released_by: Text | None = Field(default=None, description="who released them")


class FigureReported(DatedFact):
    """Someone reported a count of people in a region, as of the date."""

    kind: Literal["figure_reported"] = "figure_reported"
    people: People = Field(description="the count reported")
    population: Text = Field(description="who is counted, e.g. 'North Korean workers'")
    region: Text = Field(description="where they are counted")
    about: Flag = Field(default=False, description="the count is approximate ('around 1,700')")
    reported_by: Text | None = Field(default=None, description="who gives the figure")


class PolicyStated(DatedFact):
    """An authority stated a policy or position."""

    kind: Literal["policy_stated"] = "policy_stated"
    authority: Text = Field(description="who stated it")


class Observation(DatedFact):
    """A dated statement that fits no other kind."""

    kind: Literal["observation"] = "observation"


Fact = Annotated[
    FledToMission
    | AsylumRequested
    | AsylumGranted
    | AgencyContacted
    | DepartedToThirdCountry
    | Arrived
    | ApplicationPending
    | Returned
    | ApplicationRefused
    | ProtectionGranted
    | NoProtection
    | Detained
    | Released
    | FigureReported
    | PolicyStated
    | Observation,
    Field(discriminator="kind"),
]

FACT: TypeAdapter[Fact] = TypeAdapter(Fact, config=ConfigDict(defer_build=True))
FACT_KINDS: dict[str, type[DatedFact]] = {
    cls.model_fields["kind"].default: cls for cls in DatedFact.__subclasses__()
}


@cache
def complete() -> None:
    """Build every kind's schema now, once: a schema that names a kind not yet built (an
    instruction's, a stored event's) would build that kind's schema inside its own, and
    again inside the next one."""
    for cls in FACT_KINDS.values():
        cls.model_rebuild()


def with_changes(fact: Fact, changes: Mapping[str, object]) -> Fact:
    """The fact as corrected: `changes` replace its fields, and the result is validated anew.

    Raises `ValueError` naming the field and the value.
    """
    checked = checked_changes(fact.kind, changes)
    complete()
    return FACT.validate_python({**fact.model_dump(mode="json"), **checked})


def checked_changes(kind: str, changes: Mapping[str, object]) -> dict[str, Any]:
    """New values for fields of a fact of `kind`, each validated as its field requires,
    in JSON form. Raises `ValueError` naming the field and the value.

    No rule of the vocabulary ties two fields together, so a field can be checked
    without the rest of the fact: the Case aggregate need not hold whole facts.
    """
    if "kind" in changes:
        raise ValueError(
            "kind: a correction cannot change the kind of an event; retract it instead"
        )
    cls = FACT_KINDS[kind]
    unknown = sorted(set(changes) - set(cls.model_fields))
    if unknown:
        raise ValueError(f"{', '.join(unknown)}: no such field on {kind}")
    checked = {}
    for name, value in changes.items():
        adapter = _field_adapter(cls, name)
        try:
            checked[name] = adapter.dump_python(adapter.validate_python(value), mode="json")
        except ValidationError as error:
            message = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
            quoted = shown(value)
            got = "" if quoted in message else f" (got {quoted})"
            raise ValueError(f"{name}: {message}{got}") from None
    return checked


NO_ONE = (
    "people: 0 is no one, and an event happens to someone (only a figure_reported may count "
    "0): leave the number out where it is not known, and say in the text who was not affected"
)


def check_people(kind: str, people: object) -> None:
    """Refuse a new number of people of 0 on a fact of `kind`: it would make a group of no
    one, and be counted as people. A figure reported may count 0. Facts stored with 0 before
    this rule stay readable (the views give such a number no group size)."""
    if people == 0 and kind != "figure_reported":
        raise ValueError(NO_ONE)


@cache
def _field_adapter(cls: type[DatedFact], name: str) -> TypeAdapter[Any]:
    info = cls.model_fields[name]
    field_type: Any = Annotated[info.annotation, info]  # the field's type with its rules
    return TypeAdapter(field_type)


_PARTY_FIELDS = ("mission", "requested_from", "granted_by", "agency", "handled_by", "helped_by",
                 "returned_by", "refused_by", "by", "detained_by", "released_by")  # fmt: skip


_PARTY_ORDER = {name: n for n, name in enumerate(_PARTY_FIELDS)}


def each_agency_named(agencies: Iterable[str], fields: Mapping[str, object]) -> Iterator[str]:
    """Every agency, mission or authority a fact names: its `agencies`, then the kind's own
    fields for them (`mission`, `agency`, `granted_by`, ...) given as a mapping, in that
    order; a name given twice is given twice, for a caller that gathers the names of many
    facts and drops repeats once."""
    yield from agencies
    # the few fields a fact has, not every party field, are looked at: a case view asks
    # this of each of its facts
    for name in sorted((f for f in fields if f in _PARTY_ORDER), key=_PARTY_ORDER.__getitem__):
        value = fields[name]
        if isinstance(value, list | tuple):
            yield from map(str, value)
        elif value:
            yield str(value)
