"""The publication date: from metadata, else estimated from the text and URL."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.extract.context import Analysis
from crisisdesk.extract.nlp import load_nlp
from crisisdesk.extract.places import find_places
from crisisdesk.extract.published import estimate_publication, metadata_date, publication_date
from crisisdesk.records import Document


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return load_nlp()


@pytest.fixture(scope="module")
def blank_nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def analysis_of(nlp: spacy.language.Language, text: str, url: str | None = None,
                published: str | None = None) -> Analysis:
    doc = Document(id="p", text=text, url=url, published=published)
    return Analysis(document=doc, doc=nlp(text))


def test_metadata_wins(blank_nlp: spacy.language.Language) -> None:
    a = analysis_of(blank_nlp, "Riots broke out on 3 May 2019.", published="2019-05-06")
    assert publication_date(a) == (dt.date(2019, 5, 6), False)


def test_no_evidence(blank_nlp: spacy.language.Language) -> None:
    a = analysis_of(blank_nlp, "Police fired on protesters on Tuesday, witnesses said.")
    assert publication_date(a) == (None, False)


def test_estimate_is_flagged(blank_nlp: spacy.language.Language) -> None:
    a = analysis_of(blank_nlp, "Riots broke out on 3 May 2019.")
    assert publication_date(a) == (dt.date(2019, 5, 3), True)


@pytest.mark.parametrize(
    ("text", "url", "day"),
    [
        # a full date in the URL is the page's own
        ("Police said Wednesday they held hundreds.", "https://n.example/2019/06/12/riots-a1",
         dt.date(2019, 6, 12)),
        # a dateline, the year from the URL
        ("KHARTOUM, June 3 (Reuters) - Security forces stormed a sit-in.",
         "https://n.example/news/2019/06/sudan-sit-in", dt.date(2019, 6, 3)),
        # a header stamp
        ("17 Nov 2019 | 10:20 AM UTC\nIran: fuel protests spread", None, dt.date(2019, 11, 17)),
        # an update note after the latest event
        ("Marches began on 2 October 2019. Updated on 9 October 2019", None,
         dt.date(2019, 10, 9)),
        # the latest past date, not a future one
        ("Protests began on 1 October 2019. The curfew will last until 20 October 2019.",
         None, dt.date(2019, 10, 1)),
        # forward to the weekdays the text speaks of (2 October 2019 was a Wednesday)
        ("Protests began on 2 October 2019. On Friday police fired live rounds, and on "
         "Saturday night the army deployed.", None, dt.date(2019, 10, 5)),
        # a future weekday does not move the estimate
        ("Protests began on 2 October 2019. Parliament will meet on Monday.", None,
         dt.date(2019, 10, 2)),
        # "yesterday" puts the writing after the latest day
        ("Strikes began on 2 October 2019. Yesterday the port was shut.", None,
         dt.date(2019, 10, 3)),
        # "06/01" read day-first or month-first, nearer the other evidence
        ("The strike began on 2 January 2022. Our reporter is there now (06/01).", None,
         dt.date(2022, 1, 6)),
        # a dated link the report cites
        ("See also https://example.org/2022/01/06/the-uprising for background.", None,
         dt.date(2022, 1, 6)),
    ],
)
def test_estimates(text: str, url: str | None, day: dt.date) -> None:
    assert estimate_publication(text, url) == day


def test_a_year_alone_is_no_day() -> None:
    assert estimate_publication("Riots broke out in 2019 on a Tuesday.", None) is None
    assert estimate_publication("Crowds returned on Sunday.", "https://n.example/2020/10/x") is None


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 1, 1)),
       st.integers(0, 6))
def test_estimate_covers_the_weekdays_named(latest: dt.date, ahead: int) -> None:
    later = latest + dt.timedelta(days=ahead)
    name = later.strftime("%A")
    written = f"{latest.day} {latest.strftime('%B')} {latest.year}"
    text = f"Protests began on {written}. On {name} police fired."
    assert estimate_publication(text, None) == later


@given(st.text(), st.one_of(st.none(), st.text()))
def test_random_input_never_raises(text: str, url: str | None) -> None:
    estimate_publication(text, url)


def test_yesterday_puts_the_named_weekdays_two_days_back() -> None:
    # 2 October 2019 was a Wednesday: "yesterday" is not the Wednesday the text names
    text = "Strikes began on 2 October 2019, on Wednesday. Yesterday the port was shut."
    assert estimate_publication(text, None) == dt.date(2019, 10, 4)


# A feed's calendar of one crisis: 14 March 2023 (a Tuesday) cited five times, the
# publication days around it once each.
_CALENDAR = {dt.date(2023, 3, 14): 5, dt.date(2023, 3, 13): 1, dt.date(2023, 3, 16): 1}


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the weekday named is the crisis's most cited day of that weekday, then forward
        ("Miners who walked out on Tuesday held the pit on Thursday, the union said.",
         dt.date(2023, 3, 16)),
        # "yesterday" with a weekday: two days after it at least
        ("The walk-out that began on Tuesday spread to the docks yesterday.",
         dt.date(2023, 3, 16)),
        # an explicit day without a year takes the crisis's year
        ("Strikers have held the pit since March 9.", dt.date(2023, 3, 9)),
        # a weekday the feed never cites gives no anchor
        ("Crowds gathered on Saturday.", None),
    ],
)
def test_estimates_from_the_feeds_calendar(text: str, day: dt.date | None) -> None:
    assert estimate_publication(text, None, _CALENDAR) == day


def test_the_urls_month_bounds_the_feeds_days() -> None:
    calendar = {**_CALENDAR, dt.date(2023, 4, 11): 9}  # a busier Tuesday, a month later
    text = "Miners who walked out on Tuesday held the pit on Thursday, the union said."
    assert estimate_publication(text, None, calendar) == dt.date(2023, 4, 13)
    url = "https://news.example/2023/03/miners-hold-pit"
    assert estimate_publication(text, url, calendar) == dt.date(2023, 3, 16)


def test_the_texts_own_evidence_comes_before_the_feed() -> None:
    text = "Riots broke out on 3 May 2019."
    assert estimate_publication(text, None, _CALENDAR) == dt.date(2019, 5, 3)


def test_the_feed_days_of_the_reports_country_date_it(nlp: spacy.language.Language) -> None:
    text = "Miners in Potosi, Bolivia, who walked out on Tuesday held the pit on Thursday."
    days = {"BO": {"2023-03-14": 5, "2023-03-07": 1}, "PE": {"2023-02-07": 9}}
    analysis = Analysis(document=Document(id="p", text=text, feed_days=days), doc=nlp(text))
    analysis.places = find_places(analysis)
    assert publication_date(analysis) == (dt.date(2023, 3, 16), True)


@pytest.mark.parametrize(
    ("given", "day"),
    [("2023-03-14", dt.date(2023, 3, 14)), ("2023-03-14T08:00:00Z", dt.date(2023, 3, 14)),
     ("n/a", None), ("", None), (None, None), ("2023-13-40", None)],
)
def test_metadata_date_reads_what_a_feed_gives(given: str | None, day: dt.date | None) -> None:
    assert metadata_date(given) == day
