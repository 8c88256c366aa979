"""Exports: the situation as JSON (issue 3's shape), GeoJSON and ACLED-layout CSV, one record
per reconciled event; JSON Lines stays the per-document facts contract."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from crisisdesk.cli import main
from crisisdesk.present.export import (
    ACLED_COLUMNS,
    FORMATS,
    export,
    fatalities,
    write_situation,
)
from crisisdesk.reconcile.situation import ResolvedPlace, Situation
from crisisdesk.records import Claim, Document, DocumentFacts, Event, Place
from crisisdesk.store import Store, open_store
from tests.factories import sample
from tests.present.situation_factories import event, situation

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
        ],
        claims=[
            Claim("killed", 2.0, "exact", "two police officers", TEXT.index("two"),
                  TEXT.index("two") + 19, who="security_forces", location="Port Verda"),
        ],
        events=[
            Event("riot", "Riots", "Violent demonstration",
                  'Rioters torched the town hall, "witnesses" said,\nand fled', first,
                  first + 40, date="2031-05-09", date_precision=1, location="Port Verda",
                  lat=43.2, lon=76.9, actors=["rioters", "police", "residents"]),
            Event("protest", "Protests", "Peaceful protest", "Dozens of people rallied",
                  second, second + 24, date="2031-05-10", date_precision=1),
        ],
    )
    return document, facts


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as s:
        s.add([_riot_report(), sample()])
        yield s


def _export(store: Store, fmt: str, as_of: str | None = None) -> str:
    out = io.StringIO()
    export(store, fmt, out, as_of=as_of)
    return out.getvalue()


def _write(situation: Situation, fmt: str, added_at: dict[str, str] | None = None) -> str:
    out = io.StringIO()
    write_situation(situation, fmt, out, added_at or {})
    return out.getvalue()


def _placed() -> Situation:
    """The hand-made situation with its places resolved, and a second, later riot in Port
    Verda reported by one outlet only."""
    s = situation()
    s.places = [ResolvedPlace("Port Verda", "city", "KZ", 43.2, 76.9, admin1="Verda Region"),
                ResolvedPlace("Lorn", "region", None, 44.0, 77.0)]
    s.events.append(event("e5", "riot", "2031-05-11", "Port Verda", ["b1"], 1, country="KZ"))
    return s


# --- JSON: the situation, in the shape issue 3 fixes ----------------------------------------


def test_json_has_the_situation_shape_other_tools_rely_on(store: Store) -> None:
    data = json.loads(_export(store, "json"))
    assert {"documents", "events", "claim_groups", "actors", "framing"} <= set(data)
    assert [d["id"] for d in data["documents"]] == ["d1", "r1"]
    for document in data["documents"]:
        assert {"id", "title", "source", "published", "status", "error"} <= set(document)
    assert data["events"]
    for item in data["events"]:
        assert {"id", "kind", "acled_event_type", "acled_sub_event_type", "date", "location",
                "lat", "lon", "sources", "independent_sources", "mentions"} <= set(item)
        for mention in item["mentions"]:
            assert set(mention) >= {"doc", "quote", "start", "end"}
    for group in data["claim_groups"]:
        assert {"measure", "who", "location", "status", "explanation", "claims"} <= set(group)
        for claim in group["claims"]:
            assert {"doc", "value", "qualifier", "attributed_to", "as_of", "quote"} <= set(claim)
    for actor in data["actors"]:
        assert {"canonical", "type", "variants"} <= set(actor)
    for cell in data["framing"]:
        assert {"source", "actor_group", "label", "count"} <= set(cell)
    assert _export(store, "json") == _export(store, "json")  # deterministic


def test_json_round_trips_a_situation() -> None:
    s = _placed()
    assert Situation.from_dict(json.loads(_write(s, "json"))) == s


def test_as_of_restricts_every_format(store: Store) -> None:
    data = json.loads(_export(store, "json", as_of="2024-03-05"))
    assert [d["id"] for d in data["documents"]] == ["d1"] and data["as_of"] == "2024-03-05"
    lines = _export(store, "jsonl", as_of="2024-03-05").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["d1"]
    assert len(list(csv.DictReader(io.StringIO(_export(store, "csv", as_of="2000-01-01"))))) == 0


# --- JSON Lines: the per-document facts contract -----------------------------------------------


def test_jsonl_carries_the_facts_contract(store: Store) -> None:
    lines = [json.loads(line) for line in _export(store, "jsonl").splitlines()]
    assert lines == [store.facts("d1").to_dict(), store.facts("r1").to_dict()]
    assert DocumentFacts.from_dict(lines[1]) == _riot_report()[1]


# --- GeoJSON -----------------------------------------------------------------------------------


def test_geojson_has_one_feature_per_reconciled_event() -> None:
    s = _placed()
    data = json.loads(_write(s, "geojson"))
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert [f["id"] for f in features] == [e.id for e in s.events]
    riot = features[0]
    assert riot["geometry"] == {"type": "Point", "coordinates": [76.9, 43.2]}
    assert riot["properties"]["sources"] == ["a1", "b1", "b2"]
    assert riot["properties"]["outlets"] == ["Verda Times", "Lorn Herald", "Coast Wire"]
    assert riot["properties"]["independent_sources"] == 2
    assert riot["properties"]["fatalities"] == 7
    unplaced = next(f for f in features if f["id"] == "e3")
    assert unplaced["geometry"] is None  # RFC 7946: a feature without a location


def test_geojson_of_a_store_is_valid(store: Store) -> None:
    data = json.loads(_export(store, "geojson"))
    for feature in data["features"]:
        if feature["geometry"] is not None:
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90


# --- CSV ---------------------------------------------------------------------------------------


def _rows(text: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    header = next(csv.reader(io.StringIO(text)))
    return header, {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(text))}


def test_csv_header_is_exactly_acleds(store: Store) -> None:
    header, _ = _rows(_export(store, "csv"))
    assert header == [
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
        "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
        "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
        "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
        "source_scale", "notes", "fatalities", "tags", "timestamp",
    ]
    assert tuple(header) == ACLED_COLUMNS


def test_csv_has_one_row_per_event_with_all_its_sources() -> None:
    s = _placed()
    _, rows = _rows(_write(s, "csv", {"a1": "2031-05-10T08:00:00+00:00",
                                      "b2": "2031-05-12T08:00:00+00:00"}))
    assert list(rows) == ["e1", "e2", "e3", "e4", "e5"]
    riot = rows["e1"]
    assert riot["source"] == "Verda Times; Lorn Herald; Coast Wire"
    assert (riot["event_date"], riot["year"], riot["time_precision"]) == ("2031-05-09", "2031",
                                                                           "1")
    assert (riot["disorder_type"], riot["event_type"]) == ("Demonstrations", "Riots")
    assert (riot["actor1"], riot["actor2"]) == ("rioters", "police")
    assert (riot["country"], riot["iso"], riot["admin1"], riot["geo_precision"]) == (
        "Kazakhstan", "398", "Verda Region", "1")
    assert riot["timestamp"] == "1936339200"  # 2031-05-12T08:00Z: the later document stored
    assert rows["e2"]["geo_precision"] == "3"  # Lorn is a region
    assert rows["e3"]["location"] == rows["e3"]["latitude"] == rows["e3"]["country"] == ""


def test_csv_notes_summarise_disagreements_at_the_events_place() -> None:
    _, rows = _rows(_write(_placed(), "csv"))
    assert rows["e1"]["notes"] == (
        "Rioters torched the town hall in Port Verda. Figures: killed (protesters) "
        "contradicts: 5 (Verda Times) vs at least 9 (Lorn Herald) for the same day."
    )
    assert "Figures" not in rows["e2"]["notes"]  # Lorn's single crowd figure is no dispute


def test_csv_fatalities_count_each_group_once() -> None:
    s = _placed()
    _, rows = _rows(_write(s, "csv"))
    # both Port Verda groups (2 officers agreed; 5 to 9 protesters, conservatively 5) go to
    # the riot most of their reports describe, not again to the later one
    assert rows["e1"]["fatalities"] == "7" and rows["e5"]["fatalities"] == "0"
    assert rows["e4"]["fatalities"] == "0"  # the 2011 riot in Lorn: no current figure
    assert fatalities(s) == {"e1": 7.0}


def test_csv_crowd_size_tags_demonstrations() -> None:
    _, rows = _rows(_write(_placed(), "csv"))
    assert rows["e2"]["tags"] == "crowd size=12"
    assert rows["e1"]["tags"] == "crowd size=no report"
    assert rows["e3"]["tags"] == ""  # not a demonstration


def test_csv_quotes_commas_quotes_and_newlines(store: Store) -> None:
    _, rows = _rows(_export(store, "csv"))
    riot = next(r for r in rows.values() if r["event_type"] == "Riots")
    assert riot["notes"].startswith('Rioters torched the town hall, "witnesses" said, and fled')
    assert int(riot["timestamp"]) > 0


# --- formats -----------------------------------------------------------------------------------


def test_unknown_format_names_the_valid_ones(store: Store) -> None:
    with pytest.raises(ValueError, match="'xml'; choose one of json, jsonl, geojson, csv"):
        _export(store, "xml")
    assert FORMATS == ("json", "jsonl", "geojson", "csv")
    with pytest.raises(ValueError, match="not a situation format"):
        _write(Situation(), "jsonl")


def test_empty_store_exports_valid_empty_documents() -> None:
    with open_store(":memory:") as s:
        whole = json.loads(_export(s, "json"))
        assert whole["documents"] == whole["events"] == whole["claim_groups"] == []
        assert _export(s, "jsonl") == ""
        assert json.loads(_export(s, "geojson")) == {"type": "FeatureCollection", "features": []}
        assert _export(s, "csv").strip() == ",".join(ACLED_COLUMNS)


def test_export_command_takes_as_of(tmp_path: Path) -> None:
    db = str(tmp_path / "cd.db")
    with open_store(db) as s:
        s.add([_riot_report(), sample()])
    runner = CliRunner()
    result = runner.invoke(main, ["export", "--db", db, "--as-of", "2024-03-05"])
    assert result.exit_code == 0, result.output
    assert [d["id"] for d in json.loads(result.stdout)["documents"]] == ["d1"]
    bad = runner.invoke(main, ["export", "--db", db, "--as-of", "soon"])
    assert bad.exit_code == 2 and "use YYYY-MM-DD" in bad.stderr
