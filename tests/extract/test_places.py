"""Place mentions on sentences written for the tests (invented or other real crises)."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from crisisdesk.extract.context import Analysis, PlaceMention
from crisisdesk.extract.nlp import load_nlp
from crisisdesk.extract.places import _Words, find_places, unique_places
from crisisdesk.records import Document


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _places(nlp: Language, text: str) -> list[PlaceMention]:
    return find_places(Analysis(document=Document(id="t", text=text), doc=nlp(text)))


def _by_canonical(mentions: list[PlaceMention]) -> dict[str, PlaceMention]:
    return {m.place.canonical: m for m in mentions}


def test_an_alternate_name_resolves_to_the_canonical_city(nlp: Language) -> None:
    found = _by_canonical(_places(nlp, "Crowds gathered in Alma-Ata on Tuesday evening."))
    assert "Almaty" in found
    almaty = found["Almaty"].place
    assert (almaty.country, almaty.kind, almaty.name) == ("KZ", "city", "Alma-Ata")
    assert almaty.lat is not None and 43 < almaty.lat < 44
    assert almaty.geonameid is not None and almaty.precision == 1


def test_a_misspelt_town_of_the_reports_country_is_matched(nlp: Language) -> None:
    text = "Unrest spread across Kazakhstan. Police in Shymkemt detained ten people on Monday."
    found = _by_canonical(_places(nlp, text))
    assert "Shymkent" in found
    assert found["Shymkent"].text == "Shymkemt"


def test_a_namesake_is_chosen_by_the_reports_country(nlp: Language) -> None:
    belarus = _by_canonical(_places(
        nlp, "Strikes spread across Belarus on Sunday. In Brest, police used a water cannon."
    ))
    france = _by_canonical(_places(
        nlp, "Farmers protested across France on Monday. In Brest, tractors blocked the port."
    ))
    assert belarus["Brest"].place.country == "BY"
    assert france["Brest"].place.country == "FR"


def test_an_organisation_named_after_a_country_is_no_place(nlp: Language) -> None:
    text = "The Kenya Police said officers had been deployed to Nairobi after the rally."
    names = [m.text for m in _places(nlp, text)]
    assert names == ["Nairobi"]


def test_demonyms_are_no_places(nlp: Language) -> None:
    text = "Kazakh soldiers and Russian paratroopers patrolled the streets of Almaty."
    assert [m.place.canonical for m in _places(nlp, text)] == ["Almaty"]


def test_a_country_named_only_as_an_actor_is_no_place(nlp: Language) -> None:
    text = "Russia sent troops to Kazakhstan, and Russia's defence ministry said they landed."
    assert {m.place.canonical for m in _places(nlp, text)} == {"Kazakhstan"}


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("A curfew was declared in Kano state after the riots.", "Kano State"),
        ("Clashes were reported in the Karaganda oblast overnight.", "Karaganda Region"),
        ("Miners marched in the Karaganda region on Friday.", "Karaganda Region"),
        ("Soldiers were sent to Shan State in Myanmar.", "Shan State"),
    ],
)
def test_a_name_with_a_kind_word_is_a_region(nlp: Language, text: str, canonical: str) -> None:
    found = _by_canonical(_places(nlp, text))
    assert canonical in found
    region = found[canonical].place
    assert region.kind == "region" and region.precision == 3 and region.lat is not None


def test_a_facility_is_a_site_at_its_citys_point(nlp: Language) -> None:
    text = "Thousands marched in Cairo on Friday and camped in Tahrir Square overnight."
    found = _by_canonical(_places(nlp, text))
    site, city = found["Tahrir Square"].place, found["Cairo"].place
    assert site.kind == "site" and site.geonameid is None
    assert (site.lat, site.lon, site.country) == (city.lat, city.lon, "EG")


def test_common_words_that_are_town_names_are_not_matched(nlp: Language) -> None:
    text = (
        "Police said reading the statement aloud was an act of independence. "
        "Mobile networks were cut in Nigeria."
    )
    assert [m.place.canonical for m in _places(nlp, text)] == ["Nigeria"]


def test_a_foreign_place_named_once_in_passing_is_dropped(nlp: Language) -> None:
    text = (
        "Protesters clashed with police in Lagos and in Abuja on Tuesday. "
        "Officials in London urged calm. Nigeria's government imposed a curfew in Lagos."
    )
    canonicals = {m.place.canonical for m in _places(nlp, text)}
    assert canonicals == {"Lagos", "Abuja"}


def test_unique_places_keeps_the_first_mention_of_each(nlp: Language) -> None:
    text = "Rallies were held in Almaty. Later, police in Alma-Ata and Almaty made arrests."
    mentions = _places(nlp, text)
    assert len([m for m in mentions if m.place.canonical == "Almaty"]) == 3
    places = unique_places(mentions)
    assert [p.canonical for p in places] == ["Almaty"]
    assert text[places[0].start:places[0].end] == "Almaty"


def test_a_big_city_the_model_calls_a_person_is_still_a_place(nlp: Language) -> None:
    text = "Missiles struck Kharkiv and Dnipro overnight, Ukraine's air force said."
    assert {"Kharkiv", "Dnipro"} <= set(_by_canonical(_places(nlp, text)))


def test_a_person_named_after_a_city_is_no_place(nlp: Language) -> None:
    text = "Gunmen attacked Mike Enugu at his home in Nigeria."
    assert [m.place.canonical for m in _places(nlp, text)] == ["Nigeria"]


def test_a_town_hall_is_placed_at_its_town(nlp: Language) -> None:
    text = "Police dispersed a crowd outside the Enugu town hall in Nigeria on Monday."
    found = _by_canonical(_places(nlp, text))
    assert found["Enugu"].place.kind == "city" and found["Enugu"].text == "Enugu"


def test_names_listed_with_regions_are_regions(nlp: Language) -> None:
    text = "Curfews were declared in Imo, Ondo and Abia after the riots in Nigeria."
    found = _by_canonical(_places(nlp, text))
    assert {c for c, m in found.items() if m.place.kind == "region"} == {
        "Imo State", "Ondo State", "Abia State"
    }


def test_both_ends_of_a_road_are_places(nlp: Language) -> None:
    text = "Protesters blocked the road linking Kaduna with Zaria in Nigeria."
    assert {"Kaduna", "Zaria"} <= set(_by_canonical(_places(nlp, text)))


def test_a_place_swallowed_by_a_time_entity_is_still_a_place(nlp: Language) -> None:
    # The small model reads "Jos ten years ago" as one DATE entity.
    text = "Unrest grew in Nigeria. It echoed the riots in Jos ten years ago."
    assert "Jos" in _by_canonical(_places(nlp, text))


def test_a_month_in_a_time_entity_is_no_place(nlp: Language) -> None:
    text = "Unrest grew in Nigeria in March last year."
    assert [m.text for m in _places(nlp, text)] == ["Nigeria"]


_SPAN_TEXT = ("Riot police   fired at crowds in Port-au-Prince, Haiti,\n\nand in Cap-Haïtien "
              "on 3 May; “Mr. Dupont” said 1,200 people (the UN says 900) fled.")


@lru_cache(maxsize=1)
def _span_doc() -> Doc:
    return load_nlp()(_SPAN_TEXT)


@given(st.integers(0, 60), st.integers(0, 60))
def test_the_words_of_a_doc_give_each_spans_text(a: int, b: int) -> None:
    doc = _span_doc()
    start, end = sorted((min(a, len(doc)), min(b, len(doc))))
    words = _Words(_SPAN_TEXT, doc)
    assert words.span(start, end) == doc[start:end].text
    assert words.capitalised[start:end] == [
        t.text[:1].isupper() and t.text[:1].isalpha() and not t.is_stop for t in doc[start:end]
    ]


@pytest.mark.parametrize(
    ("text", "capitals"),
    [
        ("Teachers struck across Kenya. Thousands marched through the capital on Monday.",
         ["the capital"]),
        ("Teachers struck across Kenya. The country's capital was calm.",
         ["The country's capital"]),
        # the capital named: that name is the mention
        ("Teachers struck across Kenya, in the capital, Nairobi, and in Mombasa.", ["Nairobi"]),
        ("Teachers struck across Kenya and in the capital Nairobi.", ["Nairobi"]),
    ],
)
def test_the_capital_is_the_reports_countrys_capital(
    nlp: Language, text: str, capitals: list[str]
) -> None:
    found = [m.text for m in _places(nlp, text) if m.place.canonical == "Nairobi"]
    assert found == capitals


def test_another_countrys_capital_is_not_the_reports(nlp: Language) -> None:
    text = "Teachers struck across Kenya. Uganda's capital was calm."
    assert "Nairobi" not in _by_canonical(_places(nlp, text))
