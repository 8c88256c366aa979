"""Scoring rules of DESIGN.md on small hand-made documents."""

from __future__ import annotations

from crisisdesk.evaluate.gold import GoldDocument
from crisisdesk.evaluate.score import (
    attribution_matches,
    place_matches,
    score_document,
)
from crisisdesk.records import Claim, Document, DocumentFacts, Event, Place
from crisisdesk.text import Sentences, split_sentences

TEXT = (
    "Police detained 40 people in Springfield on Monday. "
    "Dozens of students marched in Shelbyville, the mayor said."
)


def _facts(**parts: object) -> DocumentFacts:
    facts = DocumentFacts(
        id="d", source=None, url=None, title=None, published="2024-03-05",
        published_estimated=False, language="en", hash="h",
    )
    for k, v in parts.items():
        setattr(facts, k, v)
    return facts


def _gold(**parts: object) -> GoldDocument:
    gold = GoldDocument(document=Document(id="d", text=TEXT, published="2024-03-05"))
    for k, v in parts.items():
        setattr(gold, k, v)
    return gold


def _place(name: str, canonical: str, lat: float, lon: float, kind: str = "city") -> Place:
    return Place(name, canonical, "US", kind, lat, lon, None, 0, len(name))


def test_sentences_split_on_punctuation_not_abbreviations() -> None:
    spans = split_sentences("Gen. Smith spoke. Then Mr. Jones left.\nNew line here")
    assert len(spans) == 3
    assert Sentences("One. Two here.").index(6) == 1


def test_place_matches_by_name_variant_or_distance() -> None:
    gold = {"name": "Mangistau Oblast", "canonical": "Mangystau Region", "kind": "region"}
    assert place_matches({"name": "Mangystau", "canonical": "Mangystau"}, gold)
    near = {"name": "X", "canonical": "X", "lat": 40.0, "lon": -89.0}
    assert place_matches(near, {"name": "Y", "lat": 40.1, "lon": -89.1, "kind": "city"})
    assert not place_matches(near, {"name": "Y", "lat": 41.0, "lon": -89.0, "kind": "city"})
    assert place_matches(near, {"name": "Y", "lat": 41.0, "lon": -89.0, "kind": "region"})


def test_attribution_containment() -> None:
    assert attribution_matches("the Ministry", "ministry")
    assert attribution_matches("Police in Ruritania", "police")
    assert attribution_matches(None, None)
    assert not attribution_matches("witnesses", None)
    assert not attribution_matches("the army", "the opposition")


def test_places_precision_and_recall() -> None:
    gold = _gold(places=[{"name": "Springfield", "canonical": "Springfield", "kind": "city"},
                         {"name": "Shelbyville", "canonical": "Shelbyville", "kind": "city"}])
    facts = _facts(places=[_place("Springfield", "Springfield", 1, 1),
                           _place("Ogdenville", "Ogdenville", 5, 5)])
    score = score_document(facts, gold)
    assert (score.places.precision, score.places.recall) == (0.5, 0.5)


def test_claims_distinct_figures_vague_factor_two_and_attribution() -> None:
    gold = _gold(claims=[
        {"measure": "arrested", "value": 40, "qualifier": "exact", "attributed_to": "police"},
        {"measure": "participants", "value": 12, "qualifier": "vague",
         "attributed_to": "the mayor"},
    ])
    facts = _facts(claims=[
        Claim("arrested", 40, "exact", "detained 40 people", 7, 25, attributed_to="Police"),
        Claim("arrested", 40, "exact", "40", 16, 18, attributed_to="Police"),
        Claim("participants", 20, "vague", "Dozens of students", 52, 70),
    ])
    score = score_document(facts, gold)
    assert score.claims.n_pred == 2  # the repeated figure counts once
    assert score.claims.f1 == 1.0
    assert (score.attribution.correct, score.attribution.total) == (1, 2)


def test_events_units_by_family_and_sentence_then_date_and_place() -> None:
    gold = _gold(
        places=[{"name": "Springfield", "canonical": "Springfield", "kind": "city",
                 "lat": 1.0, "lon": 1.0}],
        events=[
            {"kind": "arrests", "date": "2024-03-04", "location": "Springfield",
             "historical": False, "quote": "Police detained 40 people"},
            {"kind": "protest", "date": None, "location": "Shelbyville",
             "historical": False, "quote": "students marched in Shelbyville"},
        ],
    )
    arrests = Event("arrests", "Strategic developments", "Arrests", "detained 40 people",
                    7, 25, date="2024-03-04", location="Springfield Township", lat=1.05, lon=1.0)
    riot = Event("riot", "Riots", "Violent demonstration", "marched", 65, 72)
    score = score_document(_facts(events=[arrests, riot]), gold)
    assert (score.events.matched_pred, score.events.n_pred, score.events.n_gold) == (1, 2, 2)
    assert (score.event_dates.correct, score.event_dates.total) == (1, 1)
    assert (score.event_places.correct, score.event_places.total) == (1, 1)


def test_places_match_by_name_before_distance() -> None:
    # A country's 300 km radius covers its capital: the capital's prediction must still go to
    # the capital, and the country's to the country.
    gold = _gold(places=[
        {"name": "Ruritania", "canonical": "Ruritania", "kind": "country", "lat": 1.0, "lon": 1.0},
        {"name": "Strelsau", "canonical": "Strelsau", "kind": "city", "lat": 1.1, "lon": 1.1},
    ])
    facts = _facts(places=[_place("STRELSAU", "Strelsau", 1.1, 1.1),
                           _place("Ruritania", "Ruritania", 1.0, 1.0, kind="country")])
    score = score_document(facts, gold)
    assert (score.places.precision, score.places.recall) == (1.0, 1.0)
