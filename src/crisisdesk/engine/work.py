"""The work every engine runs: extract a chunk of documents, each within a time budget.

This module is what crosses a process or cluster boundary: :func:`run_chunk` is a plain,
importable function of plain records (documents in; per document its facts, or the reason it
failed, out), so a process pool and Ray run it unchanged. The per-document function is
:func:`crisisdesk.extract.extract`, fed by one batched :func:`crisisdesk.extract.parse_many`.

The time budget is a ``SIGALRM`` timer (``signal.setitimer``): where it fires, the running
Python code raises :class:`BudgetExceeded`, which ends that document's extraction only. The
timer works in a process's main thread on POSIX, which is where pool workers, Ray workers and
the CLI run documents; elsewhere (a thread, Windows) the budget is not enforced here, and the
engines' outer deadline (see :mod:`crisisdesk.engine.ordered`) is the only guard.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from types import FrameType

from spacy.tokens import Doc

from crisisdesk.errors import CrisisdeskError
from crisisdesk.extract import extract, parse_many
from crisisdesk.records import Document, DocumentFacts

# What extraction makes of one document: its facts, or why it failed (a sentence for a human).
Result = DocumentFacts | str

# A short report in the shape of the news the pipeline reads, processed once per process before
# any budgeted work so that lazily built resources (the spaCy model, gazetteer indexes, compiled
# patterns) are ready and a first document is not charged for building them.
_WARM_UP = Document(
    id="warm-up",
    text=(
        "Police detained more than 40 protesters in the capital on Monday, the interior "
        "ministry said. At least two people were killed in clashes in the northern region."
    ),
    published="2020-01-06",
    language="en",
)


class BudgetExceeded(BaseException):
    """Raised inside a document's extraction when its time budget runs out.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception`` inside an
    extractor can swallow it."""


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Load the model and build every lazy index in this process (once; later calls are free)."""
    extract(_WARM_UP)


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise BudgetExceeded


def _can_time() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the block if it runs longer than ``seconds``
    (None: no limit; also no limit where a timer cannot be set, see the module docstring)."""
    if seconds is None or not _can_time():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def over_budget(timeout: float) -> str:
    """The failure reason of a document that ran out of time."""
    return f"timed out: extraction took longer than {timeout:g} s (raise it with --timeout)"


def _extract_one(document: Document, parse: Doc | None, timeout: float | None) -> Result:
    try:
        with time_budget(timeout):
            return extract(document, parse)
    except CrisisdeskError:
        raise  # set-up problems (no model) stop the run: every document would fail the same way
    except BudgetExceeded:
        return over_budget(timeout or 0.0)
    except Exception as exc:  # one bad document must not stop the batch
        return f"extraction failed: {exc!r}"


def run_chunk(documents: Sequence[Document], timeout: float | None) -> list[Result]:
    """Extract each document (one result each, in order), ``timeout`` seconds at most per
    document (None: no limit).

    The chunk is parsed in one ``nlp.pipe`` call, given ``timeout`` per document in all; if
    that batch parse fails or overruns, each document is parsed again on its own, within its
    own budget, so one pathological document fails alone."""
    warm_up()
    try:
        with time_budget(None if timeout is None else timeout * len(documents)):
            parses = parse_many(documents)
    except CrisisdeskError:
        raise
    except (Exception, BudgetExceeded):  # redone one by one below
        parses = [None for _ in documents]
    return [_extract_one(d, p, timeout) for d, p in zip(documents, parses, strict=True)]
