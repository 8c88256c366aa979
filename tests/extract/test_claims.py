"""Claims: every figure with measure, value, qualifier, group and source, on invented
sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.language import Language

from crisisdesk.extract.claims import find_claims
from crisisdesk.extract.context import Analysis, PlaceMention
from crisisdesk.extract.nlp import load_nlp
from crisisdesk.records import Claim, Document, Place


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
    ],
)
def test_not_claims(nlp: Language, text: str) -> None:
    assert _claims(nlp, text) == []


def test_prices(nlp: Language) -> None:
    doubled = _claims(nlp, "The price of bread doubled overnight.")
    assert [(c.measure, c.value, c.unit) for c in doubled] == [("price", 2.0, "ratio")]
    percent = _claims(nlp, "Fuel prices increased by 50 percent in January.")
    assert [(c.measure, c.value, c.unit) for c in percent] == [("price", 1.5, "ratio")]
    change = _claims(nlp, "Diesel prices jumped (from 300 to 450 naira per litre).")
    assert [(c.value, c.value_max, c.unit) for c in change] == [(450, None, "naira per litre")]
    assert "from 300" in change[0].quote


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
