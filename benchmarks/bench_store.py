"""Query latency of the store on SQLite and PostgreSQL, with 10k documents' worth of facts.

Usage::

    python benchmarks/bench_store.py [--docs 10000] [--repeat 5] [--postgres URL] [--json FILE]

Synthetic facts (no extraction: this measures the store alone): every document has 5 events,
5 claims, 4 places, 3 actors and 2 labels drawn from small vocabularies with a fixed seed, spread
over 90 days and 20 sources. Each backend gets an empty store (a file in a temporary folder; a
new schema in the PostgreSQL database, dropped afterwards), the documents are added in batches
of :data:`BATCH` (as ``ingest`` does), then each query runs ``--repeat`` times after one warm-up
run; the table gives the median and the slowest time and the rows returned. PostgreSQL is
measured when ``--postgres`` or CRISISDESK_TEST_POSTGRES names a server, and skipped otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from crisisdesk.records import Actor, Claim, Document, DocumentFacts, Event, Label, Place
from crisisdesk.store import Store, open_store

BATCH = 200  # documents per transaction (batch.py's default order of magnitude)
SEED = 11
KINDS = ("peaceful_protest", "arrests", "armed_clash", "attack", "curfew", "looting")
MEASURES = ("killed", "injured", "arrested", "participants", "missing")
PLACES = ("North Harbour", "Eastgate", "Riverside", "Old Town", "Port Lowe", "Hillcrest")
SOURCES = (*(f"Outlet {n}" for n in range(19)), "Wire Service")


def _day(rnd: random.Random) -> str:
    return f"2031-{rnd.randint(1, 3):02d}-{rnd.randint(1, 28):02d}"


def synthetic(n_docs: int) -> Iterator[tuple[Document, DocumentFacts]]:
    """``n_docs`` documents with their invented facts, the same for the same count."""
    rnd = random.Random(SEED)
    for i in range(n_docs):
        text = f"Synthetic report {i}: " + " ".join(rnd.choice(PLACES) for _ in range(40))
        source = rnd.choice(SOURCES)
        document = Document(id=f"doc{i:06d}", text=text, source=source, published=_day(rnd),
                            language="en", origin=f"feed.jsonl:{i}")
        place = rnd.choice(PLACES)
        facts = DocumentFacts(
            id=document.id, source=source, url=None, title=f"Report {i}",
            published=document.published, published_estimated=False, language="en",
            hash=document.hash,
            places=[Place(p, p, "XX", "city", 1.0, 2.0, 1000 + k, k * 10, k * 10 + 5)
                    for k, p in enumerate(rnd.sample(PLACES, 4))],
            events=[Event(rnd.choice(KINDS), "Protests", "Peaceful protest", "quote", k, k + 9,
                          date=_day(rnd), date_precision=1, location=place, lat=1.0, lon=2.0,
                          actors=["protesters", "police"]) for k in range(5)],
            claims=[Claim(rnd.choice(MEASURES), float(rnd.randint(1, 500)), "at_least", "quote",
                          k, k + 9, who="protesters", attributed_to="officials",
                          location=place, as_of=_day(rnd)) for k in range(5)],
            actors=[Actor(a, a.lower(), "group") for a in ("Police", "Army", "Union")],
            labels=[Label("protesters", "rioters", 0, 7),
                    Label("security_forces", "police", 9, 15)],
        )
        yield document, facts


def queries(hashes: list[str], doc: str) -> dict[str, Callable[[Store], int]]:
    """The timed queries: name -> function returning how many rows it got."""
    return {
        "events, all": lambda s: len(s.events()),
        "events, kind": lambda s: len(s.events(kind="arrests")),
        "events, kind + one week": lambda s: len(
            s.events(kind="arrests", since="2031-02-01", until="2031-02-07")),
        "events, source substring": lambda s: len(s.events(source="wire")),
        "events, place substring": lambda s: len(s.events(place="harbour")),
        "events, one document": lambda s: len(s.events(doc=doc)),
        "claims, all": lambda s: len(s.claims()),
        "claims, measure": lambda s: len(s.claims(measure="killed")),
        "claims, measure + one week": lambda s: len(
            s.claims(measure="killed", since="2031-02-01", until="2031-02-07")),
        "claims, one document": lambda s: len(s.claims(doc=doc)),
        "known_hashes, 500": lambda s: len(s.known_hashes(hashes)),
    }


def measure(address: str, n_docs: int, repeat: int) -> dict[str, Any]:
    """Fill an empty store at ``address`` and time every query on it."""
    with open_store(address) as store:
        started = time.perf_counter()
        pending: list[tuple[Document, DocumentFacts]] = []
        hashes: list[str] = []
        for pair in synthetic(n_docs):
            pending.append(pair)
            if len(hashes) < 250:
                hashes.append(pair[0].hash)
            if len(pending) == BATCH:
                store.add(pending)
                pending.clear()
        store.add(pending)
        load = time.perf_counter() - started
        hashes += [f"{n:064x}" for n in range(500 - len(hashes))]  # half of them unknown
        results: dict[str, Any] = {"load_s": round(load, 2), "docs_per_s": round(n_docs / load),
                                   "rows": store.row_counts(), "queries": {}}
        for name, run in queries(hashes, f"doc{n_docs // 2:06d}").items():
            run(store)  # warm-up: caches, query plans
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                rows = run(store)
                times.append(time.perf_counter() - t0)
            results["queries"][name] = {"rows": rows, "median_ms": statistics.median(times) * 1e3,
                                        "max_ms": max(times) * 1e3}
    return results


def postgres_schema(url: str) -> tuple[str, Callable[[], None]]:
    """A new, empty schema in the database at ``url``: its store address and a dropper."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")

    def drop() -> None:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")

    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}", drop


def table(results: dict[str, dict[str, Any]]) -> str:
    """The results as a Markdown table, one row per query, two columns per backend."""
    backends = list(results)
    head = "| query | rows | " + " | ".join(f"{b} median ms | {b} max ms" for b in backends)
    lines = [head + " |", "|---|---:|" + "---:|---:|" * len(backends)]
    first = results[backends[0]]["queries"]
    for name in first:
        cells = [f"{results[b]['queries'][name][k]:.1f}" for b in backends
                 for k in ("median_ms", "max_ms")]
        lines.append(f"| {name} | {first[name]['rows']} | " + " | ".join(cells) + " |")
    loads = ", ".join(f"{b} {results[b]['docs_per_s']} docs/s" for b in backends)
    lines.append(f"\nLoading ({BATCH} documents per transaction): {loads}.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("CRISISDESK_TEST_POSTGRES"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)

    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as folder:
        results["SQLite"] = measure(str(Path(folder) / "bench.db"), args.docs, args.repeat)
    if args.postgres:
        address, drop = postgres_schema(args.postgres)
        try:
            results["PostgreSQL"] = measure(address, args.docs, args.repeat)
        finally:
            drop()
    else:
        print("PostgreSQL skipped: give --postgres URL or set CRISISDESK_TEST_POSTGRES",
              file=sys.stderr)
    print(f"{args.docs} documents; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}\n")
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps({"docs": args.docs, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
