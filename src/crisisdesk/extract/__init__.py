"""Extract: one document in, its facts out — a pure function, no database, safe to parallelise.

:func:`extract` runs these steps, each a function of the :class:`Analysis` so far:

1. language gate — a report that is not English is kept and flagged, never guessed at;
2. parse — spaCy tokens, sentences and named entities (``nlp.load_nlp``);
3. places — gazetteer-resolved place mentions (``places``);
4. publication date — from metadata, else estimated from the text, else from the days its
   feed's reports of its country cite (``published``);
5. times — dates resolved against the publication date, historical ones flagged (``times``);
6. actors — people, organisations and groups with canonical names (``actors``);
7. claims — every figure with measure, qualifier, group, source, place and date (``claims``);
8. events — happenings with kind, ACLED type, actors, place and date (``events``);
9. labels — how the text names each actor group (``labels``).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from crisisdesk.extract.actors import actor_records, find_actors
from crisisdesk.extract.claims import find_claims
from crisisdesk.extract.context import Analysis
from crisisdesk.extract.events import find_events
from crisisdesk.extract.labels import find_labels
from crisisdesk.extract.nlp import load_nlp
from crisisdesk.extract.places import find_places, unique_places
from crisisdesk.extract.published import publication_date
from crisisdesk.extract.times import find_times
from crisisdesk.records import Document, DocumentFacts

SUPPORTED_LANGUAGES = ("en",)


def unsupported_language(document: Document) -> bool:
    """Whether the document is in a language extraction does not read."""
    return document.language is not None and document.language not in SUPPORTED_LANGUAGES


def extract(document: Document, doc: Doc | None = None) -> DocumentFacts:
    """The facts of one document (see the module docstring for the steps). ``doc`` is its
    spaCy parse when the caller already has it (see :func:`parse_many`)."""
    if unsupported_language(document):
        return _not_extracted(document)
    return _extract_parsed(document, doc if doc is not None else load_nlp()(document.text))


def parse_many(documents: Sequence[Document]) -> list[Doc | None]:
    """spaCy parses of the documents extraction will read (None for the others), in one
    ``nlp.pipe`` call: batching is what makes a corpus faster than one parse per call."""
    english = [d for d in documents if not unsupported_language(d)]
    parses = iter(load_nlp().pipe(d.text for d in english))
    return [None if unsupported_language(d) else next(parses) for d in documents]


def _not_extracted(document: Document) -> DocumentFacts:
    facts = DocumentFacts.empty(document)
    facts.errors.append(
        f"language {document.language!r} is not supported (only English is extracted); "
        "the document is kept without facts"
    )
    return facts


def _extract_parsed(document: Document, doc: Doc) -> DocumentFacts:
    analysis = Analysis(document=document, doc=doc)
    analysis.places = find_places(analysis)
    analysis.published, analysis.published_estimated = publication_date(analysis)
    analysis.times = find_times(analysis)
    analysis.actors = find_actors(analysis)

    facts = DocumentFacts.empty(document)
    if analysis.published is not None:
        facts.published = analysis.published.isoformat()
        facts.published_estimated = analysis.published_estimated
    facts.places = unique_places(analysis.places)
    facts.claims = find_claims(analysis)
    facts.events = find_events(analysis)
    facts.actors = actor_records(analysis.actors)
    facts.labels = find_labels(analysis)
    return facts
