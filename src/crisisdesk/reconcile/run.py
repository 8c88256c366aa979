"""Reconcile: the documents and their facts in, one :class:`Situation` out.

1. **As of.** With ``as_of``, only documents published (or estimated published) on or before
   that day take part; a document with no date at all cannot be shown to have been out by
   then and is left out too. Everything derived from the others disappears with them.
2. **Documents.** Each is listed with its status: ``ok``, ``non_english`` (not analysed), or
   ``failed`` (an input that could not be read, from ``failures``).
3. **Near-duplicates** (:mod:`.duplicates`): copies point at their original
   (``duplicate_of``) and count once wherever sources are counted.
4. **Actors and places** resolved across spellings (:mod:`.entities`).
5. **Events** clustered across documents (:mod:`.clusters`).
6. **Claim groups** and the **framing matrix** from :mod:`.ledger` and :mod:`.framing`.

Deterministic: the same documents, in any order, give the same situation.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from crisisdesk.reconcile.clusters import cluster_events
from crisisdesk.reconcile.duplicates import DuplicateInput, find_duplicates
from crisisdesk.reconcile.entities import resolve_actors, resolve_places
from crisisdesk.reconcile.framing import framing
from crisisdesk.reconcile.items import ReconcileItem
from crisisdesk.reconcile.ledger import claim_groups
from crisisdesk.reconcile.situation import DocumentEntry, Situation
from crisisdesk.records import Document, DocumentFacts

_ENGLISH = "en"


def published_by(published: str | None, as_of: str | None) -> bool:
    """Whether a document published on ``published`` (ISO; None when unknown) had been out by
    ``as_of``: always without ``as_of``, never when its date is unknown. The one as-of rule of
    every view."""
    return as_of is None or (published is not None and published[:10] <= as_of)


def _counts(item: ReconcileItem, as_of: str | None) -> bool:
    return published_by(item.facts.published or item.document.published, as_of)


def _analysed(item: ReconcileItem) -> bool:
    language = item.facts.language or item.document.language
    return language is None or language == _ENGLISH


def _doc_order(item: ReconcileItem) -> tuple[bool, str, str]:
    published = item.facts.published
    return (published is None, published or "", item.facts.id)


def _originals(items: list[ReconcileItem]) -> dict[str, str]:
    """Each copied document's id -> its original's: found by MinHash, plus any the caller
    gave in ``independent_of`` (followed to the first document of its chain)."""
    given = {i.facts.id: i.independent_of for i in items if i.independent_of}
    found = find_duplicates(
        DuplicateInput(i.facts.id, i.document.text, i.facts.published)
        for i in items
        if i.facts.id not in given
    )
    links = {**found, **given}
    ids = {i.facts.id for i in items}

    def original(doc_id: str) -> str:
        seen = {doc_id}
        while doc_id in links and links[doc_id] in ids and links[doc_id] not in seen:
            doc_id = links[doc_id]
            seen.add(doc_id)
        return doc_id

    return {doc_id: original(doc_id) for doc_id in sorted(links) if original(doc_id) != doc_id}


def _entry(item: ReconcileItem, duplicate_of: str | None) -> DocumentEntry:
    facts = item.facts
    return DocumentEntry(
        id=facts.id,
        title=facts.title or item.document.title,
        source=facts.source or item.document.source,
        published=facts.published,
        status="ok" if _analysed(item) else "non_english",
        error="; ".join(facts.errors) or None,
        url=facts.url or item.document.url,
        published_estimated=facts.published_estimated,
        duplicate_of=duplicate_of,
    )


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector: reconciling creates millions of small objects
    and no reference cycles, and the collector's passes over them took a quarter of the time
    at 10,000 documents (benchmarks/bench_reconcile.py). Reference counting still frees."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def reconcile(
    items: Iterable[ReconcileItem],
    *,
    as_of: str | None = None,
    failures: Iterable[tuple[str, str]] = (),
) -> Situation:
    """One situation out of every document's facts (see the module docstring for the steps).

    ``failures`` are (origin, reason) pairs of inputs that could not be read; they are listed
    as documents with status ``failed``.
    """
    with _no_cycle_collection():
        return _reconcile(items, as_of, failures)


def _reconcile(
    items: Iterable[ReconcileItem], as_of: str | None, failures: Iterable[tuple[str, str]]
) -> Situation:
    kept = sorted((i for i in items if _counts(i, as_of)), key=_doc_order)
    analysed = [i for i in kept if _analysed(i)]
    originals = _originals(analysed)
    analysed = [
        dataclasses.replace(i, independent_of=originals.get(i.facts.id)) for i in analysed
    ]
    actors = resolve_actors(analysed)
    documents = [_entry(i, originals.get(i.facts.id)) for i in kept]
    documents += [
        DocumentEntry(id=origin, title=None, source=None, published=None, status="failed",
                      error=reason)
        for origin, reason in sorted(failures)
    ]
    return Situation(
        documents=documents,
        events=cluster_events(analysed, lambda d: originals.get(d, d), actors),
        claim_groups=claim_groups(analysed),
        actors=actors.actors,
        framing=framing(analysed),
        as_of=as_of,
        places=resolve_places(analysed),
    )


class FactStore(Protocol):
    """What :func:`reconcile_store` reads of a store (:class:`crisisdesk.store.Store` and any
    other backend with these methods)."""

    def document(self, doc_id: str) -> Document: ...

    def all_facts(self) -> Iterable[DocumentFacts]: ...

    def failures(self) -> list[dict[str, Any]]: ...


def reconcile_store(store: FactStore, *, as_of: str | None = None) -> Situation:
    """The situation of everything in a store (documents, their facts and failed inputs)."""
    items = [
        ReconcileItem(document=store.document(facts.id), facts=facts)
        for facts in store.all_facts()
    ]
    failures = [(f["origin"], f["reason"]) for f in store.failures()]
    return reconcile(items, as_of=as_of, failures=failures)
