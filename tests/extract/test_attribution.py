"""Who said it: reporting verbs, "according to", pronouns and continued quotes."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from crisisdesk.extract.attribution import Attribution
from crisisdesk.extract.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _source(doc: Doc, word: str) -> str | None:
    token = next(t for t in reversed(doc) if t.text == word)
    return Attribution(doc).source_of(token)


@pytest.mark.parametrize(
    ("text", "word", "source"),
    [
        ("According to the Red Crescent, 31 people died.", "31", "the Red Crescent"),
        ("Human Rights Watch said 12 activists were detained.", "12", "Human Rights Watch"),
        ("Five guards were hurt, said the prison service.", "Five", "the prison service"),
        ("Nine people were killed, witnesses told Reuters.", "Nine", "witnesses"),
        ("According to Oxfam, which runs clinics there, 8 children died.", "8", "Oxfam"),
        ("Forty shops were looted on Sunday.", "Forty", None),
        ("A report by the National Human Rights Commission revealed that 39 people had died.",
         "39", "the National Human Rights Commission"),
        ("Twelve deaths were reported by the Red Cross.", "Twelve", "the Red Cross"),
        ("Reports said 20 people were confirmed dead.", "20", "Reports"),
        ("About 20 people were confirmed dead.", "20", None),
        ("The unrest, which has claimed the lives of 40 people, goes on.", "40", None),
        ("The strike turned deadly, with officials confirming that 9 people had been shot.",
         "9", "officials"),
    ],
)
def test_sources(nlp: Language, text: str, word: str, source: str | None) -> None:
    assert _source(nlp(text), word) == source


def test_pronoun_is_the_last_named_source(nlp: Language) -> None:
    doc = nlp("The health ministry published figures on Monday. It said 140 people were injured.")
    assert _source(doc, "140") == "The health ministry"


def test_a_continued_quote_keeps_its_speaker(nlp: Language) -> None:
    doc = nlp('"We counted 300 marchers," the mayor said. "Another 20 were arrested."')
    assert _source(doc, "20") == "the mayor"


def test_a_place_that_counted_is_no_source(nlp: Language) -> None:
    text = "According to the commission, Karsovo recorded 17 deaths."
    at = text.index("Karsovo")
    doc = nlp(text)
    token = next(t for t in doc if t.text == "17")
    assert Attribution(doc, [(at, at + len("Karsovo"))]).source_of(token) == "the commission"


def test_the_text_given_by_the_caller_gives_the_same_sources(nlp: Language) -> None:
    text = ("The ministry said 40 people were held. In particular, 12 were minors. "
            "\"Nobody was hurt,\" it added.")
    doc = nlp(text)
    tokens = [t for t in doc if t.like_num]
    given = Attribution(doc, text=text)
    assert [given.source_of(t) for t in tokens] == [Attribution(doc).source_of(t) for t in tokens]
    assert given.source_of(tokens[1]) == "The ministry"
