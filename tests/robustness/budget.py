"""Running a call in a worker process with a time budget, so that a hang fails a test instead
of stalling the suite (a regex stuck in C code ignores ``signal.alarm``; a process can be
killed).

One worker per test module, forked once (``fork``: it inherits what the parent loaded, the
spaCy pipeline included), reused for every call; a call over budget kills it and a fresh one
serves the next test.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

R = TypeVar("R")


class OverBudget(AssertionError):
    """A call did not finish within its budget."""


class Worker:
    """A one-process pool that runs calls with a budget and is replaced after a hang."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        return self._pool

    def run(self, budget: float, fn: Callable[..., R], *args: Any) -> R:
        """``fn(*args)`` in the worker; OverBudget naming the input if it takes longer."""
        future = self._executor().submit(fn, *args)
        try:
            return future.result(timeout=budget)
        except FutureTimeout:
            self.close(kill=True)
            shown = ", ".join(_short(a) for a in args)
            raise OverBudget(f"{fn.__name__}({shown}) still running after {budget:g} s") from None

    def close(self, kill: bool = False) -> None:
        if self._pool is None:
            return
        if kill:
            for process in list(self._pool._processes.values()):  # only way to stop a hung call
                process.kill()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:60]}… ({len(text):,} chars)"
