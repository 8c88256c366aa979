"""The store, on every backend: round trips, idempotency, id clashes, filters, failures,
hash look-ups, foreign and newer databases."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisdesk.errors import StoreError
from crisisdesk.records import Actor, Claim, Document, DocumentFacts, Event, Label, Place
from crisisdesk.store import Store, open_store
from crisisdesk.store.schema import SCHEMA_VERSION
from tests.factories import TEXT, sample
from tests.store.conftest import NewAddress

# PostgreSQL text cannot hold NUL characters (docs/store.md); everything else round-trips.
_chars = st.characters(codec="utf-8", exclude_characters="\x00")
_text = st.text(alphabet=_chars, max_size=30)
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


# One fixture value serves every example: each example opens a new, empty store from it.
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(alphabet=_chars, min_size=1, max_size=80),
    meta=_opt_text,
    places=st.lists(_places, max_size=3), claims=st.lists(_claims, max_size=3),
    events=st.lists(_events, max_size=3), actors=st.lists(_actors, max_size=3),
    labels=st.lists(_labels, max_size=3), errors=st.lists(_text, max_size=2),
    estimated=st.booleans(),
)
def test_facts_round_trip_exactly(
    new_address: NewAddress, text: str, meta: str | None, places: list[Place],
    claims: list[Claim], events: list[Event], actors: list[Actor], labels: list[Label],
    errors: list[str], estimated: bool,
) -> None:
    document, facts = sample(text=text)
    document = dataclasses.replace(document, author=meta, title=meta)
    facts = dataclasses.replace(
        facts, hash=document.hash, source=meta, url=meta, title=meta, places=places,
        claims=claims, events=events, actors=actors, labels=labels, errors=errors,
        published_estimated=estimated,
    )
    with open_store(new_address()) as store:
        store.add([(document, facts)])
        assert store.facts(document.id) == facts
        assert store.facts(document.id).to_dict() == facts.to_dict()
        assert list(store.all_facts()) == [facts]
        stored = store.document(document.id)
        assert (stored.text, stored.author, stored.hash) == (text, meta, document.hash)


def test_document_comes_back_with_its_text_and_origin(store: Store) -> None:
    document, facts = sample()
    store.add([(document, facts)])
    # metadata is the facts' (extraction may fill in a title or an estimated date)
    assert store.document("d1") == dataclasses.replace(document, title=facts.title)
    [row] = store.documents()
    assert row["origin"] == "d1.txt" and row["published_estimated"] is False
    assert "text" not in row and row["added_at"]


def test_an_estimated_date_is_a_fact_not_metadata(store: Store) -> None:
    document, facts = sample()
    store.add([(document, dataclasses.replace(facts, published_estimated=True))])
    assert store.document("d1").published is None
    assert store.facts("d1").published == "2024-03-05"
    assert store.documents()[0]["published_estimated"] is True


def test_adding_twice_changes_no_row_count(store: Store) -> None:
    first = store.add([sample(), sample("d2", TEXT + " More.")])
    counts = store.row_counts()
    again = store.add([sample(), sample("d2", TEXT + " More.")])
    assert (first.added, first.skipped, again.added, again.skipped) == (2, 0, 0, 2)
    assert store.row_counts() == counts
    assert counts["documents"] == 2 and counts["events"] == 2 and counts["labels"] == 2


def test_same_text_under_another_id_is_skipped(store: Store) -> None:
    store.add([sample("d1")])
    result = store.add([sample("copy")])
    assert (result.added, result.skipped) == (0, 1)
    assert [d["id"] for d in store.documents()] == ["d1"]


def test_same_text_twice_in_one_batch_is_stored_once(store: Store) -> None:
    result = store.add([sample("d1"), sample("d2")])
    assert (result.added, result.skipped) == (1, 1)


def test_same_id_different_text_keeps_both(store: Store) -> None:
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


def test_facts_of_another_document_are_refused(store: Store) -> None:
    document, _ = sample("d1")
    _, facts = sample("d2", TEXT + " Later.")
    with pytest.raises(ValueError, match="do not belong"):
        store.add([(document, facts)])


def test_a_failing_batch_keeps_nothing(store: Store) -> None:
    good = sample("ok", TEXT + " One.")
    bad_document, bad_facts = sample("bad", TEXT + " Two.")
    bad_facts.claims[0].who = {"not": "a column value"}  # type: ignore[assignment]
    with pytest.raises(StoreError, match="nothing of this batch was kept"):
        store.add([good, (bad_document, bad_facts)])
    assert store.row_counts()["documents"] == 0 and store.row_counts()["claims"] == 0
    assert store.add([good]).added == 1  # the store is still usable


def test_hash_lookups_name_what_is_stored(store: Store) -> None:
    stored = [sample(f"d{i}", f"{TEXT} Report {i}.") for i in range(3)]
    store.add(stored)
    hashes = [document.hash for document, _ in stored]
    unknown = sample("x", "Nothing like it was stored.")[0].hash
    assert store.has_hash(hashes[0]) and not store.has_hash(unknown)
    assert store.known_hashes([*hashes, unknown, hashes[0]]) == set(hashes)
    assert store.known_hashes([]) == set()
    many = [f"{n:064x}" for n in range(1200)]  # more than one IN list's worth
    assert store.known_hashes([*many, hashes[2]]) == {hashes[2]}


def _two_sources() -> list[tuple[Document, DocumentFacts]]:
    a = sample("a", source="Wire Service")
    b = sample("b", TEXT + " Later.", source="The Daily_Post")
    b[1].events[0].date = None
    b[1].events[0].location = "Shelbyville"
    b[1].claims[0].as_of = "2024-03-06"
    return [a, b]


def test_filters_combine_and_match_as_documented(store: Store) -> None:
    store.add(_two_sources())
    assert [e["doc_id"] for e in store.events(kind="arrests")] == ["a", "b"]  # undated last
    assert [e["doc_id"] for e in store.events(source="DAILY")] == ["b"]
    assert store.events(source="%") == [] and store.events(source="Wire_") == []
    assert [e["doc_id"] for e in store.events(source="y_p")] == ["b"]
    assert [e["doc_id"] for e in store.events(place="shelby")] == ["b"]
    assert [e["doc_id"] for e in store.events(since="2024-03-01")] == ["a"]
    assert store.events(kind="protest") == []
    assert [c["as_of"] for c in store.claims(measure="arrested")] == ["2024-03-04", "2024-03-06"]
    assert [c["doc_id"] for c in store.claims(since="2024-03-05")] == ["b"]
    assert [c["doc_id"] for c in store.claims(until="2024-03-05")] == ["a"]
    assert [c["doc_id"] for c in store.claims(doc="b", source="daily")] == ["b"]
    row = store.claims(doc="a")[0]
    assert (row["source"], row["published"], row["value"]) == ("Wire Service", "2024-03-05", 40.0)
    assert store.events(doc="a")[0]["actors"] == ["police"]
    assert store.events(doc="a")[0]["historical"] is False


def test_ids_sort_bytewise_on_every_backend(store: Store) -> None:
    ids = ["b", "B", "a-1", "a_1", "a1", "Ä"]
    store.add([sample(i, f"{TEXT} ({n})") for n, i in enumerate(ids)])
    assert [d["id"] for d in store.documents()] == sorted(ids)
    assert [f.id for f in store.all_facts()] == sorted(ids)


def test_filter_values_cannot_inject_sql(store: Store) -> None:
    store.add(_two_sources())
    assert store.events(place="'; DROP TABLE events; --") == []
    assert store.claims(measure="x' OR '1'='1") == []
    assert store.events(source="%s") == [] and store.events(place="?") == []
    assert store.row_counts()["events"] == 2


def test_failures_are_recorded_and_cleared_by_a_later_success(store: Store) -> None:
    store.add_failure("d1.txt", "empty file")
    store.add_failure("d1.txt", "not a text file")
    store.add_failure("other.txt", "not a text file")
    assert [(f["origin"], f["reason"]) for f in store.failures()] == [
        ("d1.txt", "not a text file"), ("other.txt", "not a text file")]
    store.add([sample()])
    assert [f["origin"] for f in store.failures()] == ["other.txt"]


def test_reopening_finds_the_same_store(address: str) -> None:
    with open_store(address) as store:
        store.add([sample()])
    with open_store(address, must_exist=True) as store:
        assert store.integrity_check() == "ok"
        assert store.facts("d1") == sample()[1]
        assert store.row_counts()["documents"] == 1


def test_an_empty_database_is_no_store_when_one_must_exist(address: str) -> None:
    with pytest.raises(StoreError, match="no store here yet"):
        open_store(address, must_exist=True)


def test_closing_releases_the_connection(address: str) -> None:
    store = open_store(address)
    with store:
        pass
    with pytest.raises(StoreError, match="read failed"):
        store.documents()


def test_other_programs_and_newer_versions_are_refused(
    new_address: NewAddress, raw_sql: Callable[[str, str], None]
) -> None:
    foreign = new_address()
    raw_sql(foreign, "CREATE TABLE documents (name TEXT)")
    with pytest.raises(StoreError, match="another program"):
        open_store(foreign)
    newer = new_address()
    open_store(newer).close()
    raw_sql(newer, f"UPDATE schema_version SET version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer crisisdesk"):
        open_store(newer)


def test_unknown_document_is_a_key_error(store: Store) -> None:
    with pytest.raises(KeyError, match="nope"):
        store.facts("nope")


def test_crisis_days_count_as_a_feed_calendar_does(store: Store) -> None:
    from crisisdesk.feed import FeedCalendar

    first = sample("a")
    second = sample("b", TEXT + " Again.")
    lyon = Place("Lyon", "Lyon", "FR", "city", 45.7, 4.8, 2996944, 0, 4)
    second[1].places.insert(0, lyon)  # one place each in FR and US: the first one wins
    second[1].published = "2024-03-06"
    event = second[1].events[0]
    second[1].events += [dataclasses.replace(event, date="1990-05-01", historical=True),
                         dataclasses.replace(event, date="2024-03-01", date_precision=2)]
    third = sample("c", TEXT + " Later.")
    third[1].places.append(lyon)  # US twice would outnumber FR; here US first and one each
    store.add([first, second, third])

    in_memory = FeedCalendar()
    for _, facts in (first, second, third):
        in_memory.add(facts)
    assert FeedCalendar(earlier=store.crisis_days).feed_days() == in_memory.feed_days()
    assert store.crisis_days(added_before="2000-01-01T00:00:00+00:00") == []


def test_an_undated_documents_facts_are_replaced_by_a_dated_extraction(store: Store) -> None:
    from crisisdesk.store.core import now

    document, facts = sample()
    facts.published, facts.published_estimated = None, False
    store.add([(document, facts)])
    assert store.undated(added_before=now()) == ["d1"]
    assert store.undated(added_before="2000-01-01T00:00:00+00:00") == []
    dated = dataclasses.replace(sample()[1], published="2024-03-06", published_estimated=True)
    dated.events = []  # the new extraction's facts, whatever they are, replace the old ones
    store.replace_facts("d1", dated)
    assert store.facts("d1") == dated
    assert store.undated(added_before=now()) == []
    with pytest.raises(ValueError, match="another text"):
        store.replace_facts("d1", dataclasses.replace(dated, hash="0" * 64))
