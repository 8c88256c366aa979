"""Exports and tables on a small hand-made store."""

from __future__ import annotations

import csv
import io
import json

import pytest

from crisisdesk.present.export import ACLED_COLUMNS, export
from crisisdesk.present.tables import claims_table, events_table, format_value, summary
from crisisdesk.store import Store, open_store
from tests.factories import sample


@pytest.fixture
def store() -> Store:
    s = open_store(":memory:")
    document, facts = sample()
    facts.events[0].quote = 'Police detained 40, "many" people,\nsaid'
    s.add([(document, facts)])
    return s


def _export(store: Store, fmt: str) -> str:
    out = io.StringIO()
    export(store, fmt, out)
    return out.getvalue()


def test_json_and_jsonl_carry_the_facts_contract(store: Store) -> None:
    whole = json.loads(_export(store, "json"))
    lines = [json.loads(line) for line in _export(store, "jsonl").splitlines()]
    assert whole["documents"] == lines == [store.facts("d1").to_dict()]


def test_geojson_is_a_feature_collection_of_located_events(store: Store) -> None:
    data = json.loads(_export(store, "geojson"))
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-89.6, 39.8]}
    assert feature["properties"]["kind"] == "arrests"


def test_csv_has_acleds_columns_and_quotes_safely(store: Store) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(store, "csv"))))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert rows[0]["notes"] == 'Police detained 40, "many" people,\nsaid'
    assert rows[0]["event_type"] == "Strategic developments"
    assert rows[0]["disorder_type"] == "Strategic developments"
    assert rows[0]["country"] == "US" and rows[0]["event_date"] == "2024-03-04"


def test_unknown_format_names_the_valid_ones(store: Store) -> None:
    with pytest.raises(ValueError, match="json, jsonl, geojson, csv"):
        _export(store, "xml")


def test_values_show_their_qualifier() -> None:
    assert format_value({"value": 13.0, "qualifier": "at_least"}) == "≥13"
    assert format_value({"value": 1000.0, "qualifier": "more_than"}) == ">1,000"
    assert format_value({"value": 12.0, "qualifier": "vague"}) == "12 (vague)"
    assert format_value({"value": 40.0, "value_max": 50.0, "qualifier": "exact"}) == "40–50"


def test_tables_and_summary(store: Store) -> None:
    assert "Springfield" in events_table(store.events())
    assert "≥" not in claims_table(store.claims()) and "40" in claims_table(store.claims())
    assert events_table([]).startswith("no events")
    text = summary(store)
    assert "1 documents" in text and "arrests" in text and "the ministry" in text
