"""The working state of one document's extraction: sentence spans and token look-ups."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crisisdesk.extract.context import Analysis
from crisisdesk.extract.nlp import load_nlp
from crisisdesk.records import Document


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def test_tokens_with_lower_finds_every_form_in_any_case(nlp: Language) -> None:
    text = "POLICE met the strikers. Police and soldiers left; the police chief stayed."
    analysis = Analysis(document=Document(id="t", text=text), doc=nlp(text))
    found = analysis.tokens_with_lower(frozenset({"police", "soldiers"}))
    assert found == [t.i for t in analysis.doc if t.lower_ in ("police", "soldiers")]
    assert [analysis.doc[i].text for i in found] == ["POLICE", "Police", "soldiers", "police"]
    assert analysis.tokens_with_lower(frozenset({"army"})) == []


def test_sentences_and_the_sentence_at_an_offset(nlp: Language) -> None:
    text = "Crowds gathered at noon. Troops arrived later."
    analysis = Analysis(document=Document(id="t", text=text), doc=nlp(text))
    assert analysis.sentences == [(0, 24), (25, 46)]
    assert analysis.sentence_at(30) == (25, 46)


def test_segments_cut_sentences_at_line_breaks_and_drop_blank_ones(nlp: Language) -> None:
    text = "Strikers block port\nPolice fired tear gas. Crowds left.\n\n  \nTroops stayed."
    analysis = Analysis(document=Document(id="t", text=text), doc=nlp(text))
    assert [s.text for s in analysis.segments()] == [
        "Strikers block port", "Police fired tear gas.", "Crowds left.", "Troops stayed."]
    assert analysis.segments() is analysis.segments()  # read once, shared by the steps
