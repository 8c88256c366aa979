"""Running the per-document path over many inputs: read -> extract -> (store), one outcome each.

Documents stream through in chunks: read lazily, extracted by an engine (this process, a
process pool or Ray: :mod:`crisisdesk.engine`) with a bounded number of chunks in flight, and
stored a batch per transaction, so memory does not grow with the corpus. Ingest is incremental
(a document whose content hash is stored already is not extracted again) and so resumable: what
an interrupted run committed stays, and a re-run goes on from there.

A report that gives no publication date (none in its metadata, none its text gives) is held
back, unextracted, until the others have been extracted, then extracted with the days the
feed's other reports of its crisis cite (:mod:`crisisdesk.feed`; an ingest adds the days of the
reports its store already holds): so undated reports come out last (or, in a feed with more
than ``feed.MAX_HELD`` of them, the oldest a little earlier).

A document that cannot be read or extracted becomes a failed :class:`Outcome` with its reason;
the batch always goes on. :class:`BatchSummary` counts what happened and chooses the exit code.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

from crisisdesk.engine import Engine, EngineOptions, open_engine
from crisisdesk.engine.work import Result
from crisisdesk.errors import (
    EXIT_ALL_FAILED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    ReadError,
)
from crisisdesk.extract.places import main_country
from crisisdesk.extract.published import calendar_of, estimate_publication
from crisisdesk.feed import MAX_HELD, FeedCalendar, needs_feed
from crisisdesk.read import DEFAULT_MAX_BYTES, dedupe, read_inputs
from crisisdesk.records import Document, DocumentFacts
from crisisdesk.store import Store
from crisisdesk.store.core import now

# Documents parsed together by spaCy's nlp.pipe, and the unit of work an engine's worker gets.
# spaCy's own docs recommend batching for throughput; 16 reports of news length keep the memory
# held small. Not yet tuned by a measurement: benchmarks/bench_extract.py is where to do it.
PARSE_CHUNK = 16

# Documents per store transaction: large enough that commits cost little, small enough that an
# interrupted ingest loses at most a few seconds of work.
DEFAULT_BATCH_SIZE = 50

# Which of some content hashes are stored already.
KnownHashes = Callable[[Sequence[str]], set[str]]


@dataclass
class Outcome:
    """What became of one input: a document with its facts, or the reason it failed.
    ``already_stored``: the store had its text, so it was not extracted again."""

    origin: str
    document: Document | None = None
    facts: DocumentFacts | None = None
    error: str | None = None
    duplicate: bool = False
    already_stored: bool = False


@dataclass
class BatchSummary:
    """Counts of one run, and the failures with their reasons."""

    extracted: int = 0
    stored: int = 0
    already_stored: int = 0
    duplicates: int = 0
    not_english: int = 0
    dated_later: int = 0  # reports stored undated by earlier ingests, dated by this one's feed
    failures: list[tuple[str, str]] = field(default_factory=list)

    def record(self, outcome: Outcome) -> None:
        if outcome.duplicate:
            self.duplicates += 1
        elif outcome.already_stored:
            self.already_stored += 1
        elif outcome.error is not None:
            self.failures.append((outcome.origin, outcome.error))
        else:
            self.extracted += 1
            if outcome.facts is not None and outcome.facts.errors:
                self.not_english += 1

    @property
    def exit_code(self) -> int:
        if self.failures and not (self.extracted or self.duplicates or self.already_stored):
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
        if self.dated_later:
            parts.append(f"{self.dated_later} undated report(s) stored earlier now dated")
        parts.append(f"{len(self.failures)} failed")
        return ", ".join(parts)


def _triage(item: Document | ReadError, known: set[str]) -> Outcome | Document:
    """The outcome of an input that needs no extraction (unreadable, repeated, stored), or
    the document to extract."""
    if isinstance(item, ReadError):
        return Outcome(
            origin=item.origin, error=item.reason, duplicate=item.reason.startswith("duplicate of")
        )
    if item.hash in known:
        return Outcome(origin=item.origin or item.id, document=item, already_stored=True)
    return item


def _outcome(document: Document, result: Result) -> Outcome:
    origin = document.origin or document.id
    if isinstance(result, str):
        return Outcome(origin=origin, document=document, error=result)
    return Outcome(origin=origin, document=document, facts=result)


def extract_stream(
    items: Iterable[Document | ReadError],
    engine: Engine,
    *,
    known_hashes: KnownHashes | None = None,
    calendar: FeedCalendar | None = None,
) -> Iterator[Outcome]:
    """One outcome per item: documents extracted by ``engine`` a chunk at a time (those
    whose hash ``known_hashes`` reports are skipped), read errors passed through. In input
    order, except that undated reports come last, dated by the feed (see the module docstring).

    ``calendar``: the days known before this feed (default: none).

    Lazy: items are read only as far as the engine's bounded in-flight work needs."""
    rows: deque[list[Outcome | Document]] = deque()
    calendar = calendar or FeedCalendar()
    held: list[Document] = []

    def to_extract() -> Iterator[list[Document]]:
        items_left = iter(items)
        while chunk := list(itertools.islice(items_left, PARSE_CHUNK)):
            hashes = [i.hash for i in chunk if isinstance(i, Document)]
            known = known_hashes(hashes) if known_hashes and hashes else set()
            row: list[Outcome | Document] = []
            for entry in (_triage(item, known) for item in chunk):
                if isinstance(entry, Document) and needs_feed(entry):
                    held.append(entry)
                else:
                    row.append(entry)
            rows.append(row)
            yield [d for d in row if isinstance(d, Document)]

    for results in engine.map(to_extract()):
        extracted = iter(results)
        for entry in rows.popleft():
            outcome = entry if isinstance(entry, Outcome) else _outcome(entry, next(extracted))
            if outcome.facts is not None:
                calendar.add(outcome.facts)
            yield outcome
        if len(held) > MAX_HELD:
            yield from _dated_by_feed(held[:PARSE_CHUNK], calendar, engine)
            del held[:PARSE_CHUNK]
    yield from _dated_by_feed(held, calendar, engine)


