"""Event clusters: the mentions of one happening across documents become one event.

Extraction gives one event per sentence and place (a mention). Two mentions are one happening
when they are compatible on four counts:

1. **Kind**: the same family of :data:`crisisdesk.vocab.EVENT_KINDS` for demonstrations and
   violence (a "clash" in one report is a "riot" in another); for strategic developments,
   which are distinct decisions (a curfew is not an internet shutdown though both restrict),
   the same kind, or the same specific ACLED sub-event type ("Looting/property destruction").
   And both historical or both current: a massacre ten years ago that a report recalls never
   merges with this week's shooting. A mention dated more than :data:`BACKGROUND_DAYS` before
   its report's day (publication, else the assumed period below) is historical whatever
   extraction said: a report recalling "the last curfew, in March 2018" describes background.
2. **Place**: the same GeoNames place, two towns or sites within :data:`NEAR_KM`, a town inside
   a region (its admin1), or anything inside a country. A mention with no place counts as its
   document's main country.
3. **Time**: dates within the tolerance of the vaguer of the two (:data:`TOLERANCE_DAYS` by
   ACLED time precision). A mention without a date is dated by its report's publication (it
   happened in the days before). A report without a date either is assumed to be from the
   period its own day- or week-precise dates give (their median), else from that of the
   reports on the same country (their median publication date), with a month's tolerance, so
   that a mention dated years earlier ("in 2019 he resigned") stays apart. A past happening
   without a date fits only past happenings without a date (a report recalling "the massacre"
   and another recalling the one of 2016 at that place may mean two).
4. **Evidence**: when several events fit, the one whose evidence shares most words with the
   mention and then the nearest in time wins.

Mentions are processed most precise place first (towns, then regions, then countries), so a
country-wide mention joins an existing local event rather than chaining two towns together.
Blocking: events are indexed by (kind class, historical, country, place cell, date bucket),
one date bucketing per tolerance class, so each mention looks only at events it could match:
the whole pass is a sort plus a scan that is linear while the number of events per place and
week stays bounded, O(n log n) overall.

Ids are a hash of the event's earliest mention (document, then offset): the same documents give
the same ids whatever their input order, and adding later documents keeps them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial

from crisisdesk.geo import distance_km
from crisisdesk.reconcile.entities import ActorIndex, place_key
from crisisdesk.reconcile.items import ReconcileItem
from crisisdesk.reconcile.situation import Mention, SituationEvent
from crisisdesk.records import Event, Place
from crisisdesk.vocab import EVENT_KINDS, PRECISION_BROAD, PRECISION_NEAR, kind_family

# Towns or sites this close are one place: the radius ``eval`` (DESIGN.md) accepts for a city,
# wide enough for a metropolitan area and its suburbs, narrower than the gap between towns.
NEAR_KM = 30.0
# Days two dates may differ by and still be one happening, by ACLED time precision of the
# vaguer one: a day-precise date may be off by one (time zones, "yesterday" read against the
# wrong day), a week-precise one by a week, a month-precise one by a month.
TOLERANCE_DAYS = {1: 1, PRECISION_NEAR: 7, PRECISION_BROAD: 31}
# A mention without its own date happened before its report was published: wire reports follow
# within days, analyses within about a week (ACLED codes such events to the week, precision 2).
UNDATED_TOLERANCE = TOLERANCE_DAYS[PRECISION_NEAR]
# A report without a publication date is assumed to be from its period (see _period_days),
# to a month.
UNPUBLISHED_TOLERANCE = TOLERANCE_DAYS[PRECISION_BROAD]
# A mention dated more than this many days before its report is background, not part of the
# crisis being reported: a year, by hand (crises the tool follows run for weeks or months; an
# earlier year's happening a report recalls is context, as the 2019 resignation of the tests).
BACKGROUND_DAYS = 365
# The index files events by date in buckets of these many days: events whose tolerance is up
# to a week in weekly buckets, the rest in monthly ones, so a lookup reads about three buckets.
_BUCKET_DAYS = (TOLERANCE_DAYS[PRECISION_NEAR], TOLERANCE_DAYS[PRECISION_BROAD])

# Place ranks: most precise first, the order mentions are processed in.
_RANK = {"site": 0, "city": 0, "region": 1, "country": 2}
_NO_PLACE = 3
_EVIDENCE_WORD = re.compile(r"[a-z]{4,}")
_STRATEGIC = "Strategic developments"
# ACLED's catch-all sub-event types: kinds filed under them are not interchangeable.
_CATCH_ALL = frozenset(("Change to group/activity", "Other", "Agreement"))


def merge_key(kind: str) -> str:
    """The class of event kinds that can describe one happening (see the module docstring)."""
    known = EVENT_KINDS.get(kind)
    if known is None or known.acled_event_type != _STRATEGIC:
        return kind_family(kind)
    if known.acled_sub_event_type in _CATCH_ALL:
        return kind
    return known.acled_sub_event_type


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a mention happened, as far as the document says."""

    key: str | None
    name: str | None
    rank: int
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class _Mention:
    """One event mention with what clustering compares."""

    doc: str
    doc_order: tuple[bool, str, str]
    event: Event
    family: str  # merge_key of the kind
    where: _Where
    day: int | None  # proleptic ordinal of the effective date
    tolerance: int


