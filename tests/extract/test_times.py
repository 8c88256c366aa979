"""Time expressions: finding them in running text and resolving them against a reference day."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.extract.context import Analysis, TimeMention
from crisisdesk.extract.times import find_times, resolve, scan, url_date
from crisisdesk.records import Document

# A Thursday, so that every weekday of the week before is unambiguous in the examples.
THU = dt.date(2023, 3, 16)
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def times(text: str, ref: dt.date | None = THU, year: int | None = None) -> list[TimeMention]:
    return [r.mention for r in resolve(text, scan(text), ref, year)]


def one(text: str, ref: dt.date | None = THU) -> TimeMention:
    found = times(text, ref)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture(scope="module")
def blank_nlp() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("Troops entered the port on 2nd January 2022, witnesses said.", dt.date(2022, 1, 2), 1),
        ("The strike began January 5, 2021 in the capital.", dt.date(2021, 1, 5), 1),
        ("Fighting resumed on 5 Jan 2022 near the border.", dt.date(2022, 1, 5), 1),
        ("The vote was held on Sunday, 12 March, amid boycotts.", dt.date(2023, 3, 12), 1),
        ("Teachers walked out on Jan. 5 over unpaid wages.", dt.date(2023, 1, 5), 1),
        ("The curfew was imposed on 8 February.", dt.date(2023, 2, 8), 1),
        ("Clashes on December 28 left four dead.", dt.date(2022, 12, 28), 1),
        ("Prices rose sharply in March of 2019.", dt.date(2019, 3, 1), 3),
        ("Unrest has simmered since late April.", dt.date(2023, 4, 20), 3),
        ("Registered at 2023-03-14 by the court.", dt.date(2023, 3, 14), 1),
    ],
)
def test_explicit_dates(text: str, day: dt.date, precision: int) -> None:
    m = one(text)
    assert (m.date, m.precision) == (day, precision)
    assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Police fired tear gas on Wednesday.", dt.date(2023, 3, 15)),
        ("Police fired tear gas Thursday, a spokesman said.", THU),  # the day itself
        ("Marchers gathered again on Tuesday night.", dt.date(2023, 3, 14)),
        ("Results of Sunday's referendum were annulled.", dt.date(2023, 3, 12)),
        ("Two men were shot last Thursday.", dt.date(2023, 3, 9)),
        ("Shops were looted early on Friday morning.", dt.date(2023, 3, 10)),
        ("The ministers will meet on Friday to discuss sanctions.", dt.date(2023, 3, 17)),
        ("He said the talks would resume on Monday.", dt.date(2023, 3, 20)),
        ("Ahead of Saturday's rally, roads were closed.", dt.date(2023, 3, 18)),
    ],
)
def test_weekdays(text: str, day: dt.date) -> None:
    assert one(text).date == day


@pytest.mark.parametrize(
    ("text", "day", "precision"),
    [
        ("Protesters returned to the square today.", THU, 1),
        ("Soldiers were deployed this morning.", THU, 1),
        ("A vigil is planned for tonight.", THU, 1),
        ("Gunfire was heard yesterday in the north.", dt.date(2023, 3, 15), 1),
        ("The number of marchers was smaller last night.", dt.date(2023, 3, 15), 1),
        ("A wave of strikes began last weekend.", dt.date(2023, 3, 11), 2),
        ("Protests began earlier this week in the south.", dt.date(2023, 3, 13), 2),
        ("Five people died last week.", dt.date(2023, 3, 6), 2),
        ("The ban was lifted three days ago.", dt.date(2023, 3, 13), 1),
        ("Fuel prices doubled after the New Year.", dt.date(2023, 1, 1), 2),
        ("Inflation reached a record last month.", dt.date(2023, 2, 1), 3),
    ],
)
def test_relative_references(text: str, day: dt.date, precision: int) -> None:
    m = one(text)
    assert (m.date, m.precision) == (day, precision)


def test_later_counts_from_the_last_resolved_day() -> None:
    found = times("Rallies began on Monday. Two days later, the army moved in. "
                  "A few days later the talks failed.")
    assert [m.date for m in found] == [
        dt.date(2023, 3, 13), dt.date(2023, 3, 15), dt.date(2023, 3, 18)
    ]
    assert [m.precision for m in found] == [1, 1, 2]


def test_later_without_an_earlier_day_stays_undated() -> None:
    assert one("A few days later the talks failed.").date is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("The town saw a massacre ten years ago.", 2013),
        ("Riots shook the city in 2011.", 2011),
        ("Memories of the 2019 protests remain raw.", 2019),
        ("The party has ruled since 1991.", 1991),
        ("As far back as 2016, guards fired on miners.", 2016),
        ("The economy collapsed in the 1990s.", 1990),
    ],
)
def test_historical_references(text: str, year: int) -> None:
    m = one(text)
    assert m.historical
    assert m.precision == 3
    assert m.date == dt.date(year, 1, 1)


def test_recent_years_are_not_historical() -> None:
    assert not one("The strikes started at the end of 2022.").historical
    assert not one("Prices have risen since last year.").historical


@pytest.mark.parametrize(
    "text",
    [
        "Police detained between 500 and 1000 people.",
        "More than 2,000 arrested and 1000 injured.",
        "Fuel rose from 70 to 120 tenge per liter.",
        "The crowd dispersed at 12:30 pm.",
        "A curfew starts at 1600 local time (1500 UTC).",
        "Officers stopped the 2000 protesters at the bridge.",
        "The March of Mothers reached the square.",
        "They may return, and May Day is not mentioned here.",
        "Survivors of Bloody Sunday spoke out.",
        "Read more at https://example.org/2021/05/04/story-on-friday",
        "The shop is open 24/7 and sells 3/4 of its stock.",
        "Turnout was 80.1% and 10.12% voted against.",
    ],
)
def test_numbers_and_names_that_are_no_time(text: str) -> None:
    assert times(text) == []


def test_mentions_are_in_text_order_without_overlaps() -> None:
    text = ("On Wednesday, 15 March 2023, police fired on marchers; on Tuesday and "
            "yesterday more were held, as in 2011.")
    found = times(text)
    assert [m.text for m in found] == [
        "Wednesday, 15 March 2023", "Tuesday", "yesterday", "2011"
    ]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_without_publication_only_absolute_dates_resolve() -> None:
    found = times("On Sunday, 5 May 2019 crowds grew; on Monday police struck; "
                  "riots also hit in 2011.", ref=None)
    assert [m.date for m in found] == [dt.date(2019, 5, 5), None, dt.date(2011, 1, 1)]
    assert found[2].historical  # more than a year before the latest date in the text


def test_a_missing_year_comes_from_the_hint_without_publication() -> None:
    assert one("Marches began on 3 June.", ref=None).date is None
    assert times("Marches began on 3 June.", ref=None, year=2019)[0].date == dt.date(2019, 6, 3)


def test_url_date() -> None:
    assert url_date("https://news.example/2020/08/12/story-a1") == (2020, 8, 12)
    assert url_date("https://news.example/alerts/2021/05/strike") == (2021, 5, None)
    assert url_date("https://news.example/world/1200457") == (None, None, None)
    assert url_date(None) == (None, None, None)


def test_find_times_uses_publication_and_url_year(blank_nlp: spacy.language.Language) -> None:
    text = "Troops arrived on Tuesday. Strikes had begun on 3 March."
    doc = Document(id="t", text=text, url="https://x.example/2023/03/story")
    analysis = Analysis(document=doc, doc=blank_nlp(text))
    assert [m.date for m in find_times(analysis)] == [None, dt.date(2023, 3, 3)]
    analysis.published = THU
    assert [m.date for m in find_times(analysis)] == [dt.date(2023, 3, 14), dt.date(2023, 3, 3)]


# --- properties ---------------------------------------------------------------------------------

DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))


@given(DATES, st.sampled_from(WEEKDAY_NAMES))
def test_weekday_resolves_within_the_week_up_to_publication(ref: dt.date, name: str) -> None:
    m = one(f"Police fired on marchers on {name}.", ref)
    assert m.date is not None
    assert 0 <= (ref - m.date).days < 7
    assert m.date.weekday() == WEEKDAY_NAMES.index(name)


def _styles(d: dt.date) -> list[str]:
    month, abbr = d.strftime("%B"), d.strftime("%b")
    short = f"{abbr}." if abbr != month else abbr
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(d.day % 10 if d.day not in (11, 12, 13) else 0, "th")
    return [
        f"{d.day} {month} {d.year}",
        f"{month} {d.day}, {d.year}",
        f"{d.day} {abbr} {d.year}",
        f"{short} {d.day}, {d.year}",
        f"{d.day}{suffix} of {month} {d.year}",
        f"{WEEKDAY_NAMES[d.weekday()]}, {month} {d.day}, {d.year}",
        d.isoformat(),
    ]


@given(DATES, DATES)
def test_explicit_dates_round_trip(day: dt.date, ref: dt.date) -> None:
    for written in _styles(day):
        m = one(f"The curfew began on {written} in the capital.", ref)
        assert m.date == day, written
        assert m.precision == 1


@given(DATES)
def test_dates_without_year_resolve_near_publication(day: dt.date) -> None:
    m = one(f"Crowds gathered on {day.day} {day.strftime('%B')}.", day)
    assert m.date == day
    assert one(f"Crowds gathered on {day.strftime('%d/%m')}.", day).date == day


@given(st.text(), st.one_of(st.none(), DATES), st.one_of(st.none(), st.integers(1900, 2100)))
def test_random_text_never_raises(text: str, ref: dt.date | None, year: int | None) -> None:
    for m in times(text, ref, year):
        assert 0 <= m.start < m.end <= len(text)


def test_mentions_in_a_clause_about_the_future_are_flagged() -> None:
    text = "Unions struck on Monday and will march again on Friday."
    mentions = [r.mention for r in resolve(text, scan(text), dt.date(2024, 5, 15))]
    assert [(m.text, m.future) for m in mentions] == [("Monday", False), ("Friday", True)]
