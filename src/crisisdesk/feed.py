"""Dating a report by its feed: one that carries no publication date and gives none in its
text is dated from the other reports of the same crisis that came with it.

A story copied without its page ("police opened fire on the march on Tuesday ... protests
went on yesterday") names weekdays, not dates. The other reports of the same crisis in the
batch date the days that crisis turned on: their publication days and the days of the events
they report. :class:`FeedCalendar` counts those days per country (the country most of a
report's places lie in stands for its crisis). ``crisisdesk.batch`` holds back, unextracted,
the reports whose metadata and text give no date (:func:`needs_feed`, no parsing needed),
extracts the others, then extracts the held ones once, each carrying the calendar
(``Document.feed_days``); extraction finds the report's country from its places and
:mod:`crisisdesk.extract.published` reads that country's days. An ingest's calendar also holds
the days of the reports stored by earlier ingests, so a report is dated by its crisis as the
store knows it.

Memory stays bounded: the calendar holds a count per (country, day), so it grows with the days
a corpus covers, never with the number of reports; a report carries at most
:data:`DAYS_PER_COUNTRY` days of each country; the batch holds back at most :data:`MAX_HELD`
reports, extracting the oldest with the calendar so far when more come.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from crisisdesk.extract import unsupported_language
from crisisdesk.extract.places import main_country
from crisisdesk.extract.published import FeedDays, estimate_publication, metadata_date
from crisisdesk.records import Document, DocumentFacts

# The (country, day, citations) of reports known before a run, e.g. ``Store.crisis_days``.
EarlierDays = Callable[[], Iterable[tuple[str, str, int]]]

# Reports held back at once: a few megabytes of text. A feed where more are undated dates the
# oldest with the days known by then (chosen by hand: far more than the undated share of a news
# feed's first thousand reports, far less than a process's memory).
MAX_HELD = 512

# The most cited days of each country a held-back report carries: two months of a crisis
# reported daily (chosen by hand), so a calendar of many countries stays small to send.
DAYS_PER_COUNTRY = 62

# ACLED time precision of an event date known to the day (see records.Event.date_precision).
_DAY = 1


def needs_feed(document: Document) -> bool:
    """Whether neither the metadata nor the text of an English report dates it (read without
    parsing, as extraction reads them)."""
    if unsupported_language(document) or metadata_date(document.published) is not None:
        return False
    return estimate_publication(document.text, document.url) is None


class FeedCalendar:
    """The days the reports of each crisis in a feed cite, with their counts.

    ``earlier``: the days of reports from before this feed (a store's earlier ingests), read
    once, when a held-back report first needs them."""

    def __init__(self, earlier: EarlierDays | None = None) -> None:
        self._days: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._earlier = earlier
        self.countries_added: set[str] = set()  # by this feed's own reports

    def add(self, facts: DocumentFacts) -> None:
        """Count a dated report's publication day and the days of its current events."""
        country = main_country(facts.places)
        if country is None or facts.published is None:
            return
        self.countries_added.add(country)
        days = self._days[country]
        days[facts.published[:10]] += 1
        for event in facts.events:
            if event.date and event.date_precision == _DAY and not event.historical:
                days[event.date] += 1

    def feed_days(self) -> FeedDays | None:
        """Each country's most cited days, as a held-back report carries them (None: none)."""
        if self._earlier is not None:
            for country, day, citations in self._earlier():
                self._days[country][day] += citations
            self._earlier = None
        return {
            country: dict(days.most_common(DAYS_PER_COUNTRY))
            for country, days in self._days.items()
        } or None
