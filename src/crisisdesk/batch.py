"""Running the per-document path over many inputs: read -> extract -> (store), one outcome each.

A document that cannot be read or extracted becomes a failed :class:`Outcome` with its reason;
the batch always goes on. :class:`BatchSummary` counts what happened and chooses the exit code.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from crisisdesk.errors import (
    EXIT_ALL_FAILED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    CrisisdeskError,
    ReadError,
)
from crisisdesk.extract import extract, parse_many
from crisisdesk.read import DEFAULT_MAX_BYTES, dedupe, read_inputs
from crisisdesk.records import Document, DocumentFacts
from crisisdesk.store import Store

# Documents parsed together by spaCy's nlp.pipe. spaCy's own docs recommend batching for
# throughput; 16 reports of news length keep the memory held small. Not yet tuned by a
# measurement: benchmarks/bench_extract.py is where to do it.
PARSE_CHUNK = 16

# Documents per store transaction: large enough that commits cost little, small enough that an
# interrupted ingest loses at most a few seconds of work.
DEFAULT_BATCH_SIZE = 50


@dataclass
class Outcome:
    """What became of one input: a document with its facts, or the reason it failed."""

    origin: str
    document: Document | None = None
    facts: DocumentFacts | None = None
    error: str | None = None
    duplicate: bool = False


@dataclass
class BatchSummary:
    """Counts of one run, and the failures with their reasons."""

    extracted: int = 0
    stored: int = 0
    already_stored: int = 0
    duplicates: int = 0
    not_english: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def record(self, outcome: Outcome) -> None:
        if outcome.duplicate:
            self.duplicates += 1
        elif outcome.error is not None:
            self.failures.append((outcome.origin, outcome.error))
        else:
            self.extracted += 1
            if outcome.facts is not None and outcome.facts.errors:
                self.not_english += 1

    @property
    def exit_code(self) -> int:
        if self.failures and not self.extracted and not self.duplicates:
            return EXIT_ALL_FAILED
        return EXIT_SOME_FAILED if self.failures else EXIT_OK

    def describe(self) -> str:
        parts = [f"{self.extracted} extracted"]
        if self.stored or self.already_stored:
            parts.append(f"{self.stored} stored, {self.already_stored} already in the store")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate(s) skipped")
        if self.not_english:
            parts.append(f"{self.not_english} not in English (kept, no facts)")
        parts.append(f"{len(self.failures)} failed")
        return ", ".join(parts)


def _extract_one(document: Document, doc: Doc | None) -> Outcome:
    origin = document.origin or document.id
    try:
        return Outcome(origin=origin, document=document, facts=extract(document, doc))
    except CrisisdeskError:
        raise  # set-up problems (no model) stop the run: every document would fail the same way
    except Exception as exc:  # one bad document must not stop the batch
        return Outcome(origin=origin, document=document, error=f"extraction failed: {exc!r}")


def extract_all(paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Outcome]:
    """Read every input and extract each document, yielding one outcome per input, in order.

    Documents are parsed a chunk at a time (``parse_many``) and extracted one by one, so a
    document that breaks an extractor fails alone."""
    items = dedupe(read_inputs(paths, max_bytes=max_bytes))
    while chunk := list(itertools.islice(items, PARSE_CHUNK)):
        documents = [item for item in chunk if isinstance(item, Document)]
        try:
            parses = dict(zip(map(id, documents), parse_many(documents), strict=True))
        except CrisisdeskError:
            raise
        except Exception:  # a parse that fails in batch is retried one by one below
            parses = {}
        for item in chunk:
            if isinstance(item, ReadError):
                yield Outcome(
                    origin=item.origin,
                    error=item.reason,
                    duplicate=item.reason.startswith("duplicate of"),
                )
            else:
                yield _extract_one(item, parses.get(id(item)))


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> BatchSummary:
    """Read, extract and store every input; idempotent (stored documents are skipped)."""
    summary = BatchSummary()
    pending: list[tuple[Document, DocumentFacts]] = []

    def flush() -> None:
        if pending:
            result = store.add(pending)
            summary.stored += result.added
            summary.already_stored += result.skipped
            pending.clear()

    for outcome in extract_all(paths, max_bytes=max_bytes):
        summary.record(outcome)
        if outcome.error is not None and not outcome.duplicate:
            store.add_failure(outcome.origin, outcome.error)
        if outcome.document is not None and outcome.facts is not None:
            pending.append((outcome.document, outcome.facts))
            if len(pending) >= batch_size:
                flush()
        if on_outcome is not None:
            on_outcome(outcome)
    flush()
    return summary
