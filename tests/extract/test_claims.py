"""Claims: every figure with measure, value, qualifier, group and source, on invented
sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from crisisdesk.extract import extract
from crisisdesk.extract.claims import find_claims
from crisisdesk.extract.context import Analysis, PlaceMention
from crisisdesk.extract.nlp import load_nlp
from crisisdesk.records import Claim, Document, Place
from crisisdesk.vocab import MEASURES, QUALIFIERS


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _claims(nlp: Language, text: str, places: tuple[str, ...] = ()) -> list[Claim]:
    analysis = Analysis(document=Document(id="t", text=text), doc=nlp(text),
                        published=dt.date(2023, 5, 2))
    for name in places:
        at = text.index(name)
        place = Place(name, name, "ZZ", "city", 1.0, 2.0, None, at, at + len(name))
        analysis.places.append(PlaceMention(at, at + len(name), name, place))
    return find_claims(analysis)


def _figures(nlp: Language, text: str) -> list[tuple[str, float, str]]:
    return [(c.measure, c.value, c.qualifier) for c in _claims(nlp, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least 14 miners were killed when troops opened fire.", ("killed", 14, "at_least")),
        ("Two farmers died in the clashes on Monday.", ("killed", 2, "exact")),
        ("The death toll rose to 57 on Friday.", ("killed", 57, "exact")),
        ("Doctors said more than 300 people were wounded.", ("injured", 300, "more_than")),
        ("Police detained 212 students overnight.", ("arrested", 212, "exact")),
        ("About 40 people were taken to hospitals.", ("hospitalized", 40, "about")),
        ("Another 9 remain in intensive care.", ("intensive_care", 9, "exact")),
        ("Tens of thousands of teachers marched through Lima.",
         ("participants", 10000, "vague")),
        ("The government deployed 4,500 soldiers to the province.", ("troops", 4500, "exact")),
        ("Up to 30 activists are missing.", ("missing", 30, "up_to")),
        ("Rioters torched 15 buses near the port.", ("other", 15, "exact")),
        ("Residents said 70 people sought medical assistance.", ("injured", 70, "exact")),
    ],
)
def test_measures(nlp: Language, text: str, expected: tuple[str, float, str]) -> None:
    assert _figures(nlp, text) == [expected]


def test_coordinated_figures_share_their_verb(nlp: Language) -> None:
    figures = _figures(nlp, "Dozens of strikers and at least 6 police officers were killed.")
    assert figures == [("killed", 12, "vague"), ("killed", 6, "at_least")]
    assert [c.who for c in _claims(nlp, "Four soldiers were injured.")] == ["security_forces"]


@pytest.mark.parametrize(
    "text",
    [
        "Rallies were held in 25 cities on Sunday.",
        "A 19-year-old was arrested on 4 May 2023.",
        "The country exports goods worth $8 billion and has 40 million people.",
        "Almost 30 protest actions took place.",
        "It was the 3rd day of the strike.",
        "Under Article 19 of the charter, 5,000 people may not be detained without trial.",
        "The bloc's 27 members condemned the killings.",
        "Clashes broke out on May 8 and 9 between students and police.",
        "Subscribe for $5 a month and get 3 months free.",
    ],
)
def test_not_claims(nlp: Language, text: str) -> None:
    assert _claims(nlp, text) == []


def _prices(nlp: Language, text: str) -> list[tuple[str, float, float | None, str | None, bool]]:
    return [(c.measure, c.value, c.value_max, c.unit, c.change) for c in _claims(nlp, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The price of bread doubled overnight.", [("price", 2, None, "ratio", True)]),
        ("Bus fares tripled after the subsidy ended.", [("price", 3, None, "ratio", True)]),
        ("Fuel prices increased by 50 percent in January.",
         [("price", 50, None, "percent", True)]),
        ("Kerosene prices were cut by 20 percent.", [("price", -20, None, "percent", True)]),
        ("Diesel prices jumped (from 300 to 450 naira per litre).",
         [("price", 300, 450, "naira per litre", True)]),
        ("The price of petrol in Port Verda went from 40 to 60 crowns per liter.",
         [("price", 40, 60, "crowns per liter", True)]),
        ("Sugar prices rose from 12 to 18 zlotys a kilo as 300 protesters gathered.",
         [("price", 12, 18, "zlotys per kilo", True), ("participants", 300, None, None, False)]),
        ("The cost of bread jumped 70 to 120 lei a loaf.",
         [("price", 70, 120, "lei per loaf", True)]),
        ("The price of rice is between 30 and 35 pesos a kilo.",
         [("price", 30, 35, "pesos per kilo", False)]),
        ("Strikers said the price of cooking gas rose from 900 to 1500 marks per cylinder.",
         [("price", 900, 1500, "marks per cylinder", True)]),
    ],
)
def test_prices(
    nlp: Language, text: str, expected: list[tuple[str, float, float | None, str | None, bool]]
) -> None:
    assert _prices(nlp, text) == expected


def test_a_change_quotes_its_old_price(nlp: Language) -> None:
    [change] = _claims(nlp, "Diesel prices jumped (from 300 to 450 naira per litre).")
    assert change.quote == "from 300 to 450 naira per litre"


def test_one_sentence_gives_a_figure_once_and_repeats_are_kept(nlp: Language) -> None:
    text = "Nine people were killed. Officials confirmed the nine deaths, 9 killed in all."
    assert [c.value for c in _claims(nlp, text)] == [9, 9]


def test_claim_span_and_quote(nlp: Language) -> None:
    text = "On Tuesday, 17 nurses were arrested outside the ministry."
    [claim] = _claims(nlp, text)
    assert text[claim.start : claim.end] == claim.quote
    assert "17" in claim.quote and "arrested" in claim.quote
    assert claim.as_of is not None


def test_attribution_and_location(nlp: Language) -> None:
    text = "In Arequipa, 23 people were injured, the regional health office said."
    [claim] = _claims(nlp, text, places=("Arequipa",))
    assert claim.attributed_to == "the regional health office"
    assert claim.location == "Arequipa"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monitors said 14 people had been killed, 230 injured and over 500 students detained.",
         [("killed", 14, "exact"), ("injured", 230, "exact"), ("arrested", 500, "more_than")]),
        ("Two dead, 30 hurt as police fire on strikers",
         [("killed", 2, "exact"), ("injured", 30, "exact")]),
        ("The commission documented 19 cases of enforced disappearances.",
         [("missing", 19, "exact")]),
        ("The prosecutor ordered the arrest of 45 people in the port city.",
         [("arrested", 45, "exact")]),
        ("The number of marchers did not exceed 8,000.", [("participants", 8000, "up_to")]),
        ("The toll rose to over 60, including 9 soldiers.",
         [("killed", 60, "more_than"), ("killed", 9, "exact")]),
        ("Nine of the 12 were killed in the capital.",
         [("killed", 9, "exact"), ("killed", 12, "exact")]),
        ("Thousands joined the March of the Millions on Sunday.",
         [("participants", 1000, "vague")]),
    ],
)
def test_measure_next_to_the_figure_and_what_it_counts(
    nlp: Language, text: str, expected: list[tuple[str, float, str]]
) -> None:
    assert _figures(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Three protesters were run over by a truck.",
        "Villagers held eight police officers hostage amid the protests.",
        "Over 300 lawyers signed a letter supporting the protests.",
        "Two truckers' homes were set on fire.",
    ],
)
def test_few_people_with_no_measure_are_no_crowd(nlp: Language, text: str) -> None:
    assert _claims(nlp, text) == []


def test_a_figure_given_for_places_is_one_claim_per_place(nlp: Language) -> None:
    text = "The dead included 12 from Arequipa, five from Cusco and two each from Puno and Tacna."
    claims = _claims(nlp, text, places=("Arequipa", "Cusco", "Puno", "Tacna"))
    assert [(c.value, c.location) for c in claims] == [
        (12, "Arequipa"), (5, "Cusco"), (2, "Puno"), (2, "Tacna")]
    listed = _claims(nlp, "Deaths were reported in Lagos (14), Abuja (3) and Kano (3).",
                     places=("Lagos", "Abuja", "Kano"))
    assert [(c.measure, c.value, c.location) for c in listed] == [
        ("killed", 14, "Lagos"), ("killed", 3, "Abuja"), ("killed", 3, "Kano")]


def test_a_place_that_counted_is_the_location_not_the_source(nlp: Language) -> None:
    [claim] = _claims(nlp, "Earlier, Cusco recorded 4 deaths.", places=("Cusco",))
    assert (claim.measure, claim.value, claim.location, claim.attributed_to) == (
        "killed", 4, "Cusco", None)


def test_figures_of_a_past_episode_and_what_followed_are_left_out(nlp: Language) -> None:
    text = ("Ten years ago troops fired on striking miners. As a result, dozens of miners were "
            "killed. Today 40 miners were arrested.")
    assert _figures(nlp, text) == [("arrested", 40, "exact")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The move saw the price of diesel soar from $1.80 to $2.80 per gallon.",
         [(1.8, "dollars per gallon")]),
        ("Bread now costs 120 rupees, up from 80 rupees.", [(120, "rupees")]),
        ("Diesel price was raised to Rs 289, an increase of Rs 113.", [(289, "rupees")]),
        ("The state will spend $2 billion on fuel subsidies as prices rise.", []),
        ("Output contracted 9.5% while inflation rose to 36%.", []),
        ("Fuel prices rose where a porter earns 900 shillings a day.", []),
        ("The price of rice fell to 40 pesos, still 5 pesos above the old level.",
         [(40, "pesos")]),
    ],
)
def test_money_is_a_price_only_when_it_prices_a_unit(
    nlp: Language, text: str, expected: list[tuple[float, str]]
) -> None:
    claims = _claims(nlp, text)
    assert all(c.measure == "price" for c in claims)
    assert [(c.value, c.unit) for c in claims] == expected


def test_each_price_is_of_its_own_goods(nlp: Language) -> None:
    [loaf] = _claims(nlp, "The price of a loaf of bread jumped by 25 percent.")
    assert (loaf.who, loaf.value, loaf.unit) == ("bread", 25, "percent")
    text = "The government raised diesel prices by 35 percent and kerosene prices by 49 percent."
    assert [(c.who, c.value) for c in _claims(nlp, text)] == [("diesel", 35),
                                                              ("kerosene", 49)]


_NEWSY = st.lists(
    st.sampled_from(["12", "dozens", "of", "people", "were", "killed", "police", "said", "price",
                     "rose", "by", "40%", "from", "$3", "to", "$4", "in", "Lima", ",", ".", "\n",
                     "each", "(", ")", "at least", "the", "number", "arrested", "one"]),
    max_size=30,
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.text(max_size=120), _NEWSY))
def test_any_text_gives_well_formed_claims(nlp: Language, text: str) -> None:
    for claim in _claims(nlp, text):
        assert text[claim.start : claim.end] == claim.quote
        assert claim.measure in MEASURES and claim.qualifier in QUALIFIERS


def test_money_is_never_a_crowd(nlp: Language) -> None:
    text = "Marchers said petrol had gone from 400 to 600 marks per liter in Port Verda."
    assert all(c.measure == "price" for c in _claims(nlp, text))


def _extracted(text: str) -> list[tuple[str, float, str | None, str | None]]:
    """(measure, value, location, as_of) of each claim, through the whole extraction (real
    places and times), published on 9 July 2025."""
    facts = extract(Document(id="t", text=text, published="2025-07-09"))
    return [(c.measure, c.value, c.location, c.as_of) for c in facts.claims]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "since X" starts the counting period: the total stands as of the report or its own time
        ("Officials in Kisumu counted about 600 detentions since June 30.",
         ("arrested", 600, "Kisumu", "2025-07-09")),
        ("In Kisumu, police said 1,400 people had been arrested since the strike began on Monday.",
         ("arrested", 1400, "Kisumu", "2025-07-09")),
        ("By Tuesday, 70 people had been detained in Kisumu since June 30.",
         ("arrested", 70, "Kisumu", "2025-07-08")),
        # a toll is dated by its own clause, not by a clause about what added to it
        ("The death toll rose to seven after three people injured in Kisumu on Monday died.",
         ("killed", 7, "Kisumu", "2025-07-09")),
        ("The death toll in Kisumu stood at seven as of Monday.",
         ("killed", 7, "Kisumu", "2025-07-07")),
    ],
)
def test_a_running_total_stands_as_of_the_report_or_its_own_time(
    text: str, expected: tuple[str, float, str, str]
) -> None:
    assert _extracted(text)[0] == expected


def test_the_happening_a_toll_rose_after_keeps_its_own_date() -> None:
    claims = _extracted(
        "The death toll rose to seven after three people injured in Kisumu on Monday died.")
    assert ("injured", 3, "Kisumu", "2025-07-07") in claims


def test_a_time_that_dates_the_figure_is_kept() -> None:
    assert _extracted("Twelve people were arrested in Nakuru on Tuesday.") == [
        ("arrested", 12, "Nakuru", "2025-07-08")]


@pytest.mark.parametrize(
    ("text", "location"),
    [
        # a dateline says where the reporter is, not where a national figure was counted
        ("KISUMU, July 9 - At least four people were killed in clashes across the country.", None),
        ("KISUMU, July 9 - Officials counted about 600 detentions on Tuesday.", None),
        ("KISUMU, July 9 - At least four people were killed in clashes across Kenya.", "Kenya"),
        ("Police in Kenya said at least four people were killed nationwide.", "Kenya"),
        # a city paragraphs back is not where a later figure was counted
        ("Protesters marched in Kisumu on Monday.\n\nThe strike spread on Tuesday.\n\n"
         "Police later said 80 people were held in custody.", None),
        # ... but the sentence before, or "the city", carries it on
        ("Protesters marched in Kisumu on Monday. Police said 80 people were held in custody.",
         "Kisumu"),
        ("Protesters marched in Kisumu on Monday.\n\nThe strike spread on Tuesday.\n\n"
         "Police said 80 people were arrested in the city.", "Kisumu"),
    ],
)
def test_a_city_is_a_figures_place_only_when_its_sentence_puts_it_there(
    text: str, location: str | None
) -> None:
    [claim] = _extracted(text)
    assert claim[2] == location


@pytest.mark.parametrize(
    "text",
    [
        "A total of 310 suspects had been taken into custody by Tuesday evening.",
        "Officers rounded up 310 suspects in the port.",
        "Police said 310 people were held in custody overnight.",
    ],
)
def test_suspects_taken_into_custody_are_arrests(nlp: Language, text: str) -> None:
    assert _figures(nlp, text) == [("arrested", 310, "exact")]
