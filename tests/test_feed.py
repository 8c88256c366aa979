"""Dating a report by its feed: the calendar of a crisis, and undated reports in a batch."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from crisisdesk import batch, feed
from crisisdesk.engine import EngineOptions, open_engine
from crisisdesk.engine.work import Result
from crisisdesk.extract.places import main_country
from crisisdesk.feed import FeedCalendar, needs_feed
from crisisdesk.records import Document, Place
from crisisdesk.store import open_store
from tests.factories import sample

# 14 March 2023 was a Tuesday, 16 March a Thursday.
_UNDATED = ("Police fired tear gas at dockers in Valparaiso, Chile, on Tuesday and held the "
            "port on Thursday, the union said.")
_DATED = [
    Document(id="a", published="2023-03-15", text="Police fired tear gas at striking "
             "dockers in Valparaiso, Chile, on Tuesday."),
    Document(id="b", published="2023-03-14", text="Dockers walked out in Valparaiso, "
             "Chile, on Tuesday, closing the port."),
]


def test_a_dated_report_adds_its_day_and_its_current_events_days() -> None:
    _, facts = sample()
    facts.events.append(dataclasses.replace(facts.events[0], date="1999-01-01", historical=True))
    facts.events.append(dataclasses.replace(facts.events[0], date="2024-03-01", date_precision=2))
    lyon = Place("Lyon", "Lyon", "FR", "city", 45.7, 4.8, 2996944, 0, 4)
    _, french = sample("d2")
    french.places, french.published = [lyon], "2024-04-01"
    calendar = FeedCalendar()
    assert calendar.feed_days() is None
    calendar.add(facts)
    calendar.add(french)
    assert calendar.feed_days() == {"US": {"2024-03-05": 1, "2024-03-04": 1},
                                    "FR": {"2024-04-01": 1, "2024-03-04": 1}}


def test_a_report_carries_each_countrys_most_cited_days(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed, "DAYS_PER_COUNTRY", 1)
    calendar = FeedCalendar(earlier=lambda: [("US", "2024-03-01", 5), ("US", "2024-03-02", 1)])
    assert calendar.feed_days() == {"US": {"2024-03-01": 5}}


def test_the_main_country_is_where_most_places_lie() -> None:
    lyon = Place("Lyon", "Lyon", "FR", "city", 45.7, 4.8, 2996944, 0, 4)
    springfield = sample()[1].places[0]
    assert main_country([lyon, springfield]) == "FR"  # a tie: the first named
    assert main_country([springfield, lyon, dataclasses.replace(lyon, name="Paris")]) == "FR"
    assert main_country([]) is None


@pytest.mark.parametrize(
    ("document", "needs"),
    [
        (Document(id="a", text="Crowds gathered on Tuesday."), True),
        (Document(id="b", text="Crowds gathered on Tuesday.", published="2024-03-05"), False),
        (Document(id="c", text="Crowds gathered on 3 May 2019."), False),
        (Document(id="d", text="Crowds gathered on Tuesday.", published="n/a"), True),
        (Document(id="e", text="Des foules se sont rassemblées mardi.", language="fr"), False),
    ],
)
def test_a_report_needs_the_feed_when_nothing_of_its_own_dates_it(
    document: Document, needs: bool
) -> None:
    assert needs_feed(document) is needs


def test_an_undated_report_is_dated_by_the_feed_and_comes_last() -> None:
    undated = Document(id="undated", text=_UNDATED)
    with open_engine(EngineOptions(workers=1)) as engine:
        outcomes = list(batch.extract_stream(iter([undated, *_DATED]), engine))
    assert [o.document.id for o in outcomes if o.document] == ["a", "b", "undated"]
    facts = outcomes[-1].facts
    assert facts is not None and (facts.published, facts.published_estimated) == (
        "2023-03-16", True)
    assert outcomes[-1].document is undated  # stored as read, without the feed's days
    assert any(e.date == "2023-03-14" for e in facts.events)  # Tuesday, from the estimate


def test_held_back_reports_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "MAX_HELD", 2)
    undated = [Document(id=f"u{n}", text=f"{_UNDATED} Report {n}.") for n in range(4)]
    with open_engine(EngineOptions(workers=1)) as engine:
        outcomes = list(batch.extract_stream(iter([*_DATED, *undated]), engine))
    assert len(outcomes) == 6
    assert all(o.facts is not None and o.facts.published == "2023-03-16" for o in outcomes[2:])


def test_an_ingest_dates_a_report_by_what_the_store_already_holds(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store, open_engine(EngineOptions(workers=1)) as engine:
        batch.ingest_stream(iter(_DATED), store, engine)
        second = batch.ingest_stream(iter([Document(id="undated", text=_UNDATED)]), store, engine)
        assert second.stored == 1
        facts = store.facts("undated")
    assert (facts.published, facts.published_estimated) == ("2023-03-16", True)


def test_a_later_ingest_dates_what_an_earlier_one_stored_undated(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store, open_engine(EngineOptions(workers=1)) as engine:
        first = batch.ingest_stream(iter([Document(id="undated", text=_UNDATED)]), store, engine)
        assert first.stored == 1 and store.facts("undated").published is None
        second = batch.ingest_stream(iter(_DATED), store, engine)
        assert second.dated_later == 1 and "1 undated report(s) stored earlier now dated" in (
            second.describe())
        facts = store.facts("undated")
        again = batch.ingest_stream(iter(_DATED), store, engine)  # nothing new: nothing re-dated
    assert (facts.published, facts.published_estimated) == ("2023-03-16", True)
    assert any(e.date == "2023-03-14" for e in facts.events)
    assert again.dated_later == 0


def test_a_stored_report_the_feed_cannot_date_is_not_extracted_again(tmp_path: Path) -> None:
    undatable = Document(id="vague", text="Police fired tear gas at dockers in Valparaiso, "
                         "Chile, the union said.")  # no weekday, no date: nothing to place
    asked: list[str] = []
    with open_store(tmp_path / "s.db") as store, open_engine(EngineOptions(workers=1)) as engine:
        batch.ingest_stream(iter([undatable]), store, engine)

        class Counting:
            def map(self, chunks: Iterable[list[Document]]) -> Iterator[list[Result]]:
                for chunk in chunks:
                    asked.extend(d.id for d in chunk)
                    yield from engine.map([chunk])

        second = batch.ingest_stream(iter(_DATED), store, Counting())
    assert second.dated_later == 0 and asked == ["a", "b"]
