"""Running chunks on a pool of workers: bounded in-flight work, results in input order, and an
outer deadline that replaces a worker stuck beyond any time budget.

Shared by the process pool and Ray: each supplies a :class:`Backend` (submit a chunk, wait for
its results, replace the worker of a chunk that overran). :func:`ordered_map` keeps at most
``in_flight`` chunks submitted, so reading never runs far ahead of extraction and memory stays
bounded whatever the corpus size.

The outer deadline backs up the per-document timer of :mod:`crisisdesk.engine.work`, which
cannot interrupt native code that never returns to Python. A chunk that misses it is run
again one document per chunk, so only the document that hangs is reported as timed out.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, Protocol, TypeVar

from crisisdesk.engine.work import Result, over_budget
from crisisdesk.records import Document

H = TypeVar("H")

# Seconds the outer deadline adds to twice a chunk's time budget (a batch parse and then the
# extractions may each use the budget). It covers starting a replacement worker, which loads the
# model and builds the gazetteer indexes: about 5 s on the 2-core benchmark machine
# (docs/benchmarks.md); 60 s leaves room for slower machines and a busy Ray scheduler.
OUTER_GRACE_SECONDS = 60.0


class Backend(Protocol[H]):
    """Where chunks run: a process pool or a Ray cluster."""

    def submit(self, chunk: Sequence[Document]) -> H:
        """Start extracting ``chunk``; the handle is waited on with :meth:`result`."""

    def result(self, handle: H, timeout: float | None) -> list[Result]:
        """The chunk's results; raises ``TimeoutError`` after ``timeout`` seconds."""

    def replace(self, handle: H) -> bool:
        """Stop the work of ``handle`` by replacing its worker; True when other submitted work
        was lost with it (and must be submitted again)."""


def outer_deadline(size: int, timeout: float | None) -> float | None:
    """Seconds to wait for a chunk of ``size`` documents before replacing its worker."""
    return None if timeout is None else 2 * timeout * size + OUTER_GRACE_SECONDS


class _Run(Generic[H]):
    def __init__(self, backend: Backend[H], timeout: float | None) -> None:
        self.backend = backend
        self.timeout = timeout
        self.pending: deque[tuple[list[Document], H | None]] = deque()

    def submit(self, chunk: list[Document]) -> tuple[list[Document], H | None]:
        return chunk, (self.backend.submit(chunk) if chunk else None)

    def wait(self, chunk: list[Document], handle: H | None) -> list[Result]:
        """The chunk's results; if it misses its deadline, its worker is replaced and it runs
        again one document at a time."""
        if handle is None:
            return []
        try:
            return self.backend.result(handle, outer_deadline(len(chunk), self.timeout))
        except TimeoutError:
            if self.backend.replace(handle):
                self.pending = deque(self.submit(c) for c, _ in self.pending)
        if len(chunk) == 1:
            return [over_budget(self.timeout or 0.0)]
        return [result for d in chunk for result in self.wait(*self.submit([d]))]


def ordered_map(
    backend: Backend[H],
    chunks: Iterable[list[Document]],
    *,
    in_flight: int,
    timeout: float | None,
) -> Iterator[list[Result]]:
    """The results of every chunk, in order, with at most ``in_flight`` chunks submitted."""
    run = _Run(backend, timeout)
    source = iter(chunks)
    while True:
        while len(run.pending) < in_flight and (chunk := next(source, None)) is not None:
            run.pending.append(run.submit(chunk))
        if not run.pending:
            return
        yield run.wait(*run.pending.popleft())
