"""Actors and their canonical names, on sentences written for tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crisisdesk.extract.actors import actor_records, find_actors
from crisisdesk.extract.context import ActorMention, Analysis
from crisisdesk.extract.nlp import load_nlp
from crisisdesk.records import Document


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _actors(nlp: Language, text: str) -> list[ActorMention]:
    analysis = Analysis(document=Document(id="t", text=text), doc=nlp(text))
    mentions = find_actors(analysis)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return mentions


def test_one_canonical_per_person_across_spellings(nlp: Language) -> None:
    text = ("President Volodymyr Zelensky spoke on Monday. Later Zelenskyy met "
            "reporters in the capital. Volodymyr Zelenskiy said the talks had failed.")
    people = [m for m in _actors(nlp, text) if m.type == "person"]
    assert len(people) >= 2
    assert {m.canonical for m in people} == {"Volodymyr Zelensky"}


def test_acronym_is_linked_to_its_expansion(nlp: Language) -> None:
    text = ("The Economic Community of West African States (ECOWAS) met in Accra. "
            "ECOWAS leaders condemned the coup.")
    orgs = [m for m in _actors(nlp, text) if m.type == "organisation"]
    assert {m.canonical for m in orgs} == {"Economic Community of West African States"}
    assert any(m.text == "ECOWAS" for m in orgs)


def test_states_acting_and_groups(nlp: Language) -> None:
    text = ("Turkey sent troops to the border. Protesters clashed with police in the "
            "capital, and the government declared a curfew. Many tourists visit Turkey.")
    mentions = _actors(nlp, text)
    states = [m for m in mentions if m.type == "state"]
    assert [m.text for m in states] == ["Turkey"]  # the second one is a place, not an agent
    groups = {(m.canonical, m.group) for m in mentions if m.type == "group"}
    assert ("protesters", "protesters") in groups
    assert ("police", "security_forces") in groups
    assert ("government", "government") in groups


def test_actor_records_one_per_canonical_in_order(nlp: Language) -> None:
    text = ("Amnesty International said police shot protesters. Amnesty called for an "
            "inquiry, and Prime Minister Jacinda Ardern said Ardern would reply.")
    records = actor_records(_actors(nlp, text))
    canonicals = [r.canonical for r in records]
    assert len(canonicals) == len(set(canonicals))
    amnesty = next(r for r in records if r.canonical == "Amnesty International")
    assert amnesty.name == "Amnesty International" and amnesty.type == "organisation"
    assert canonicals.index("Amnesty International") < canonicals.index("police")
    assert "Jacinda Ardern" in canonicals and "Ardern" not in canonicals



def test_names_cut_short_or_run_together_are_repaired(nlp: Language) -> None:
    text = ("NAIROBI-Agence France-Presse reported the vote. Opposition leader Raila Amolo "
            "Odinga spoke. The Civil Rights Movement-CRM called a strike. Raila spoke again. "
            "The army detained civilian leader Aung San Suu Kyi in the morning.")
    mentions = _actors(nlp, text)
    orgs = {m.canonical for m in mentions if m.type == "organisation"}
    assert "Agence France-Presse" in orgs
    assert not any(c.startswith("NAIROBI") for c in orgs)
    assert "Civil Rights Movement" in orgs
    people = {m.text: m.canonical for m in mentions if m.type == "person"}
    assert people["Raila"] == "Raila Amolo Odinga"  # a lone given name
    assert "Aung San Suu Kyi" in people  # spaCy's entity stops at "San"


def test_common_words_and_fragments_are_not_actors(nlp: Language) -> None:
    text = ("Thousands Of Serbians Gather For Anti-Vucic Protest As Army Watches\n\n"
            "Monitoring group NetBlocks said messaging apps were down. The raids took place "
            "after Defense Minister Pablo Rivas spoke. Flights resumed at 0900 UTC. "
            "Messenger services such as Signal were blocked.\n\nDebris are seen on a street.")
    names = {m.text for m in _actors(nlp, text) if m.type != "group"}
    assert "NetBlocks" in names and "Pablo Rivas" in names
    assert not any(" As " in n for n in names)
    assert not names & {"Monitoring group NetBlocks", "Defense", "UTC", "Messenger", "Debris"}


def test_appositive_title_makes_a_person(nlp: Language) -> None:
    text = '"We will talk," said Danil Rentas, the city\'s secretary for peace.'
    people = [m for m in _actors(nlp, text) if m.type == "person"]  # spaCy tags it ORG
    assert [m.canonical for m in people] == ["Danil Rentas"]
