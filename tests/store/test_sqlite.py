"""The SQLite store: round trips, idempotency, id clashes, filters, failures, bad files."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.errors import StoreError
from crisisdesk.records import Actor, Claim, Document, DocumentFacts, Event, Label, Place
from crisisdesk.store import open_store
from crisisdesk.store.schema import SCHEMA_VERSION
from tests.factories import TEXT, sample

_text = st.text(max_size=30)
_opt_text = st.none() | _text
_float = st.floats(allow_nan=False, allow_infinity=False)
_offset = st.integers(0, 10**6)

_places = st.builds(
    Place, name=_text, canonical=_text, country=_opt_text, kind=_text,
    lat=st.none() | _float, lon=st.none() | _float, geonameid=st.none() | st.integers(0, 2**31),
    start=_offset, end=_offset, precision=st.integers(1, 3), admin1=_opt_text,
)
_claims = st.builds(
    Claim, measure=_text, value=_float, qualifier=_text, quote=_text, start=_offset, end=_offset,
    value_max=st.none() | _float, who=_opt_text, attributed_to=_opt_text, location=_opt_text,
    as_of=_opt_text, unit=_opt_text,
)
_events = st.builds(
    Event, kind=_text, acled_event_type=_text, acled_sub_event_type=_text, quote=_text,
    start=_offset, end=_offset, date=_opt_text, date_precision=st.integers(1, 3),
    location=_opt_text, lat=st.none() | _float, lon=st.none() | _float,
    actors=st.lists(_text, max_size=3), historical=st.booleans(),
)
_actors = st.builds(Actor, name=_text, canonical=_text, type=_text)
_labels = st.builds(Label, actor_group=_text, label=_text, start=_offset, end=_offset)


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(min_size=1, max_size=80), meta=_opt_text,
    places=st.lists(_places, max_size=3), claims=st.lists(_claims, max_size=3),
    events=st.lists(_events, max_size=3), actors=st.lists(_actors, max_size=3),
    labels=st.lists(_labels, max_size=3), errors=st.lists(_text, max_size=2),
    estimated=st.booleans(),
)
def test_facts_round_trip_exactly(
    text: str, meta: str | None, places: list[Place], claims: list[Claim], events: list[Event],
    actors: list[Actor], labels: list[Label], errors: list[str], estimated: bool,
) -> None:
    document, facts = sample(text=text)
    facts = dataclasses.replace(
        facts, hash=document.hash, source=meta, url=meta, title=meta, places=places,
        claims=claims, events=events, actors=actors, labels=labels, errors=errors,
        published_estimated=estimated,
    )
    with open_store(":memory:") as store:
        store.add([(document, facts)])
        assert store.facts(document.id) == facts
        assert store.facts(document.id).to_dict() == facts.to_dict()
        assert list(store.all_facts()) == [facts]


def test_document_comes_back_with_its_text_and_origin() -> None:
    document, facts = sample()
    with open_store(":memory:") as store:
        store.add([(document, facts)])
        # metadata is the facts' (extraction may fill in a title or an estimated date)
        assert store.document("d1") == dataclasses.replace(document, title=facts.title)
        [row] = store.documents()
        assert row["origin"] == "d1.txt" and row["published_estimated"] is False
        assert "text" not in row and row["added_at"]


def test_adding_twice_changes_no_row_count() -> None:
    with open_store(":memory:") as store:
        first = store.add([sample(), sample("d2", TEXT + " More.")])
        counts = store.row_counts()
        again = store.add([sample(), sample("d2", TEXT + " More.")])
        assert (first.added, first.skipped, again.added, again.skipped) == (2, 0, 0, 2)
        assert store.row_counts() == counts
        assert counts["documents"] == 2 and counts["events"] == 2 and counts["labels"] == 2


def test_same_text_under_another_id_is_skipped() -> None:
    with open_store(":memory:") as store:
        store.add([sample("d1")])
        result = store.add([sample("copy")])
        assert (result.added, result.skipped) == (0, 1)
        assert [d["id"] for d in store.documents()] == ["d1"]


def test_same_id_different_text_keeps_both() -> None:
    with open_store(":memory:") as store:
        store.add([sample()])
        other = sample(text="Police detained 41 people in Springfield on Tuesday.")
        third = sample(text="Troops were deployed to the port city on Friday.")
        result = store.add([other, third])
        second_id = f"d1~{other[0].hash[:8]}"
        third_id = f"d1~{third[0].hash[:8]}"
        assert result.renamed == [("d1", second_id), ("d1", third_id)]
        assert result.added == 2
        assert sorted(d["id"] for d in store.documents()) == sorted(["d1", second_id, third_id])
        assert store.facts(second_id).id == second_id
        assert store.facts(second_id).events == other[1].events


def test_facts_of_another_document_are_refused() -> None:
    document, _ = sample("d1")
    _, facts = sample("d2", TEXT + " Later.")
    with open_store(":memory:") as store, pytest.raises(ValueError, match="do not belong"):
        store.add([(document, facts)])


def test_a_failing_batch_keeps_nothing() -> None:
    good = sample("ok", TEXT + " One.")
    bad_document, bad_facts = sample("bad", TEXT + " Two.")
    bad_facts.claims[0].who = {"not": "a column value"}  # type: ignore[assignment]
    with open_store(":memory:") as store:
        with pytest.raises(StoreError, match="nothing of this batch was kept"):
            store.add([good, (bad_document, bad_facts)])
        assert store.row_counts()["documents"] == 0 and store.row_counts()["claims"] == 0


def _two_sources() -> list[tuple[Document, DocumentFacts]]:
    a = sample("a", source="Wire Service")
    b = sample("b", TEXT + " Later.", source="The Daily_Post")
    b[1].events[0].date = None
    b[1].events[0].location = "Shelbyville"
    b[1].claims[0].as_of = "2024-03-06"
    return [a, b]


def test_filters_combine_and_match_as_documented() -> None:
    with open_store(":memory:") as store:
        store.add(_two_sources())
        assert [e["doc_id"] for e in store.events(kind="arrests")] == ["a", "b"]  # undated last
        assert [e["doc_id"] for e in store.events(source="DAILY")] == ["b"]
        assert store.events(source="%") == [] and store.events(source="Wire_") == []
        assert [e["doc_id"] for e in store.events(source="y_p")] == ["b"]
        assert [e["doc_id"] for e in store.events(place="shelby")] == ["b"]
        assert [e["doc_id"] for e in store.events(since="2024-03-01")] == ["a"]
        assert store.events(kind="protest") == []
        assert [c["as_of"] for c in store.claims(measure="arrested")] == [
            "2024-03-04", "2024-03-06"]
        assert [c["doc_id"] for c in store.claims(since="2024-03-05")] == ["b"]
        assert [c["doc_id"] for c in store.claims(until="2024-03-05")] == ["a"]
        assert [c["doc_id"] for c in store.claims(doc="b", source="daily")] == ["b"]
        row = store.claims(doc="a")[0]
        assert (row["source"], row["published"], row["value"]) == ("Wire Service", "2024-03-05",
                                                                   40.0)
        assert store.events(doc="a")[0]["actors"] == ["police"]


def test_filter_values_cannot_inject_sql() -> None:
    with open_store(":memory:") as store:
        store.add(_two_sources())
        assert store.events(place="'; DROP TABLE events; --") == []
        assert store.claims(measure="x' OR '1'='1") == []
        assert store.row_counts()["events"] == 2


def test_failures_are_recorded_and_cleared_by_a_later_success() -> None:
    with open_store(":memory:") as store:
        store.add_failure("d1.txt", "empty file")
        store.add_failure("d1.txt", "not a text file")
        store.add_failure("other.txt", "not a text file")
        assert [(f["origin"], f["reason"]) for f in store.failures()] == [
            ("d1.txt", "not a text file"), ("other.txt", "not a text file")]
        store.add([sample()])
        assert [f["origin"] for f in store.failures()] == ["other.txt"]


def test_file_store_persists_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "cd.db"
    with open_store(path) as store:
        store.add([sample()])
    with open_store(f"sqlite:///{path}", must_exist=True) as store:
        assert store.integrity_check() == "ok"
        assert store.facts("d1") == sample()[1]
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]


def test_closing_releases_the_connection(tmp_path: Path) -> None:
    store = open_store(tmp_path / "cd.db")
    with store:
        pass
    with pytest.raises(sqlite3.ProgrammingError):
        store.documents()


def test_unusable_locations_name_the_path_and_the_fix(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"junk\.db: not a crisisdesk database.*pick another"):
        open_store(junk)
    with pytest.raises(StoreError, match="does not exist; create it"):
        open_store(tmp_path / "no" / "such" / "x.db")
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="no store here yet"):
        open_store(tmp_path / "new.db", must_exist=True)
    with pytest.raises(StoreError, match="not supported yet; give a SQLite file path"):
        open_store("postgresql://user@host/db")


def test_other_programs_and_newer_versions_are_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as raw:
        raw.execute("CREATE TABLE documents (name TEXT)")
    with pytest.raises(StoreError, match="another program"):
        open_store(foreign)
    newer = tmp_path / "newer.db"
    open_store(newer).close()
    with sqlite3.connect(newer) as raw:
        raw.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer crisisdesk"):
        open_store(newer)


def test_unknown_document_is_a_key_error() -> None:
    with open_store(":memory:") as store, pytest.raises(KeyError, match="nope"):
        store.facts("nope")
