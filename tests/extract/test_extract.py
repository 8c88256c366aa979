"""The per-document entry points: batched parses."""

from __future__ import annotations

import pytest
from spacy.language import Language

from crisisdesk.extract import parse_many
from crisisdesk.extract.nlp import load_nlp
from crisisdesk.records import Document


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def test_parse_many_parses_each_english_document_in_order(nlp: Language) -> None:
    documents = [Document(id="a", text="Troops left the city."),
                 Document(id="b", text="Des manifestants ont défilé.", language="fr"),
                 Document(id="c", text="Shops reopened on Friday.")]
    parses = parse_many(documents)
    assert parses[1] is None
    assert [p.text if p is not None else None for p in parses] == [
        "Troops left the city.", None, "Shops reopened on Friday."]
