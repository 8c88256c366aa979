"""The records reconciliation produces: one :class:`Situation` out of every document's facts.

The JSON shape of ``Situation.to_dict()`` is what ``crisisdesk export --format json`` prints
and what other tools rely on (issue 3): top-level ``documents``, ``events``, ``claim_groups``,
``actors``, ``framing``. Field names here may be added to, never renamed. Ids are stable:
the same input gives the same ids in the same order.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, TypeVar

from crisisdesk.records import Record

# Claim-group statuses (DESIGN.md, reconcile): how the figures of one group relate.
STATUSES = ("agree", "grows", "contradicts", "single")

R = TypeVar("R", bound=Record)


@dataclass
class DocumentEntry(Record):
    """One input document as the situation lists it (``status`` ok | non_english | failed)."""

    id: str
    title: str | None
    source: str | None
    published: str | None
    status: str = "ok"
    error: str | None = None
    url: str | None = None
    published_estimated: bool = False
    duplicate_of: str | None = None  # the earlier document this one copies or rewrites


@dataclass
class Mention(Record):
    """Where one document reports a fact: the evidence span in that document's text."""

    doc: str
    quote: str
    start: int
    end: int


@dataclass
class SituationEvent(Record):
    """One happening across every document that reports it."""

    id: str
    kind: str
    acled_event_type: str
    acled_sub_event_type: str
    date: str | None
    location: str | None
    lat: float | None
    lon: float | None
    sources: list[str]  # ids of the documents that report it, in order
    independent_sources: int  # near-duplicate documents count once
    mentions: list[Mention]
    date_precision: int = 3
    country: str | None = None
    actors: list[str] = field(default_factory=list)
    historical: bool = False
    first_reported: str | None = None  # earliest publication date among its sources

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SituationEvent:
        return _with_nested(cls, data, mentions=Mention)


@dataclass
class LedgerClaim(Record):
    """One figure in a claim group, with who claimed it and when."""

    doc: str
    value: float
    qualifier: str
    quote: str
    start: int
    end: int
    value_max: float | None = None
    attributed_to: str | None = None
    as_of: str | None = None
    source: str | None = None
    published: str | None = None
    unit: str | None = None


@dataclass
class ClaimGroup(Record):
    """Figures for the same measure, group counted, place scope and time, and how they relate."""

    id: str
    measure: str
    who: str | None
    location: str | None
    status: str  # one of STATUSES
    explanation: str  # one line a reader can act on
    claims: list[LedgerClaim]
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    conservative: float | None = None  # the figure ACLED would code

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ClaimGroup:
        return _with_nested(cls, data, claims=LedgerClaim)


@dataclass
class ResolvedActor(Record):
    """One actor across documents and spellings."""

    canonical: str
    type: str
    variants: list[str]
    documents: list[str] = field(default_factory=list)


@dataclass
class ResolvedPlace(Record):
    """One real place across documents and spellings ("Alma-Ata" and "Almaty")."""

    canonical: str
    kind: str
    country: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None = None
    admin1: str | None = None
    variants: list[str] = field(default_factory=list)  # the spellings the documents use
    documents: list[str] = field(default_factory=list)


@dataclass
class FramingCell(Record):
    """How often one source names one actor group with one label, with the evidence."""

    source: str
    actor_group: str
    label: str
    count: int
    evidence: list[Mention] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FramingCell:
        return _with_nested(cls, data, evidence=Mention)


@dataclass
class Situation(Record):
    """Everything the documents say, lined up against each other."""

    documents: list[DocumentEntry] = field(default_factory=list)
    events: list[SituationEvent] = field(default_factory=list)
    claim_groups: list[ClaimGroup] = field(default_factory=list)
    actors: list[ResolvedActor] = field(default_factory=list)
    framing: list[FramingCell] = field(default_factory=list)
    as_of: str | None = None  # only what had been reported by this date, if set
    places: list[ResolvedPlace] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Situation:
        return _with_nested(
            cls,
            data,
            documents=DocumentEntry,
            events=SituationEvent,
            claim_groups=ClaimGroup,
            actors=ResolvedActor,
            framing=FramingCell,
            places=ResolvedPlace,
        )


def _with_nested(cls: type[R], data: dict[str, Any], **nested: type[Record]) -> R:
    """Build ``cls`` from a dict whose listed fields are lists of records."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    values = {k: v for k, v in data.items() if k in names}
    for name, record in nested.items():
        values[name] = [record.from_dict(item) for item in data.get(name, [])]
    return cls(**values)
