"""Exporting stored facts: JSON, JSON Lines (the extract contract), GeoJSON, ACLED-layout CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, Protocol, TextIO

from crisisdesk.records import DocumentFacts, Event

FORMATS = ("json", "jsonl", "geojson", "csv")

# ACLED's export columns, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
_DISORDER = {
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Battles": "Political violence",
    "Violence against civilians": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Strategic developments": "Strategic developments",
}
# A killed figure counts as an event's fatalities when its evidence is this close to the
# event's (same sentence or the next one, in the reports we read).
_FATALITY_WINDOW = 200


class _Facts(Protocol):
    def all_facts(self) -> Iterable[DocumentFacts]: ...


def _fatalities(facts: DocumentFacts, event: Event) -> int:
    near = [
        c.value
        for c in facts.claims
        if c.measure == "killed"
        and c.start < event.end + _FATALITY_WINDOW
        and c.end > event.start - _FATALITY_WINDOW
    ]
    return int(max(near, default=0))


def _place_of(facts: DocumentFacts, event: Event) -> dict[str, Any]:
    for place in facts.places:
        if event.location and event.location in (place.name, place.canonical):
            return place.to_dict()
    return {}


def _acled_rows(all_facts: Iterable[DocumentFacts]) -> Iterable[dict[str, Any]]:
    for facts in all_facts:
        for n, event in enumerate(facts.events, start=1):
            place = _place_of(facts, event)
            actors = [*event.actors, "", ""]
            yield {
                "event_id_cnty": f"{facts.id}-{n}",
                "event_date": event.date or "",
                "year": (event.date or "")[:4],
                "time_precision": event.date_precision,
                "disorder_type": _DISORDER.get(event.acled_event_type, ""),
                "event_type": event.acled_event_type,
                "sub_event_type": event.acled_sub_event_type,
                "actor1": actors[0],
                "actor2": actors[1],
                "assoc_actor_1": "; ".join(event.actors[2:]),
                "iso": place.get("country") or "",
                "country": place.get("country") or "",
                "admin1": place.get("admin1") or "",
                "location": event.location or "",
                "latitude": "" if event.lat is None else event.lat,
                "longitude": "" if event.lon is None else event.lon,
                "geo_precision": place.get("precision", ""),
                "source": facts.source or facts.url or facts.id,
                "notes": event.quote + (" [historical]" if event.historical else ""),
                "fatalities": _fatalities(facts, event),
            }


def _geojson(all_facts: Iterable[DocumentFacts]) -> dict[str, Any]:
    features = []
    for facts in all_facts:
        for event in facts.events:
            if event.lat is None or event.lon is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [event.lon, event.lat]},
                    "properties": {
                        "kind": event.kind,
                        "acled_event_type": event.acled_event_type,
                        "acled_sub_event_type": event.acled_sub_event_type,
                        "date": event.date,
                        "location": event.location,
                        "historical": event.historical,
                        "source": facts.source,
                        "doc": facts.id,
                        "quote": event.quote,
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


def export(store: _Facts, fmt: str, out: TextIO) -> None:
    """Write every stored document's facts to ``out`` in format ``fmt`` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    facts = store.all_facts()
    if fmt == "jsonl":
        for item in facts:
            out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
    elif fmt == "json":
        json.dump({"documents": [f.to_dict() for f in facts]}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "geojson":
        json.dump(_geojson(facts), out, ensure_ascii=False)
        out.write("\n")
    else:
        writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(_acled_rows(facts))
