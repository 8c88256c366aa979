"""Framing labels, on sentences written for tests about invented and other real crises."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crisisdesk.extract.context import Analysis
from crisisdesk.extract.labels import find_labels
from crisisdesk.extract.nlp import load_nlp
from crisisdesk.records import Document


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _labels(nlp: Language, text: str) -> set[tuple[str, str]]:
    analysis = Analysis(document=Document(id="t", text=text), doc=nlp(text))
    labels = find_labels(analysis)
    for label in labels:  # spans point at the phrase as written
        assert text[label.start : label.end].lower().replace("\n", " ") == label.label
    return {(lb.actor_group, lb.label) for lb in labels}


def test_protesters_and_police(nlp: Language) -> None:
    text = ("Riot police fired tear gas at demonstrators in Caracas on Monday. "
            "The protesters threw stones at the security forces.")
    labels = _labels(nlp, text)
    assert ("security_forces", "riot police") in labels
    assert ("protesters", "demonstrators") in labels
    assert ("protesters", "protesters") in labels
    assert ("security_forces", "security forces") in labels


def test_evaluative_modifiers_kept_articles_and_numbers_dropped(nlp: Language) -> None:
    text = ("The regime said that 40 armed hooligans attacked a police station during "
            "the protests, and it called the marchers a so-called opposition mob.")
    labels = _labels(nlp, text)
    assert ("protesters", "armed hooligans") in labels
    assert ("government", "regime") in labels
    assert not any(label.startswith(("the ", "40")) for _, label in labels)
    # "police" modifying "station" names a building, not the police
    assert ("security_forces", "police") not in labels


def test_foreign_troops(nlp: Language) -> None:
    text = ("Norland sent troops to Ostravia after the protests. Critics called the "
            "deployment an invasion, while the government praised the peacekeepers. "
            "Ostravia's own soldiers stayed in their barracks. Norland is large. "
            "Ostravia is small. Ostravia is poor.")
    labels = _labels(nlp, text)
    assert ("foreign_troops", "invasion") in labels
    assert ("foreign_troops", "peacekeepers") in labels


def test_generic_words_need_a_protest_clause(nlp: Language) -> None:
    protest = _labels(nlp, "Thousands of angry people marched to the central square.")
    assert ("protesters", "angry people") in protest
    street = _labels(nlp, "Fuel prices drove residents to take to the streets.")
    assert ("protesters", "residents") in street
    plain = _labels(nlp, "The people of the region grow wheat and barley.")
    assert not any(group == "protesters" for group, _ in plain)


def test_pejoratives_count_only_in_reports_about_protest(nlp: Language) -> None:
    protest = _labels(nlp, "The minister blamed the protests on bandits and foreign agents.")
    assert ("protesters", "bandits") in protest
    other = _labels(nlp, "Bandits stole cattle from three farms in the valley.")
    assert ("protesters", "bandits") not in other


def test_movement_nouns_but_not_named_past_events(nlp: Language) -> None:
    labels = _labels(nlp, "The uprising spread quickly, and some compared it to the Rose "
                          "Revolution of another country.")
    assert ("protesters", "uprising") in labels
    assert not any("revolution" in label for _, label in labels)


def test_foreign_marks_only_military_nouns(nlp: Language) -> None:
    labels = _labels(nlp, "Foreign ministers met as foreign soldiers patrolled the protests.")
    assert ("foreign_troops", "foreign soldiers") in labels
    assert not any("ministers" in label for _, label in labels)


def test_force_against_people_needs_security_forces(nlp: Language) -> None:
    by_police = _labels(nlp, "During the protests, riot police shot people near the bridge.")
    assert ("protesters", "people") in by_police
    by_gunman = _labels(nlp, "During the protests, two men were shot by a gunman at a bakery.")
    assert ("protesters", "men") not in by_gunman


def test_street_action_is_the_clause_not_a_named_square(nlp: Language) -> None:
    street = _labels(nlp, "After the vote, students took to the streets of the capital.")
    assert ("protesters", "students") in street
    square = _labels(nlp, "On Liberty Square, people in plain clothes were filming the "
                          "protesters.")
    assert ("protesters", "people") not in square


def test_foreign_governments_are_not_the_government(nlp: Language) -> None:
    labels = _labels(nlp, "Western governments condemned the crackdown on Valdoria's "
                          "protesters, and the government of Valdoria ignored them.")
    assert ("government", "western governments") not in labels
    assert ("government", "government") in labels


def test_headline_verb_is_no_modifier(nlp: Language) -> None:
    labels = _labels(nlp, "Junta cuts internet, deploys troops\n\nThe army was seen in the "
                          "capital.")
    assert ("security_forces", "troops") in labels
    assert not any(label.startswith("deploys") for _, label in labels)


def test_troops_brought_into_the_country_are_foreign(nlp: Language) -> None:
    text = ("Protests spread across Moldova on Sunday. Moldova's opposition rejected the "
            "entry of troops into Moldova, while Moldova's own soldiers stayed in barracks.")
    labels = _labels(nlp, text)
    assert ("foreign_troops", "troops") in labels
    assert ("security_forces", "soldiers") in labels
