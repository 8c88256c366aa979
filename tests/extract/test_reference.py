"""Event nouns named as a topic, stance or argument, not reported (sentences written for tests)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crisisdesk.extract.nlp import load_nlp
from crisisdesk.extract.reference import is_reference


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _reference(nlp: Language, text: str, word: str) -> bool:
    doc = nlp(text)
    (token,) = [t for t in doc if t.text == word]
    return is_reference(token, doc[:])


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Diplomats in the region were worried about the riots in Velmora.", "riots"),
        ("The broadcaster aired an interview on the strikes with a union leader.", "strikes"),
        ("The ombudsman opened an inquiry into the killings in the north.", "killings"),
        ("Families want compensation for victims of police violence.", "violence"),
        ("The army cracked down on the marches in the capital.", "marches"),
        ("Shopkeepers who oppose the blockades held a meeting.", "blockades"),
        ("Youths defied the curfew across the delta.", "curfew"),
        ("The deployment shows that the government is nervous.", "deployment"),
    ],
)
def test_references(nlp: Language, text: str, word: str) -> None:
    assert _reference(nlp, text, word)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Thousands of nurses joined the protests in Velmora.", "protests"),
        ("Police fired tear gas at the march on Sunday.", "march"),
        ("The rally turned into a riot after dusk.", "riot"),
        ("Students marched against the crackdown on the campus.", "crackdown"),
        ("Rights groups condemned the killings of three farmers.", "killings"),
        ("Two men were shot during the protests.", "protests"),
        ("The protests spread to four more towns.", "protests"),
    ],
)
def test_reports(nlp: Language, text: str, word: str) -> None:
    assert not _reference(nlp, text, word)


def test_links_outside_the_segment_are_not_trusted(nlp: Language) -> None:
    doc = nlp("Diplomats were worried about the riots.")
    (riots,) = [t for t in doc if t.text == "riots"]
    assert is_reference(riots, doc[:])
    assert not is_reference(riots, doc[riots.i - 1 :])  # "about" lies outside