@dataclass(slots=True)
class _Cluster:
    """A happening being gathered: its first mention fixes its place, day and tolerance."""

    index: int
    where: _Where
    day: int | None
    tolerance: int
    mentions: list[_Mention] = field(default_factory=list)
    words: set[str] = field(default_factory=set)


def _place_match(m: _Where, c: _Where) -> int:
    """How well a mention's place fits an event's: 3 same place, 2 near or inside its region,
    1 inside its country, 0 incompatible."""
    if m.country != c.country:
        return 0
    if m.key is not None and m.key == c.key:
        return 3
    if m.rank == 0 and c.rank == 0:
        if (m.lat is not None and m.lon is not None and c.lat is not None and c.lon is not None
                and distance_km(m.lat, m.lon, c.lat, c.lon) <= NEAR_KM):
            return 2
        return 0
    if m.rank == 1 and c.rank == 0:
        return 2 if c.admin1 is not None and c.admin1 == m.name else 0
    if m.rank == 1 and c.rank == 1:
        return 0  # two different regions
    return 1 if m.rank >= 2 or c.rank >= 2 else 0


@lru_cache(maxsize=1 << 14)
def _day(value: str | None) -> int | None:
    """The ordinal of an ISO date ("2022-01-05", "2022-01" or "2022"), None if unreadable."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        return dt.date(numbers[0], numbers[1], numbers[2]).toordinal()
    except (ValueError, IndexError):
        return None


def _main_country(places: Sequence[Place]) -> str:
    """The country a document names most (alphabetically first on a tie), "" if none."""
    counts = Counter(p.country for p in places if p.country)
    if not counts:
        return ""
    return min(counts, key=lambda c: (-counts[c], c))


def _median(days: Iterable[int | None]) -> int | None:
    """The (lower) median of the days given, None if there are none."""
    known = sorted(d for d in days if d is not None)
    return known[(len(known) - 1) // 2] if known else None


def _period_days(items: Sequence[ReconcileItem]) -> dict[str, int | None]:
    """The day each document without a publication date is assumed to be from: the median of
    the day- or week-precise dates its current events give (a bare year is background, "in
    2019 he resigned"), else the median publication day of the reports on the same country,
    else of all reports."""
    by_country: dict[str, list[int | None]] = defaultdict(list)
    for item in items:
        by_country[_main_country(item.facts.places)].append(_day(item.facts.published))
    corpus = _median(d for days in by_country.values() for d in days)
    period: dict[str, int | None] = {}
    for item in items:
        facts = item.facts
        if facts.published is not None:
            continue
        own = _median(
            _day(e.date)
            for e in facts.events
            if not e.historical and e.date_precision <= PRECISION_NEAR
        )
        country = _median(by_country[_main_country(facts.places)])
        period[facts.id] = own or country or corpus
    return period


def _mentions(items: Sequence[ReconcileItem]) -> list[_Mention]:
    """Every event mention of every document, with its place and effective date resolved."""
    period = _period_days(items)
    out: list[_Mention] = []
    for item in items:
        facts = item.facts
        doc_order = (facts.published is None, facts.published or "", facts.id)
        published = _day(facts.published)
        country = _main_country(facts.places)
        by_name: dict[str, Place] = {}
        for place in sorted(facts.places, key=lambda p: p.start):
            by_name.setdefault(place.canonical, place)
            by_name.setdefault(place.name, place)
        # one _Where per place of the document (events at one place share it)
        where = lru_cache(maxsize=None)(partial(_where, by_name=by_name, country=country))
        report_day = published or period.get(facts.id)
        for event in facts.events:
            if _is_background(event, report_day):
                event = replace(event, historical=True)
            out.append(
                _Mention(
                    doc=facts.id,
                    doc_order=doc_order,
                    event=event,
                    family=merge_key(event.kind),
                    where=where(event.location, event.lat, event.lon),
                    day=_effective_day(event, published, period.get(facts.id)),
                    tolerance=_tolerance(event, published),
                )
            )
    return out


def _is_background(event: Event, report_day: int | None) -> bool:
    """Whether a current-looking mention is dated so long before its report (more than
    :data:`BACKGROUND_DAYS`) that it can only be background the report recalls."""
    day = _day(event.date)
    if event.historical or day is None or report_day is None:
        return False
    return report_day - day > BACKGROUND_DAYS


def _effective_day(event: Event, published: int | None, period: int | None) -> int | None:
    """The day a mention is compared on: its own date, else its report's publication, else
    the report's assumed period. A past happening a report recalls has no date but its own:
    publication says nothing about it."""
    if event.historical:
        return _day(event.date)
    return _day(event.date) or published or period


def _tolerance(event: Event, published: int | None) -> int:
    if _day(event.date) is not None:
        return TOLERANCE_DAYS.get(event.date_precision, UNPUBLISHED_TOLERANCE)
    return UNDATED_TOLERANCE if published is not None else UNPUBLISHED_TOLERANCE


def _where(
    location: str | None,
    lat: float | None,
    lon: float | None,
    *,
    by_name: dict[str, Place],
    country: str,
) -> _Where:
    """Where an event at ``location`` (as extraction located it) is, for comparison."""
    place = by_name.get(location) if location else None
    if place is not None:
        return _Where(
            key=place_key(place.geonameid, place.canonical, place.country),
            name=place.canonical,
            rank=_RANK.get(place.kind, 0),
            country=place.country or country,
            admin1=place.admin1,
            lat=lat if lat is not None else place.lat,
            lon=lon if lon is not None else place.lon,
        )
    if location:  # a place extraction located without listing it
        return _Where(
            key=f"{country}:{location}", name=location, rank=0, country=country,
            admin1=None, lat=lat, lon=lon,
        )
    return _Where(None, None, _NO_PLACE, country, None, None, None)


_Cell = tuple[str, str | int, int]
_GRID_DEGREES = 2.0


def _cluster_cells(where: _Where) -> list[_Cell]:
    """The index cells an event is filed under: the whole country, its place, its 1-degree
    grid square (towns and sites) and the region it lies in or is."""
    cells: list[_Cell] = [("*", "", 0)]
    if where.key is not None:
        cells.append(("k", where.key, 0))
    if where.rank == 0 and where.lat is not None and where.lon is not None:
        cells.append(("g", *_grid(where.lat, where.lon)))
    region = where.admin1 if where.rank == 0 else where.name if where.rank == 1 else None
    if region:
        cells.append(("a", region, 0))
    return cells


def _mention_cells(where: _Where) -> list[_Cell]:
    """The index cells holding every event a mention's place can match (see _place_match):
    a town looks at its own place and at the four grid squares nearest it (a point within
    NEAR_KM lies in its square or in the next one on the nearer side, since half a square, one
    degree, is at least 38 km up to latitude 70), a region at itself and the towns in it, a
    country or no place at the whole country."""
    if where.rank >= _RANK["country"]:
        return [("*", "", 0)]
    cells: list[_Cell] = [("k", where.key, 0)] if where.key is not None else []
    if where.rank == 1 and where.name:
        cells.append(("a", where.name, 0))
    elif where.lat is not None and where.lon is not None:
        lat, lon = _grid(where.lat, where.lon)
        near_lat = lat + (1 if where.lat / _GRID_DEGREES - lat >= 0.5 else -1)
        near_lon = lon + (1 if where.lon / _GRID_DEGREES - lon >= 0.5 else -1)
        cells += [("g", a, b) for a in (lat, near_lat) for b in (lon, near_lon)]
    return cells


def _grid(lat: float, lon: float) -> tuple[int, int]:
    """The grid square of a point (squares of _GRID_DEGREES on a side)."""
    return math.floor(lat / _GRID_DEGREES), math.floor(lon / _GRID_DEGREES)


class _Index:
    """Events by (kind class, historical, country, place cell, date bucket), with weekly
    buckets for events of short tolerance and monthly ones for the others."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[str, bool, str, _Cell, int, int | None], list[_Cluster]] = (
            defaultdict(list)
        )
        self._all: dict[tuple[str, bool, str], list[_Cluster]] = defaultdict(list)  # undated

    def add(self, family: str, historical: bool, cluster: _Cluster) -> None:
        size = next((d for d in _BUCKET_DAYS if cluster.tolerance <= d), _BUCKET_DAYS[-1])
        bucket = None if cluster.day is None else cluster.day // size
        country = cluster.where.country
        for cell in _cluster_cells(cluster.where):
            self._buckets[(family, historical, country, cell, size, bucket)].append(cluster)
        if cluster.day is None:
            self._all[(family, historical, country)].append(cluster)

    def candidates(self, m: _Mention) -> list[_Cluster]:
        """Events in reach of the mention's place whose date is within tolerance of its
        date, in creation order. A mention with no date at all (a past happening a report
        recalls, or any in a corpus with no dates) can only be one with other undated
        mentions: every undated event of its kind and country."""
        if m.day is None:
            undated = self._all.get((m.family, m.event.historical, m.where.country), ())
            return [c for c in undated if c.day is None]
        found: dict[int, _Cluster] = {}
        for cell in _mention_cells(m.where):
            base = (m.family, m.event.historical, m.where.country, cell)
            for size in _BUCKET_DAYS:
                reach = max(size, m.tolerance)
                for bucket in range((m.day - reach) // size, (m.day + reach) // size + 1):
                    for c in self._buckets.get((*base, size, bucket), ()):
                        if c.day is not None and abs(c.day - m.day) <= max(
                            c.tolerance, m.tolerance
                        ):
                            found[c.index] = c
        return [found[i] for i in sorted(found)]


def _best(m: _Mention, words: set[str], candidates: list[_Cluster]) -> _Cluster | None:
    """The compatible event that fits the mention (evidence ``words``) best, None if none."""
    best: tuple[int, int, int, int] | None = None
    chosen: _Cluster | None = None
    for c in candidates:
        level = _place_match(m.where, c.where)
        if level == 0:
            continue
        gap = 0 if m.day is None or c.day is None else abs(m.day - c.day)
        score = (level, len(words & c.words), -gap, -c.index)
        if best is None or score > best:
            best, chosen = score, c
    return chosen


def _sort_key(m: _Mention) -> tuple[str, bool, int, bool, int, tuple[bool, str, str], int, str]:
    return (
        m.family, m.event.historical, m.where.rank, m.day is None, m.day or 0,
        m.doc_order, m.event.start, m.event.kind,
    )


def cluster_events(
    items: Sequence[ReconcileItem],
    original: Callable[[str], str],
    actors: ActorIndex,
) -> list[SituationEvent]:
    """The events of all documents, each happening once with all its mentions.

    ``original`` maps a document id to the original of its near-duplicate group (itself if
    none), so that copies count once in ``independent_sources``; so do several reports of one
    outlet (a wire's update repeats its own earlier reporting, it does not confirm it).
    """
    published = {i.facts.id: i.facts.published for i in items}
    outlet = {i.facts.id: i.facts.source or i.document.source or i.facts.id for i in items}

    def independent(doc_id: str) -> str:
        first = original(doc_id)
        return outlet.get(first, first)

    index = _Index()
    clusters: list[_Cluster] = []
    for m in sorted(_mentions(items), key=_sort_key):
        words = set(_EVIDENCE_WORD.findall(m.event.quote.lower()))
        cluster = _best(m, words, index.candidates(m))
        if cluster is None:
            cluster = _Cluster(len(clusters), m.where, m.day, m.tolerance)
            clusters.append(cluster)
            index.add(m.family, m.event.historical, cluster)
        cluster.mentions.append(m)
        cluster.words |= words
    events = [_event(c, independent, actors, published) for c in clusters]
    events.sort(key=lambda e: (e.date is None, e.date or "", -e.independent_sources, e.id))
    return events


def _event(
    cluster: _Cluster,
    independent: Callable[[str], str],
    actors: ActorIndex,
    published: dict[str, str | None],
) -> SituationEvent:
    """The situation event a finished cluster describes."""
    mentions = sorted(cluster.mentions, key=lambda m: (m.doc_order, m.event.start, m.event.end))
    first = mentions[0]
    kinds = Counter(m.event.kind for m in mentions)
    kind = min(kinds, key=lambda k: (-kinds[k], k))
    acled = EVENT_KINDS.get(kind)
    dated = [m.event for m in mentions if _day(m.event.date) is not None]
    sources = list(dict.fromkeys(m.doc for m in mentions))
    reported = sorted(p for p in (published[d] for d in sources) if p)
    if dated:
        best = min(dated, key=lambda e: (e.date_precision, e.date or ""))
        date, precision = best.date, best.date_precision
    elif first.event.historical:
        date, precision = None, PRECISION_BROAD
    else:
        date = reported[0] if reported else None
        precision = PRECISION_NEAR if date else PRECISION_BROAD
    where = cluster.where
    digest = hashlib.sha1(
        f"{first.family}|{first.event.historical}|{first.doc}|{first.event.start}|"
        f"{first.event.kind}".encode()
    ).hexdigest()
    return SituationEvent(
        id=f"ev-{digest[:12]}",
        kind=kind,
        acled_event_type=acled.acled_event_type if acled else first.event.acled_event_type,
        acled_sub_event_type=(
            acled.acled_sub_event_type if acled else first.event.acled_sub_event_type
        ),
        date=date,
        location=where.name,
        lat=where.lat,
        lon=where.lon,
        sources=sources,
        independent_sources=len({independent(d) for d in sources}),
        mentions=[Mention(m.doc, m.event.quote, m.event.start, m.event.end) for m in mentions],
        date_precision=precision,
        country=where.country or None,
        actors=sorted({actors.canonical(m.doc, a) for m in mentions for a in m.event.actors}),
        historical=first.event.historical,
        first_reported=reported[0] if reported else None,
    )
