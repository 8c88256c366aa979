"""Events: trigger kinds, what is not a happening, anchoring, on sentences written for tests."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from crisisdesk import vocab
from crisisdesk.extract.context import Analysis, PlaceMention, TimeMention
from crisisdesk.extract.events import find_events
from crisisdesk.extract.nlp import load_nlp
from crisisdesk.records import Document, Event, Place


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _analysis(nlp: Language, text: str, published: dt.date | None = None) -> Analysis:
    return Analysis(document=Document(id="t", text=text), doc=nlp(text), published=published)


def _place(text: str, name: str, kind: str = "city", country: str = "ZZ") -> PlaceMention:
    at = text.index(name)
    place = Place(name, name, country, kind, 1.0, 2.0, None, at, at + len(name))
    return PlaceMention(at, at + len(name), name, place)


def _kinds(nlp: Language, text: str) -> set[str]:
    return {e.kind for e in find_events(_analysis(nlp, text))}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Thousands of teachers marched through the capital on Monday.", "protest"),
        ("Farmers took to the streets of the port city.", "protest"),
        ("Police fired tear gas at the crowd outside parliament.", "clash"),
        ("Rioters went on a rampage through the market.", "riot"),
        ("Three students were shot dead near the campus.", "killing"),
        ("Officers detained forty people after the rally.", "arrests"),
        ("Demonstrators set fire to the governor's office.", "arson_or_property_destruction"),
        ("Several pharmacies were looted overnight.", "looting"),
        ("Protesters stormed the state television building.", "storming_or_occupation"),
        ("The interior ministry deployed troops to the northern province.", "troop_deployment"),
        ("The governor imposed a curfew from dusk to dawn.", "curfew"),
        ("The authorities declared a state of emergency in the region.", "state_of_emergency"),
        ("Mobile internet was cut across the island on Friday.", "internet_shutdown"),
        ("The prime minister and his cabinet resigned on Tuesday.", "government_resignation"),
        ("Bread prices doubled within a week.", "price_change"),
        ("The council scrapped the fuel tax after the unrest.", "policy_concession"),
        ("The general issued a shoot-to-kill order.", "shoot_to_kill_order"),
        ("Gunmen abducted two journalists in the capital.", "abduction"),
    ],
)
def test_each_kind(nlp: Language, text: str, kind: str) -> None:
    assert kind in _kinds(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Police did not arrest anyone at the march.",
        "No protests took place in the south.",
        "The union will hold a strike next week.",
        "Troops could be deployed if the unrest spreads.",
        "Opposition leaders called for protests on Saturday.",
        "The group threatened to storm the ministry.",
        "The minister urged police to arrest the organisers.",
        "The army plans to send troops to the border.",
        "If soldiers open fire, the death toll would rise.",
        "Will the protesters march again?",
    ],
)
def test_plans_appeals_negations_are_not_events(nlp: Language, text: str) -> None:
    assert _kinds(nlp, text) == set()


def test_boilerplate_makes_no_event(nlp: Language) -> None:
    text = (
        "Please consider donating so our reporters can keep covering the protests!\n"
        "Click to Donate\n"
        "Jane Roe is a journalist who writes about clashes and elections.\n"
    )
    assert find_events(_analysis(nlp, text)) == []


def test_historical_event_keeps_its_own_date(nlp: Language) -> None:
    text = "Twelve years ago, police killed fourteen striking miners in the town."
    analysis = _analysis(nlp, text, published=dt.date(2024, 3, 2))
    (event,) = [e for e in find_events(analysis) if e.kind == "killing"]
    assert event.historical
    assert event.date is None or event.date < "2024"


def test_one_event_per_listed_place(nlp: Language) -> None:
    text = "Protesters clashed with police in Arden, Bexley and Corvin on Sunday."
    analysis = _analysis(nlp, text)
    analysis.places = [_place(text, n) for n in ("Arden", "Bexley", "Corvin")]
    clashes = [e for e in find_events(analysis) if e.kind == "clash"]
    assert [e.location for e in clashes] == ["Arden", "Bexley", "Corvin"]


def test_date_and_place_from_the_sentence(nlp: Language) -> None:
    text = "Police arrested 200 people in Dunmore on Sunday."
    analysis = _analysis(nlp, text, published=dt.date(2024, 5, 7))
    analysis.places = [_place(text, "Dunmore")]
    at = text.index("on Sunday")
    analysis.times = [TimeMention(at, at + 9, "on Sunday", dt.date(2024, 5, 5), 1)]
    (event,) = find_events(analysis)
    assert (event.kind, event.date, event.date_precision) == ("arrests", "2024-05-05", 1)
    assert (event.location, event.lat, event.lon) == ("Dunmore", 1.0, 2.0)
    assert not event.historical


def test_protest_sub_type_refined_by_intervention(nlp: Language) -> None:
    text = "Students protested outside the university until police dispersed them with batons."
    (protest,) = [e for e in find_events(_analysis(nlp, text)) if e.kind == "protest"]
    assert protest.acled_sub_event_type == "Protest with intervention"
    text = "Soldiers shot dead six people who were protesting in the square."
    (protest,) = [e for e in find_events(_analysis(nlp, text)) if e.kind == "protest"]
    assert protest.acled_sub_event_type == "Excessive force against protesters"


def test_actors_of_the_sentence(nlp: Language) -> None:
    from crisisdesk.extract.context import ActorMention

    text = "The National Guard detained dozens of protesters."
    analysis = _analysis(nlp, text)
    analysis.actors = [ActorMention(4, 18, "National Guard", "National Guard", "organisation")]
    (event,) = find_events(analysis)
    assert event.actors == ["National Guard"]


_SENTENCES = [
    "Crowds gathered in the square.",
    "Police fired rubber bullets.",
    "The mayor resigned.",
    "Nothing happened today.",
    "Shops were looted and burned.",
    "The army will not deploy.",
]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=6))
def test_quotes_are_spans_of_the_text(sentences: list[str]) -> None:
    text = " ".join(sentences)
    analysis = Analysis(document=Document(id="p", text=text), doc=load_nlp()(text))
    events = find_events(analysis)
    for event in events:
        assert isinstance(event, Event)
        assert text[event.start : event.end] == event.quote
        assert event.kind in vocab.EVENT_KINDS
        assert event.acled_event_type == vocab.EVENT_KINDS[event.kind].acled_event_type
    per_sentence = [(e.kind, analysis.sentence_at(e.start)) for e in events]
    assert len(per_sentence) == len(set(per_sentence))  # one per (kind, sentence, place)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Diplomats were worried about the riots in Velmora.", "riot"),
        ("The broadcaster aired an interview on the strikes with a union leader.", "protest"),
        ("The army cracked down on the marches in the capital.", "protest"),
        ("Shopkeepers who oppose the blockades held a meeting.", "protest"),
        ("Youths defied the curfew across the delta.", "curfew"),
        ("The deployment shows that the government is nervous.", "troop_deployment"),
        ("Guards routinely beat inmates in the provincial prisons.", "attack"),
        ("Four of the missing students were not listed as detained.", "arrests"),
        ("The death toll rose to 31 on Tuesday.", "killing"),
    ],
)
def test_references_habits_and_tallies_are_not_events(nlp: Language, text: str,
                                                      kind: str) -> None:
    assert kind not in _kinds(nlp, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Rights groups condemned the killing of three farmers in Velmora.", "killing"),
        ("Shopkeepers defied the curfew imposed by the governor on Monday.", "curfew"),
        ("Students marched against the crackdown on the campus.", "clash"),
        ("Thousands of nurses joined the protests in the capital.", "protest"),
        ("Police repeatedly fired tear gas at the crowd on Sunday.", "clash"),
        ("Two journalists were listed as detained by the police on Friday.", "arrests"),
    ],
)
def test_happenings_named_alongside_are_still_events(nlp: Language, text: str,
                                                     kind: str) -> None:
    assert kind in _kinds(nlp, text)


def test_trigger_phrases_are_written_in_lower_case() -> None:
    # the any-phrase prefilter searches case-folded text case-sensitively
    from crisisdesk.extract.events import _PHRASES

    assert all(p.pattern == p.pattern.lower() and p.flags & re.I for p, _, _ in _PHRASES)
