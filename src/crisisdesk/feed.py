"""Dating a report by its feed: one that carries no publication date and gives none in its
text is dated from the other reports of the same crisis that came with it.

A story copied without its page ("police opened fire on the march on Tuesday ... protests
went on yesterday") names weekdays, not dates. The other reports of the same crisis in the
batch date the days that crisis turned on: their publication days and the days of the events
they report. :class:`FeedCalendar` counts those days per country (the country most of a
report's places lie in stands for its crisis); ``crisisdesk.batch`` extracts every report,
holds back the ones left undated, and extracts them once more with their crisis's days
(``Document.feed_days``), which :mod:`crisisdesk.extract.published` reads.

Memory stays bounded: the calendar holds a count per (country, day), so it grows with the days
a corpus covers, never with the number of reports; the batch holds back at most
:data:`MAX_HELD` undated reports, dating the oldest with the calendar so far when more come.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from crisisdesk.records import DocumentFacts

# The (country, day, citations) of reports known before a run, e.g. ``Store.crisis_days``.
EarlierDays = Callable[[], Iterable[tuple[str, str, int]]]

# Undated reports held back at once: a few megabytes of text and facts. A feed where more
# are undated dates the oldest with the days known by then (chosen by hand: far more than the
# undated share of a news feed's first thousand reports, far less than a worker's memory).
MAX_HELD = 512

# ACLED time precision of an event date known to the day (see records.Event.date_precision).
_DAY = 1


def main_country(facts: DocumentFacts) -> str | None:
    """The country a report is about: the one most of its distinct places lie in."""
    counts = Counter(place.country for place in facts.places if place.country)
    return counts.most_common(1)[0][0] if counts else None


def feed_can_date(facts: DocumentFacts) -> bool:
    """Whether extraction left an English report without a publication date, about a country
    whose other reports may date it."""
    return facts.published is None and not facts.errors and main_country(facts) is not None


class FeedCalendar:
    """The days the reports of each crisis in a feed cite, with their counts.

    ``earlier``: the days of reports from before this feed (a store's earlier ingests), read
    once, when an undated report first needs them."""

    def __init__(self, earlier: EarlierDays | None = None) -> None:
        self._days: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._earlier = earlier

    def add(self, facts: DocumentFacts) -> None:
        """Count a dated report's publication day and the days of its current events."""
        country = main_country(facts)
        if country is None or facts.published is None:
            return
        days = self._days[country]
        days[facts.published[:10]] += 1
        for event in facts.events:
            if event.date and event.date_precision == _DAY and not event.historical:
                days[event.date] += 1

    def days_for(self, facts: DocumentFacts) -> dict[str, int] | None:
        """The days of the crisis an undated report is about (None when the feed has none)."""
        if self._earlier is not None:
            for known, day, citations in self._earlier():
                self._days[known][day] += citations
            self._earlier = None
        country = main_country(facts)
        if country is None or country not in self._days:
            return None
        return dict(self._days[country])
