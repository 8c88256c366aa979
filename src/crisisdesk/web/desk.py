"""The server's one hand on the store: every database call on one thread, views cached.

SQLite allows one writer at a time and its connections belong to the thread that opened them,
so a :class:`Desk` opens the store on a single worker thread and runs every read and write
there, in order (STYLE.md 11: one writer). Reconciled situations are cached per as-of day as
:class:`~crisisdesk.web.query.View` objects; adding reports bumps a generation counter and
clears the caches, so the next request reconciles again (the cache is "invalidated").

Handlers ``await`` the desk's coroutines; a cached view is returned without a thread hop, so
browsing stays fast while an upload is being extracted.

Uploaded reports are extracted in one worker process of the desk's own (started at the first
upload, then kept warm with the model loaded): there each report gets the per-document time
budget of :mod:`crisisdesk.engine.work`, which needs a process's main thread and so cannot be
enforced on the store thread, and a report that overruns fails alone with a "timed out" reason
while the server goes on (a worker stuck in native code is replaced at the engine's outer
deadline).
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from crisisdesk.batch import BatchSummary, ingest_stream
from crisisdesk.engine import DEFAULT_TIMEOUT
from crisisdesk.engine.local import PoolBackend
from crisisdesk.engine.ordered import ordered_map
from crisisdesk.engine.work import Result
from crisisdesk.errors import ReadError
from crisisdesk.reconcile import Situation, reconcile_store
from crisisdesk.records import Document
from crisisdesk.store import Store, open_store
from crisisdesk.web.query import View

T = TypeVar("T")
Reconciler = Callable[[Store, str | None], Situation]

# Situations kept per as-of day. The page's as-of slider steps through the days reports were
# published; a crisis followed for a week or two has that many steps, and one view of 10,000
# events holds about 60 MB of dicts, so 8 bounds memory while replaying a fortnight is cached.
_VIEWS_KEPT = 8
# Document texts kept for the evidence panel: a news report is 5-50 KB, so 256 is under 15 MB.
_TEXTS_KEPT = 256


def _reconcile(store: Store, as_of: str | None) -> Situation:
    return reconcile_store(store, as_of=as_of)


class UploadEngine:
    """An :class:`~crisisdesk.engine.Engine` of one worker process for uploads (see the module
    docstring): uploads are a few reports, so one warm process serves them without taking
    every core from the server, and its model is loaded once, not per request."""

    def __init__(self, timeout: float | None) -> None:
        self.timeout = timeout
        self._backend = PoolBackend(1, timeout)

    def map(self, chunks: Iterable[list[Document]]) -> Iterator[list[Result]]:
        # One chunk running and one waiting, as the engines keep per worker.
        return ordered_map(self._backend, chunks, in_flight=2, timeout=self.timeout)

    def close(self) -> None:
        """End the worker process."""
        self._backend.close(abort=False)


class Desk:
    """The store at ``db`` behind one thread (see the module docstring).

    ``reconciler`` turns the store into a situation (default :func:`reconcile_store`); tests and
    the benchmark pass their own. ``timeout`` is the extraction budget per uploaded report."""

    def __init__(
        self,
        db: str,
        *,
        reconciler: Reconciler = _reconcile,
        timeout: float | None = DEFAULT_TIMEOUT,
    ) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crisisdesk-store")
        self._reconciler = reconciler
        self._lock = threading.Lock()
        self._views: OrderedDict[str | None, View] = OrderedDict()
        self._texts: OrderedDict[str, str | None] = OrderedDict()
        self._generation = 0
        try:
            self._store = self._thread.submit(open_store, db).result()
        except BaseException:
            self._thread.shutdown(wait=False)
            raise
        self._engine = UploadEngine(timeout)

    def close(self) -> None:
        """Close the store, stop the thread (after the work already queued) and end the
        extraction worker."""
        self._thread.submit(self._store.close).result()
        self._thread.shutdown(wait=True)
        self._engine.close()

    async def _on_thread(self, work: Callable[[], T]) -> T:
        return await asyncio.wrap_future(self._thread.submit(work))

    # --- reading -----------------------------------------------------------------------------

    async def view(self, as_of: str | None = None) -> View:
        """The situation as of ``as_of`` (everything when None), from the cache if fresh."""
        with self._lock:
            cached = self._views.get(as_of)
        if cached is not None:
            return cached
        return await self._on_thread(lambda: self._build_view(as_of))

    def _build_view(self, as_of: str | None) -> View:
        """On the store thread: reconcile and cache (another request may have just done it)."""
        with self._lock:
            cached = self._views.get(as_of)
        if cached is not None:
            return cached
        view = View(self._reconciler(self._store, as_of), generation=self._generation)
        with self._lock:
            self._views[as_of] = view
            while len(self._views) > _VIEWS_KEPT:
                self._views.popitem(last=False)
        return view

    async def texts(self, doc_ids: Sequence[str]) -> dict[str, str | None]:
        """The text of each document (None for an id not in the store)."""
        with self._lock:
            known = {d: self._texts[d] for d in doc_ids if d in self._texts}
        missing = [d for d in dict.fromkeys(doc_ids) if d not in known]
        if missing:
            known.update(await self._on_thread(lambda: self._load_texts(missing)))
        return known

    def _load_texts(self, doc_ids: list[str]) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        for doc_id in doc_ids:
            try:
                found[doc_id] = self._store.document(doc_id).text
            except KeyError:
                found[doc_id] = None
        with self._lock:
            self._texts.update(found)
            while len(self._texts) > _TEXTS_KEPT:
                self._texts.popitem(last=False)
        return found

    # --- writing -----------------------------------------------------------------------------

    async def add(self, items: Sequence[Document | ReadError]) -> BatchSummary:
        """Extract and store reports (failures recorded in the store), then drop the caches."""
        return await self._on_thread(lambda: self._add(items))

    def _add(self, items: Sequence[Document | ReadError]) -> BatchSummary:
        try:
            return ingest_stream(items, self._store, self._engine)
        finally:
            with self._lock:
                self._generation += 1
                self._views.clear()
                self._texts.clear()
