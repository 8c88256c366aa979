"""Engines: where the per-document extraction runs — in this process, a process pool over
this machine's cores (the default), or a Ray cluster. Results are the same whichever runs,
in input order.

:func:`open_engine` takes one :class:`EngineOptions` and yields an :class:`Engine`, whose
``map`` turns chunks of documents into their results (facts, or a failure reason, per
document). Every engine runs :func:`crisisdesk.engine.work.run_chunk`; the pool and Ray keep a
bounded number of chunks in flight (:mod:`crisisdesk.engine.ordered`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from crisisdesk.engine.local import InProcess, PoolBackend
from crisisdesk.engine.on_ray import EngineError, RayBackend
from crisisdesk.engine.ordered import ordered_map
from crisisdesk.engine.work import Result
from crisisdesk.records import Document

__all__ = ["DEFAULT_TIMEOUT", "ENGINES", "Engine", "EngineError", "EngineOptions", "open_engine"]

ENGINES = ("local", "ray")

# Seconds one document may take. A news report takes 0.1-0.5 s; spaCy's longest accepted text
# (1,000,000 characters, about 170,000 words) takes about 35 s at the ~5,000 words/s measured on
# the 2-core benchmark machine; 60 s lets that through and stops a runaway document.
DEFAULT_TIMEOUT = 60.0

# Chunks submitted per worker: one running and one waiting, so no worker idles between chunks
# while reading stays at most two chunks per worker ahead of extraction.
CHUNKS_PER_WORKER = 2


def available_cores() -> int:
    """CPU cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@dataclass(frozen=True)
class EngineOptions:
    """Which engine runs extraction and how.

    ``workers``: processes (local) or concurrent tasks (ray); None = every core (local) or
    every CPU of the cluster (ray); 1 with ``local`` runs in this process, with no pool.
    ``timeout``: seconds per document (None: no limit). ``ray_address``: the cluster to join
    (None: a local one)."""

    kind: str = "local"
    workers: int | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    ray_address: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ENGINES:
            raise EngineError(f"unknown engine {self.kind!r}; choose one of {', '.join(ENGINES)}")
        if self.workers is not None and self.workers < 1:
            raise EngineError(f"workers must be at least 1, not {self.workers}")
        if self.timeout is not None and self.timeout <= 0:
            raise EngineError(f"the timeout must be positive, not {self.timeout}")


class Engine(Protocol):
    """Turns chunks of documents into their results, chunk by chunk, in order."""

    def map(self, chunks: Iterable[list[Document]]) -> Iterator[list[Result]]: ...


class _Distributed:
    """An engine over a :class:`~crisisdesk.engine.ordered.Backend` (process pool or Ray)."""

    def __init__(self, backend: Any, timeout: float | None) -> None:
        self.backend = backend
        self.timeout = timeout

    def map(self, chunks: Iterable[list[Document]]) -> Iterator[list[Result]]:
        in_flight = CHUNKS_PER_WORKER * self.backend.workers
        return ordered_map(self.backend, chunks, in_flight=in_flight, timeout=self.timeout)


@contextmanager
def open_engine(options: EngineOptions | None = None) -> Iterator[Engine]:
    """The engine ``options`` describe, stopped (its workers ended) when the block exits."""
    options = options or EngineOptions()
    if options.kind == "local" and (options.workers or available_cores()) == 1:
        yield InProcess(options.timeout)
        return
    backend: PoolBackend | RayBackend
    if options.kind == "ray":
        backend = RayBackend(options.ray_address, options.workers, options.timeout)
    else:
        backend = PoolBackend(options.workers or available_cores(), options.timeout)
    try:
        yield _Distributed(backend, options.timeout)
    except BaseException:
        backend.close(abort=True)
        raise
    backend.close(abort=False)
