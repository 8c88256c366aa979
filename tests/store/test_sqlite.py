"""The SQLite store: round trips, idempotency, id clashes, filters, failures, bad files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.errors import StoreError
from crisisdesk.records import Claim, Document, DocumentFacts, Event
from crisisdesk.store import open_store
from tests.factories import TEXT, sample

_text = st.text(max_size=30)
_opt_text = st.none() | _text
_float = st.floats(allow_nan=False, allow_infinity=False, width=32)

_claims = st.builds(
    Claim, measure=_text, value=_float, qualifier=_text, quote=_text,
    start=st.integers(0, 10**6), end=st.integers(0, 10**6), value_max=st.none() | _float,
    who=_opt_text, attributed_to=_opt_text, location=_opt_text, as_of=_opt_text, unit=_opt_text,
)
_events = st.builds(
    Event, kind=_text, acled_event_type=_text, acled_sub_event_type=_text, quote=_text,
    start=st.integers(0, 10**6), end=st.integers(0, 10**6), date=_opt_text,
    date_precision=st.integers(1, 3), location=_opt_text, lat=st.none() | _float,
    lon=st.none() | _float, actors=st.lists(_text, max_size=3), historical=st.booleans(),
)


@settings(max_examples=30, deadline=None)
@given(text=st.text(min_size=1, max_size=80), claims=st.lists(_claims, max_size=3),
       events=st.lists(_events, max_size=3), errors=st.lists(_text, max_size=2),
       estimated=st.booleans())
def test_facts_round_trip_exactly(text: str, claims: list[Claim], events: list[Event],
                                  errors: list[str], estimated: bool) -> None:
    document, facts = sample(text=text)
    facts = dataclasses.replace(facts, hash=document.hash, claims=claims, events=events,
                                errors=errors, published_estimated=estimated)
    with open_store(":memory:") as store:
        store.add([(document, facts)])
        assert store.facts(document.id) == facts
        assert store.facts(document.id).to_dict() == facts.to_dict()


def test_adding_twice_changes_nothing() -> None:
    with open_store(":memory:") as store:
        first = store.add([sample()])
        again = store.add([sample()])
        assert (first.added, again.added, again.skipped) == (1, 0, 1)
        assert len(store.documents()) == 1 and len(store.events()) == 1


def test_same_id_different_text_keeps_both() -> None:
    with open_store(":memory:") as store:
        store.add([sample()])
        other = sample(text="Police detained 41 people in Springfield on Tuesday.")
        result = store.add([other])
        new_id = f"d1~{other[0].hash[:8]}"
        assert result.renamed == {"d1": new_id}
        assert [d["id"] for d in store.documents()] == ["d1", new_id]


def test_filters_are_parameterised_and_combine() -> None:
    with open_store(":memory:") as store:
        store.add([sample("a", source="Wire"), sample("b", TEXT + " Later.", source="Daily")])
        assert len(store.events(kind="arrests")) == 2
        assert [e["doc_id"] for e in store.events(source="dai")] == ["b"]
        assert store.events(kind="protest") == []
        assert store.events(place="'; DROP TABLE events; --") == []
        assert len(store.claims(measure="arrested", since="2024-03-04", until="2024-03-04")) == 2
        assert store.claims(since="2024-03-05") == []
        assert [c["doc_id"] for c in store.claims(doc="a")] == ["a"]


def test_failures_are_recorded_and_cleared_by_a_later_success() -> None:
    with open_store(":memory:") as store:
        store.add_failure("d1.txt", "empty file")
        store.add_failure("other.txt", "not a text file")
        assert [f["origin"] for f in store.failures()] == ["d1.txt", "other.txt"]
        store.add([sample()])
        assert [f["origin"] for f in store.failures()] == ["other.txt"]


def test_file_store_persists_and_passes_integrity_check(tmp_path: Path) -> None:
    path = str(tmp_path / "cd.db")
    with open_store(path) as store:
        store.add([sample()])
    with open_store(path) as store:
        assert store.integrity_check() == "ok"
        assert store.facts("d1") == sample()[1]


def test_not_a_database_and_missing_folder_give_store_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a crisisdesk database"):
        open_store(str(junk))
    with pytest.raises(StoreError, match="does not exist"):
        open_store(str(tmp_path / "no" / "such" / "x.db"))


def test_unknown_document_is_a_key_error() -> None:
    with open_store(":memory:") as store, pytest.raises(KeyError):
        store.facts("nope")


def test_document_record_round_trip() -> None:
    document = sample()[0]
    assert Document.from_dict(document.to_dict()) == document
    assert DocumentFacts.from_dict(sample()[1].to_dict()) == sample()[1]
