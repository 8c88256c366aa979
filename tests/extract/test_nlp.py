"""The pipeline loader: coarse tags from the attribute ruler's patterns, without the ruler."""

from __future__ import annotations

import spacy

from crisisdesk.extract.nlp import MODEL_MODULE, load_nlp

_TEXT = (
    "There were clashes in the port city on Monday, and there is no sign that they have ended. "
    "Police said which roads are closed. Those who had marched did not go home since it was "
    "late. Some of this is hard to know; all that we've seen is smoke.\n\nShops stayed shut."
)


def test_coarse_tags_match_the_attribute_ruler() -> None:
    reference = spacy.load(MODEL_MODULE, exclude=["lemmatizer"])
    ours = load_nlp()
    assert "attribute_ruler" not in ours.pipe_names
    expected = [(t.text, t.pos_) for t in reference(_TEXT)]
    assert [(t.text, t.pos_) for t in ours(_TEXT)] == expected


def test_an_empty_text_parses() -> None:
    assert len(load_nlp()("")) == 0
