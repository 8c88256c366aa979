"""Engines on this machine: in the calling process, or a process pool over its cores."""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from crisisdesk.engine.work import Result, run_chunk, warm_up
from crisisdesk.errors import CrisisdeskError
from crisisdesk.records import Document

# forkserver: workers fork from a clean server process that has imported the extraction code
# once (no threads of the caller are inherited, unlike fork; no re-import per worker, unlike
# spawn). Each worker then loads the model itself, in its initializer.
_CONTEXT = "forkserver"
_PRELOAD = ["crisisdesk.engine.work"]


class InProcess:
    """Every chunk in the calling process, one after the other (``--workers 1``)."""

    def __init__(self, timeout: float | None) -> None:
        self.timeout = timeout

    def map(self, chunks: Iterable[list[Document]]) -> Iterator[list[Result]]:
        for chunk in chunks:
            yield run_chunk(chunk, self.timeout)


def _init_worker() -> None:
    """Pool worker set-up: leave Ctrl-C to the parent (which stops the pool), load the model
    and build the indexes once for every chunk this worker will run."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A set-up error (no model) is raised again by the first chunk, where the caller sees it.
    with contextlib.suppress(CrisisdeskError):
        warm_up()


class PoolBackend:
    """A ``concurrent.futures`` process pool of ``workers`` processes."""

    def __init__(self, workers: int, timeout: float | None) -> None:
        self.workers = workers
        self.timeout = timeout
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context(_CONTEXT)
        context.set_forkserver_preload(_PRELOAD)
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=context, initializer=_init_worker
        )

    def submit(self, chunk: Sequence[Document]) -> Future[list[Result]]:
        return self._pool.submit(run_chunk, chunk, self.timeout)

    def result(self, handle: Future[list[Result]], timeout: float | None) -> list[Result]:
        return handle.result(timeout)

    def replace(self, handle: Future[list[Result]]) -> bool:
        # A process pool cannot lose one worker and go on (it is then "broken"): replace them all.
        self._kill()
        self._pool = self._start()
        return True

    def _kill(self) -> None:
        # The executor keeps its worker processes in ``_processes`` (CPython, every version
        # since 3.2); terminate_workers() only arrives in Python 3.14.
        for process in list(self._pool._processes.values()):
            process.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def close(self, abort: bool) -> None:
        if abort:
            self._kill()
        else:
            self._pool.shutdown(wait=True)
