"""Anchoring facts to a place and a day, on sentences written for tests."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from crisisdesk.extract.anchors import date_for, is_historical, place_for, places_listed_with
from crisisdesk.extract.context import Analysis, PlaceMention, TimeMention
from crisisdesk.extract.nlp import load_nlp
from crisisdesk.extract.times import find_times
from crisisdesk.records import Document, Place


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _analysis(nlp: Language, text: str, published: dt.date | None = None) -> Analysis:
    return Analysis(document=Document(id="t", text=text), doc=nlp(text), published=published)


def _place(text: str, name: str, kind: str = "city", nth: int = 0) -> PlaceMention:
    at = -1
    for _ in range(nth + 1):
        at = text.index(name, at + 1)
    place = Place(name, name, "ZZ", kind, 1.0, 2.0, None, at, at + len(name))
    return PlaceMention(at, at + len(name), name, place)


def _time(text: str, phrase: str, day: dt.date, historical: bool = False) -> TimeMention:
    at = text.index(phrase)
    return TimeMention(at, at + len(phrase), phrase, day, 1, historical)


def test_a_location_beats_an_actor(nlp: Language) -> None:
    text = "Norland sent troops to Ostia on Monday."
    analysis = _analysis(nlp, text)
    analysis.places = [_place(text, "Norland", "country"), _place(text, "Ostia", "country")]
    found = place_for(analysis, 0, len(text))
    assert found is not None and found.text == "Ostia"


def test_most_specific_location_in_the_sentence(nlp: Language) -> None:
    text = "Clashes broke out in Port Vale, Ostia."
    analysis = _analysis(nlp, text)
    analysis.places = [_place(text, "Port Vale"), _place(text, "Ostia", "country")]
    found = place_for(analysis, 0, len(text))
    assert found is not None and found.text == "Port Vale"


def test_no_place_falls_back_to_the_previous_one(nlp: Language) -> None:
    text = "Students rallied in Port Vale. Police later detained twelve of them."
    analysis = _analysis(nlp, text)
    analysis.places = [_place(text, "Port Vale")]
    found = place_for(analysis, text.index("Police"), len(text))
    assert found is not None and found.text == "Port Vale"


def test_nationwide_goes_to_the_report_country(nlp: Language) -> None:
    text = "Ostia is tense. Riots hit Port Vale. A curfew was declared across the country."
    analysis = _analysis(nlp, text)
    analysis.places = [_place(text, "Ostia", "country"), _place(text, "Port Vale")]
    found = place_for(analysis, text.index("A curfew"), len(text))
    assert found is not None and found.text == "Ostia"


def test_many_places_at_once_go_to_the_report_country(nlp: Language) -> None:
    text = "Ostia is tense. Riots hit Port Vale. Crowds gathered in 25 cities and towns."
    analysis = _analysis(nlp, text)
    analysis.places = [_place(text, "Ostia", "country"), _place(text, "Port Vale")]
    found = place_for(analysis, text.index("Crowds"), len(text))
    assert found is not None and found.text == "Ostia"


def test_a_place_in_the_facts_own_words_comes_first(nlp: Language) -> None:
    text = "Police said crowds burned cars in Port Vale and a man stabbed an officer in Kerrow."
    analysis = _analysis(nlp, text)
    analysis.places = [_place(text, "Port Vale"), _place(text, "Kerrow")]
    start = text.index("a man")
    found = place_for(analysis, start, len(text) - 1)
    assert found is not None and found.text == "Kerrow"


def test_a_place_naming_a_places_thing_locates_it(nlp: Language) -> None:
    text = "Ostia is tense. Rioters burned the Kerrow police station."
    analysis = _analysis(nlp, text)
    analysis.places = [_place(text, "Ostia", "country"), _place(text, "Kerrow")]
    found = place_for(analysis, text.index("Rioters"), len(text))
    assert found is not None and found.text == "Kerrow"


def test_places_listed_together(nlp: Language) -> None:
    text = "Marches were held in Arden, Bexley and Corvin, while Dunmore stayed calm."
    analysis = _analysis(nlp, text)
    analysis.places = [_place(text, n) for n in ("Arden", "Bexley", "Corvin", "Dunmore")]
    listed = places_listed_with(analysis, analysis.places[1])
    assert [m.text for m in listed] == ["Arden", "Bexley", "Corvin"]


def test_date_in_the_sentence_then_carried_over(nlp: Language) -> None:
    text = "On Friday police fired tear gas. Two men died in hospital."
    analysis = _analysis(nlp, text, published=dt.date(2023, 6, 12))
    analysis.times = [_time(text, "On Friday", dt.date(2023, 6, 9))]
    own = date_for(analysis, 10, 20)
    carried = date_for(analysis, text.index("Two"), len(text))
    assert own is not None and own.date == dt.date(2023, 6, 9)
    assert carried is not None and carried.date == dt.date(2023, 6, 9)


def test_historical_date_is_not_carried_over(nlp: Language) -> None:
    text = "In 2009 the army crushed a revolt. Protesters marched again."
    analysis = _analysis(nlp, text, published=dt.date(2023, 6, 12))
    analysis.times = [_time(text, "In 2009", dt.date(2009, 1, 1), historical=True)]
    found = date_for(analysis, text.index("Protesters"), len(text))
    assert found is not None and found.date == dt.date(2023, 6, 12)
    assert found.precision == 2  # the report's date stands for its week


def test_undated_without_publication_date(nlp: Language) -> None:
    text = "Protesters marched again."
    assert date_for(_analysis(nlp, text), 0, len(text)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ten years ago soldiers killed striking workers here.", True),
        ("As far back as 2016 the police detained activists.", True),
        ("In 2011 the army opened fire on a march.", True),
        ("On Tuesday the army opened fire on a march.", False),
        ("In 2023 the army opened fire on a march.", False),
    ],
)
def test_is_historical(nlp: Language, text: str, expected: bool) -> None:
    analysis = _analysis(nlp, text, published=dt.date(2023, 6, 12))
    analysis.times = find_times(analysis)
    assert is_historical(analysis, 0, len(text)) is expected


def test_a_count_that_looks_like_a_year_is_not_historical(nlp: Language) -> None:
    text = "Police said 2000 were arrested in the capital."
    analysis = _analysis(nlp, text, published=dt.date(2023, 6, 12))
    analysis.times = find_times(analysis)
    assert is_historical(analysis, 0, len(text)) is False


def _date_of(nlp: Language, text: str, word: str) -> dt.date | None:
    """The day ``date_for`` gives the fact whose key word is ``word``, with real time mentions
    resolved against Thursday 16 May 2024."""
    analysis = _analysis(nlp, text, published=dt.date(2024, 5, 16))
    analysis.times = find_times(analysis)
    token = next(t for t in analysis.doc if t.text == word)
    found = date_for(analysis, token.idx, token.idx + len(token), token)
    return found.date if found is not None else None


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # the day of a statement yields to the day of what it reports...
        ("Police said on Friday they had arrested forty people in a raid on Thursday night.",
         "arrested", dt.date(2024, 5, 16)),
        ("Ten farmers were detained on Tuesday, the ministry said Wednesday.", "detained",
         dt.date(2024, 5, 14)),
        # ... but dates it when nothing else does
        ("Police said on Friday they had arrested forty people in the port.", "arrested",
         dt.date(2024, 5, 10)),
        # a time the trigger's own phrase names beats one elsewhere in the sentence
        ("On Monday officials counted nine dead after a Sunday night attack on the market.",
         "attack", dt.date(2024, 5, 12)),
        ("Riots continued to shake the city for a third day Wednesday as crowds looted shops.",
         "Riots", dt.date(2024, 5, 15)),
        # a subject of a reporting verb is dated by it
        ("Nine deaths were reported from Saturday in the northern district.", "deaths",
         dt.date(2024, 5, 11)),
    ],
)
def test_date_for_prefers_the_happenings_own_time(
    nlp: Language, text: str, word: str, expected: dt.date
) -> None:
    assert _date_of(nlp, text, word) == expected


def test_a_future_time_never_dates_a_fact(nlp: Language) -> None:
    text = "Students marched through the capital and will rally again on Saturday."
    assert _date_of(nlp, text, "marched") == dt.date(2024, 5, 16)  # the report's own week


def test_the_narrative_carries_the_main_clauses_day(nlp: Language) -> None:
    text = "Farmers rallied on Tuesday to contest Sunday's vote. Police fired tear gas."
    assert _date_of(nlp, text, "fired") == dt.date(2024, 5, 14)


def test_a_headline_takes_the_day_of_the_lead(nlp: Language) -> None:
    # the report's first dated sentence, at its main clause's time: not Tuesday's shooting
    text = ("Crowds gather in the square\n"
            "Marches went on yesterday, a day after the shooting of a student on Tuesday.")
    assert _date_of(nlp, text, "gather") == dt.date(2024, 5, 15)


def test_the_lead_passes_over_the_start_of_a_state(nlp: Language) -> None:
    text = ("Crowds defy curfew\n"
            "Towns have been under curfew since 8 May. Crowds marched in the city yesterday.")
    assert _date_of(nlp, text, "defy") == dt.date(2024, 5, 15)


def test_a_report_without_days_dates_a_fact_by_its_week(nlp: Language) -> None:
    text = "Crowds gather in the square\nand police watched."
    found = date_for(_analysis(nlp, text, published=dt.date(2024, 5, 16)), 0, 6)
    assert found is not None and (found.date, found.precision) == (dt.date(2024, 5, 16), 2)


_PAST = "In 2009, troops fired on striking miners in Kerevo."


@pytest.mark.parametrize(
    ("follow", "expected"),
    [
        (" As a result, forty miners were killed.", True),
        (" Then the army sealed off the town.", True),
        (" At the time, the government denied any deaths.", True),
        (" They had been demanding unpaid wages.", True),
        (" It ended with the arrest of the union leaders.", True),
        (" Soldiers had shot at least forty men.", True),
        (" They now demand a new inquiry.", False),  # a word of the present
        (" As a result, families are still demanding justice.", False),
        (" On Monday, police detained ten protesters.", False),  # a time of the crisis
        ("\nAs a result, forty miners were killed.", False),  # a new paragraph
        (" Police detained ten protesters.", False),  # no link back
    ],
)
def test_a_past_episode_carries_into_its_sequel(
    nlp: Language, follow: str, expected: bool
) -> None:
    text = _PAST + follow
    analysis = _analysis(nlp, text, published=dt.date(2023, 6, 12))
    analysis.times = find_times(analysis)
    second = len(_PAST) + 1
    assert is_historical(analysis, 0, len(_PAST)) is True
    assert is_historical(analysis, second, len(text)) is expected


def test_a_past_episode_carries_over_several_sentences_and_stops(nlp: Language) -> None:
    text = (
        _PAST + " Then the army sealed off the town. As a result, forty miners were killed. "
        "Protesters marched in the capital on Monday."
    )
    analysis = _analysis(nlp, text, published=dt.date(2023, 6, 12))
    analysis.times = find_times(analysis)
    starts = [s for s, _ in analysis.sentences]
    assert [is_historical(analysis, s, s + 1) for s in starts] == [True, True, True, False]
