"""Scale: throughput with 1 and 2 local workers, and peak memory of streaming ingests.

Usage::

    python benchmarks/bench_scale.py [--workdir DIR] [--throughput 1000] [--ingest 10000]
                                     [--stream 100000] [--json FILE]

Corpora come from ``benchmarks/corpus.py`` (synthetic wire copy, about 270 words a report),
written once into ``--workdir``. Every measurement runs in a freshly started Python process, so
its memory is its own; in it a thread samples the resident memory of the process and all its
descendants (pool workers, the forkserver) every 0.2 s from /proc. The measurements:

1. ``extract N=1 | 2 workers``: ``crisisdesk.batch.extract_all`` over ``--throughput``
   reports with ``EngineOptions(workers=…)`` (1 = in-process), every outcome consumed; the
   time includes starting the workers and loading the model.
2. ``ingest``: ``crisisdesk.batch.ingest`` of ``--ingest`` reports into a new SQLite store with
   2 workers: read, extract, store, the path of ``crisisdesk ingest``.
3. ``stream``: the streaming ingest of ``--stream`` reports (read line by line, dedupe,
   known-hash check, chunks through an engine with bounded in-flight work, batches stored in
   SQLite) with extraction replaced by the facts' metadata shell (no NLP), then the same
   ingest again (every report already stored: nothing extracted). It measures the memory of
   the streaming machinery at that scale; the memory extraction adds per worker is measured
   by 1 and 2 and does not grow with the corpus.

Peak RSS "main" is the measuring process (``resource.getrusage``); "all" is the largest sampled
sum over the process tree (shared pages counted once per process, so an upper bound).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import corpus  # noqa: E402  (the generator beside this script)

# Seconds between memory samples: often enough to catch the peak of a run lasting minutes.
SAMPLE_SECONDS = 0.2


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in KB."""
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kb(pid)
        todo.extend(tree.get(pid, []))
    return total


class PeakSampler(threading.Thread):
    """Samples the process tree's resident memory until stopped; keeps the peak."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(SAMPLE_SECONDS):
            self.peak_kb = max(self.peak_kb, tree_rss_kb(os.getpid()))

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak_kb


class ShellEngine:
    """An engine that returns each document's metadata as its facts, without NLP."""

    def map(self, chunks: Iterable[list[Any]]) -> Iterator[list[Any]]:
        from crisisdesk.records import DocumentFacts

        for chunk in chunks:
            yield [DocumentFacts.empty(d) for d in chunk]


# --- measurements (each in its own process) -----------------------------------------------


def measure(kind: str, path: str, workers: int, db: str) -> dict[str, Any]:
    from crisisdesk import batch
    from crisisdesk.engine import EngineOptions
    from crisisdesk.read import dedupe, read_inputs
    from crisisdesk.store import open_store

    sampler = PeakSampler()
    sampler.start()
    started = time.perf_counter()
    result: dict[str, Any] = {}
    if kind == "extract":
        outcomes = failed = 0
        for outcome in batch.extract_all([path], engine=EngineOptions(workers=workers)):
            outcomes += 1
            failed += outcome.error is not None
        result = {"docs": outcomes, "failed": failed}
    elif kind == "ingest":
        with open_store(db) as store:
            summary = batch.ingest([path], store, engine=EngineOptions(workers=workers))
        result = {"docs": summary.stored, "failed": len(summary.failures)}
    elif kind == "stream":
        with open_store(db) as store:
            first = batch.ingest_stream(dedupe(read_inputs([path])), store, ShellEngine())
            result["first_seconds"] = time.perf_counter() - started
            again = batch.ingest_stream(dedupe(read_inputs([path])), store, ShellEngine())
        result |= {
            "docs": first.stored,
            "rerun_already_stored": again.already_stored,
            "failed": len(first.failures),
        }
    result["seconds"] = time.perf_counter() - started
    result["peak_all_mb"] = sampler.stop() / 1024
    result["peak_main_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def run_measure(kind: str, path: Path, workers: int, workdir: Path) -> dict[str, Any]:
    db = workdir / f"{kind}-{path.stem}-{workers}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    argv = [sys.executable, __file__, "_measure", kind, str(path), str(workers), str(db)]
    done = subprocess.run(argv, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def corpus_file(workdir: Path, count: int) -> tuple[Path, int]:
    """The corpus of ``count`` reports (written once) and its word count."""
    path = workdir / f"corpus-{count}.jsonl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            corpus.write(count, out)
    words = sum(len(json.loads(line)["text"].split()) for line in path.open(encoding="utf-8"))
    return path, words


def environment() -> dict[str, Any]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 2**20, 1),
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--throughput", type=int, default=1000)
    parser.add_argument("--ingest", type=int, default=10000)
    parser.add_argument("--stream", type=int, default=100000)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="crisisdesk-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)

    rows: list[dict[str, Any]] = []
    plan = [
        ("extract", args.throughput, 1),
        ("extract", args.throughput, 2),
        ("ingest", args.ingest, 2),
        ("stream", args.stream, 1),
    ]
    for kind, count, workers in plan:
        if not count:
            continue
        path, words = corpus_file(workdir, count)
        result = run_measure(kind, path, workers, workdir)
        rows.append({"run": kind, "reports": count, "words": words, "workers": workers, **result})
        print(_row(rows[-1]), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"environment": environment(), "runs": rows}, indent=2))
    print(json.dumps(environment()))


_EXTRA = ("first_seconds", "rerun_already_stored")


def _row(r: dict[str, Any]) -> str:
    seconds = r["seconds"]
    rate = f"{r['reports'] / seconds:8.1f} docs/s {r['words'] / seconds:9.0f} words/s"
    return (
        f"{r['run']:8} {r['reports']:>7} reports  workers {r['workers']}  {seconds:8.1f} s "
        f"{rate}  peak RSS main {r['peak_main_mb']:6.0f} MB  all {r['peak_all_mb']:6.0f} MB"
        f"  failed {r['failed']}  {json.dumps({k: r[k] for k in _EXTRA if k in r})}"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["_measure"]:
        kind, path, workers, db = sys.argv[2:6]
        print(json.dumps(measure(kind, path, int(workers), db)))
    else:
        main()
