"""The plain records that cross every stage boundary (see DESIGN.md, "The facts contract").

Every record is a frozen-free dataclass with ``to_dict``/``from_dict`` so that it can travel
through a process pool, a Ray cluster, a database row or a JSON line unchanged. Field names
match the gold files and must never be renamed; new fields may be added.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T", bound="Record")


class Record:
    """Mixin: dict round-trip for dataclasses whose fields are plain JSON values or records."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})


def content_hash(text: str) -> str:
    """Identity of a document's text: whitespace-normalised SHA-256, so re-ingesting is a no-op."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass
class Document(Record):
    """One report as read from its input, before any extraction."""

    id: str
    text: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) from metadata, None if withheld
    language: str | None = None  # ISO 639-1 code from detection
    author: str | None = None
    origin: str | None = None  # the file, URL or "<stdin>" it was read from
    hash: str = ""
    # For a report without a publication date: the days the other reports of its feed cite,
    # country -> ISO date -> citations (set by crisisdesk.feed; dates the report).
    feed_days: dict[str, dict[str, int]] | None = None

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_hash(self.text)


@dataclass
class Place(Record):
    """A place where something in the report happens, resolved against GeoNames."""

    name: str  # as written in the text
    canonical: str
    country: str | None  # ISO 3166-1 alpha-2
    kind: str  # country | region | city | site
    lat: float | None
    lon: float | None
    geonameid: int | None
    start: int
    end: int
    precision: int = 1  # ACLED geo precision: 1 town, 2 near/district, 3 region/country
    admin1: str | None = None


@dataclass
class Claim(Record):
    """One figure one sentence reports (a mention: repeats are kept)."""

    measure: str  # see vocab.MEASURES
    value: float
    qualifier: str  # see vocab.QUALIFIERS
    quote: str
    start: int
    end: int
    value_max: float | None = None
    who: str | None = None  # the group counted: protesters, security_forces, people, civilians...
    attributed_to: str | None = None
    location: str | None = None
    as_of: str | None = None  # ISO date the figure refers to
    unit: str | None = None  # for prices: "tenge per liter", "percent", "ratio"
    # For prices: a change ("from 70 to 120": value 70, value_max 120; "by 100 percent";
    # "doubled", ratio 2), not a price level or a range of prices ("between 70 and 120").
    change: bool = False


@dataclass
class Event(Record):
    """One happening one sentence reports, at one place (a mention)."""

    kind: str  # see vocab.EVENT_KINDS
    acled_event_type: str
    acled_sub_event_type: str
    quote: str
    start: int
    end: int
    date: str | None = None  # ISO date
    date_precision: int = 3  # ACLED time precision: 1 day, 2 week, 3 month or worse
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    actors: list[str] = field(default_factory=list)
    historical: bool = False


@dataclass
class Actor(Record):
    """A person, organisation or group, with its canonical name within the document."""

    name: str
    canonical: str
    type: str  # person | organisation | group | state


@dataclass
class Label(Record):
    """How the document names an actor group ("rioters" for protesters)."""

    actor_group: str  # protesters | security_forces | foreign_troops | government
    label: str
    start: int
    end: int


@dataclass
class DocumentFacts(Record):
    """Everything extraction found in one document: the JSON Lines contract of DESIGN.md."""

    id: str
    source: str | None
    url: str | None
    title: str | None
    published: str | None
    published_estimated: bool
    language: str | None
    hash: str
    places: list[Place] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def empty(cls, document: Document) -> DocumentFacts:
        """No facts yet: the document's metadata, with its publication date as given."""
        return cls(
            id=document.id,
            source=document.source,
            url=document.url,
            title=document.title,
            published=document.published,
            published_estimated=False,
            language=document.language,
            hash=document.hash,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentFacts:
        data = dict(data)
        data["places"] = [Place.from_dict(p) for p in data.get("places", [])]
        data["claims"] = [Claim.from_dict(c) for c in data.get("claims", [])]
        data["events"] = [Event.from_dict(e) for e in data.get("events", [])]
        data["actors"] = [Actor.from_dict(a) for a in data.get("actors", [])]
        data["labels"] = [Label.from_dict(lb) for lb in data.get("labels", [])]
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