def _dated_by_feed(
    documents: list[Document], calendar: FeedCalendar, engine: Engine
) -> Iterator[Outcome]:
    """The held-back reports, extracted with the days the feed's reports cite so far."""
    days = calendar.feed_days() if documents else None
    dated = [dataclasses.replace(d, feed_days=days) for d in documents]
    chunks = (dated[i : i + PARSE_CHUNK] for i in range(0, len(dated), PARSE_CHUNK))
    results = itertools.chain.from_iterable(engine.map(chunks))
    for document, result in zip(documents, results, strict=True):
        yield _outcome(document, result)


def extract_all(
    paths: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    engine: EngineOptions | None = None,
) -> Iterator[Outcome]:
    """Read every input and extract each document, yielding one outcome per input, in order."""
    with open_engine(engine) as running:
        yield from extract_stream(dedupe(read_inputs(paths, max_bytes=max_bytes)), running)


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = DEFAULT_BATCH_SIZE,
    engine: EngineOptions | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> BatchSummary:
    """Read, extract and store every input, ``batch_size`` documents per transaction.

    Incremental and resumable: documents already stored (same content hash) are not extracted
    again, so re-running an interrupted ingest only does what is left."""
    items = dedupe(read_inputs(paths, max_bytes=max_bytes))
    with open_engine(engine) as running:
        return ingest_stream(items, store, running, batch_size=batch_size, on_outcome=on_outcome)


def ingest_stream(
    items: Iterable[Document | ReadError],
    store: Store,
    engine: Engine,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> BatchSummary:
    """:func:`ingest` over items already read, with an engine already running."""
    summary = BatchSummary()
    pending: list[tuple[Document, DocumentFacts]] = []

    def flush() -> None:
        if pending:
            result = store.add(pending)
            summary.stored += result.added
            summary.already_stored += result.skipped
            pending.clear()

    started = now()
    calendar = FeedCalendar(earlier=partial(store.crisis_days, started))
    try:
        for outcome in extract_stream(
            items, engine, known_hashes=store.known_hashes, calendar=calendar
        ):
            summary.record(outcome)
            if outcome.error is not None and not outcome.duplicate:
                store.add_failure(outcome.origin, outcome.error)
            if outcome.document is not None and outcome.facts is not None:
                pending.append((outcome.document, outcome.facts))
                if len(pending) >= batch_size:
                    flush()
            if on_outcome is not None:
                on_outcome(outcome)
    except KeyboardInterrupt:
        flush()  # keep what was extracted before the interruption
        raise
    flush()
    summary.dated_later = _date_stored(store, engine, calendar, started)
    return summary


def _date_stored(store: Store, engine: Engine, calendar: FeedCalendar, started: str) -> int:
    """Reports earlier ingests stored undated, about a country this feed brought days for,
    extracted again with the feed's days; those that get a date are stored so. How many.

    Only those the feed's days do date are extracted again (the same estimate extraction
    makes, read without parsing), so reports no feed can date are not re-extracted at every
    ingest."""
    if not calendar.countries_added:
        return 0
    feed_days = calendar.feed_days()
    documents = []
    for doc_id in store.undated(added_before=started):
        country = main_country(store.facts(doc_id).places)
        if country not in calendar.countries_added:
            continue
        document = store.document(doc_id)
        days = calendar_of(feed_days, country)
        if estimate_publication(document.text, document.url, days) is not None:
            documents.append(document)
    dated = 0
    for outcome in _dated_by_feed(documents, calendar, engine):
        if outcome.document is not None and outcome.facts and outcome.facts.published:
            store.replace_facts(outcome.document.id, outcome.facts)
            dated += 1
    return dated
