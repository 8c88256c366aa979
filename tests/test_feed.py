"""Dating a report by its feed: the calendar of a crisis, and undated reports in a batch."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from crisisdesk import batch
from crisisdesk.engine import EngineOptions, open_engine
from crisisdesk.feed import FeedCalendar, feed_can_date, main_country
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
    calendar = FeedCalendar()
    calendar.add(facts)
    _, undated = sample("d2")
    undated.published = None
    assert main_country(undated) == "US" and feed_can_date(undated)
    assert calendar.days_for(undated) == {"2024-03-05": 1, "2024-03-04": 1}


def test_another_countrys_crisis_lends_no_days() -> None:
    _, facts = sample()
    calendar = FeedCalendar()
    calendar.add(facts)
    _, elsewhere = sample("d2")
    elsewhere.published = None
    elsewhere.places = [Place("Lyon", "Lyon", "FR", "city", 45.7, 4.8, 2996944, 0, 4)]
    assert calendar.days_for(elsewhere) is None
    elsewhere.places = []
    assert main_country(elsewhere) is None and calendar.days_for(elsewhere) is None
    assert not feed_can_date(elsewhere)  # nothing could date it: not held back


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
