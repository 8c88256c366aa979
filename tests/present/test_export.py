"""Exports on a small store built here: every format parses and carries what was stored."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest

from crisisdesk.present.export import ACLED_COLUMNS, FORMATS, export
from crisisdesk.records import Claim, Document, DocumentFacts, Event, Place
from crisisdesk.store import Store, open_store
from tests.factories import sample

# An invented report: a riot with deaths in one sentence, a rally with a crowd in the next.
TEXT = (
    "Rioters torched the town hall in Port Verda on Friday, and two police officers and "
    "five rioters were killed, \"witnesses\" said. Dozens of people rallied in Lorn on Saturday."
)


def _riot_report() -> tuple[Document, DocumentFacts]:
    document = Document(id="r1", text=TEXT, source="Verda Times", published="2031-05-10")
    first, second = TEXT.index("Rioters"), TEXT.index("Dozens")
    facts = DocumentFacts(
        id="r1", source="Verda Times", url=None, title=None, published="2031-05-10",
        published_estimated=False, language="en", hash=document.hash,
        places=[
            Place("Port Verda", "Port Verda", "KZ", "city", 43.2, 76.9, 1, 33, 43,
                  admin1="Verda Region"),
            Place("Lorn", "Lorn", None, "city", 44.0, 77.0, 2, second + 30, second + 34),
        ],
        claims=[
            Claim("killed", 2.0, "exact", "two police officers", TEXT.index("two"),
                  TEXT.index("two") + 19, who="security_forces"),
            Claim("killed", 5.0, "exact", "five rioters", TEXT.index("five"),
                  TEXT.index("five") + 12, who="protesters"),
            Claim("participants", 12.0, "vague", "Dozens of people", second, second + 16,
                  who="protesters", location="Lorn"),
        ],
        events=[
            Event("riot", "Riots", "Violent demonstration",
                  'Rioters torched the town hall, "witnesses" said,\nand fled', first,
                  first + 40, date="2031-05-09", date_precision=1, location="Port Verda",
                  lat=43.2, lon=76.9, actors=["rioters", "police", "residents"]),
            Event("protest", "Protests", "Peaceful protest", "Dozens of people rallied in Lorn",
                  second, second + 32, date="2031-05-10", date_precision=1, location="Lorn",
                  lat=44.0, lon=77.0, actors=["protesters"]),
            Event("protest", "Protests", "Peaceful protest", "rallied", second + 17,
                  second + 24, date="2031-05-10"),
        ],
    )
    return document, facts


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as s:
        s.add([_riot_report(), sample()])
        yield s


def _export(store: Store, fmt: str) -> str:
    out = io.StringIO()
    export(store, fmt, out)
    return out.getvalue()


def test_json_and_jsonl_carry_the_facts_contract(store: Store) -> None:
    whole = json.loads(_export(store, "json"))
    lines = [json.loads(line) for line in _export(store, "jsonl").splitlines()]
    expected = [store.facts("d1").to_dict(), store.facts("r1").to_dict()]
    assert whole == {"documents": expected}
    assert lines == expected
    assert DocumentFacts.from_dict(lines[1]) == _riot_report()[1]


def test_geojson_is_a_feature_collection_of_located_events(store: Store) -> None:
    data = json.loads(_export(store, "geojson"))
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert len(features) == 3  # the unplaced mention has no point
    for feature in features:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    riot = next(f for f in features if f["properties"]["kind"] == "riot")
    assert riot["geometry"]["coordinates"] == [76.9, 43.2]
    assert riot["properties"] | {"quote": ""} == {
        "kind": "riot", "acled_event_type": "Riots",
        "acled_sub_event_type": "Violent demonstration", "date": "2031-05-09",
        "date_precision": 1, "location": "Port Verda", "historical": False,
        "source": "Verda Times", "doc": "r1", "quote": "", "start": 0, "end": 40,
    }


def _csv_rows(store: Store) -> tuple[list[str], list[dict[str, str]]]:
    text = _export(store, "csv")
    header = next(csv.reader(io.StringIO(text)))
    return header, list(csv.DictReader(io.StringIO(text)))


def test_csv_header_is_exactly_acleds(store: Store) -> None:
    header, rows = _csv_rows(store)
    assert header == [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
        "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
        "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
        "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
        "source_scale", "notes", "fatalities", "tags", "timestamp",
    ]
    assert tuple(header) == ACLED_COLUMNS
    assert len(rows) == 4  # one row per event mention


def test_csv_quotes_commas_quotes_and_newlines(store: Store) -> None:
    _, rows = _csv_rows(store)
    assert rows[1]["notes"] == 'Rioters torched the town hall, "witnesses" said,\nand fled'


def test_csv_codes_events_as_acled_does(store: Store) -> None:
    _, rows = _csv_rows(store)
    by_id = {r["event_id_cnty"]: r for r in rows}
    riot, rally, unplaced, arrest = by_id["r1-1"], by_id["r1-2"], by_id["r1-3"], by_id["d1-1"]
    assert (riot["disorder_type"], riot["event_type"]) == ("Demonstrations", "Riots")
    assert (riot["event_date"], riot["year"], riot["time_precision"]) == ("2031-05-09", "2031",
                                                                           "1")
    assert (riot["actor1"], riot["actor2"], riot["assoc_actor_1"]) == ("rioters", "police",
                                                                        "residents")
    assert riot["fatalities"] == "7"  # two officers and five rioters, same sentence
    assert rally["fatalities"] == "0"  # the deaths are in another sentence
    assert (riot["country"], riot["iso"], riot["admin1"]) == ("Kazakhstan", "398", "Verda Region")
    assert (riot["latitude"], riot["longitude"], riot["geo_precision"]) == ("43.2", "76.9", "1")
    assert riot["tags"] == "crowd size=no report"
    assert rally["tags"] == "crowd size=dozens (12)"
    assert rally["country"] == "" and unplaced["location"] == "" and unplaced["latitude"] == ""
    assert arrest["disorder_type"] == "Strategic developments" and arrest["tags"] == ""
    assert arrest["country"] == "United States" and arrest["source"] == "Wire"
    assert int(riot["timestamp"]) > 0


def test_fatalities_are_conservative_within_a_group() -> None:
    document, facts = _riot_report()
    start = TEXT.index("five")
    facts.claims.append(Claim("killed", 9.0, "at_least", "nine", start, start + 4,
                              who="protesters"))
    with open_store(":memory:") as s:
        s.add([(document, facts)])
        _, rows = _csv_rows(s)
    assert rows[0]["fatalities"] == "7"  # lowest protester figure (5) plus the officers (2)


def test_unknown_format_names_the_valid_ones(store: Store) -> None:
    with pytest.raises(ValueError, match="'xml'; choose one of json, jsonl, geojson, csv"):
        _export(store, "xml")
    assert FORMATS == ("json", "jsonl", "geojson", "csv")


def test_empty_store_exports_valid_empty_documents() -> None:
    with open_store(":memory:") as s:
        assert json.loads(_export(s, "json")) == {"documents": []}
        assert _export(s, "jsonl") == ""
        assert json.loads(_export(s, "geojson")) == {"type": "FeatureCollection", "features": []}
        assert _export(s, "csv").strip() == ",".join(ACLED_COLUMNS)
