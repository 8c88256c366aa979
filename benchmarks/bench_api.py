"""API latency at 10,000 events: listing and filtering must answer in under 200 ms.

A synthetic situation (10,000 events over 2,000 documents, 30 days, 40 places, every kind)
is served through the real application (FastAPI test client, no socket); the store is a
throw-away SQLite file, reconciliation is replaced by the synthetic situation. Each query is
timed over several runs after a warm-up (the first request reconciles and caches); the median
is printed. Run: ``python benchmarks/bench_api.py``.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

from crisisdesk.reconcile.situation import DocumentEntry, Mention, Situation, SituationEvent
from crisisdesk.vocab import EVENT_KINDS
from crisisdesk.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EVENTS = 10_000
DOCUMENTS = 2_000
BUDGET_MS = 200.0
RUNS = 7


def synthetic(as_of: str | None) -> Situation:
    rng = random.Random(7)
    kinds = list(EVENT_KINDS)
    documents = [
        DocumentEntry(id=f"d{i}", title=f"Report {i}", source=f"Outlet {i % 25}",
                      published=f"2024-03-{1 + i % 30:02d}")
        for i in range(DOCUMENTS)
    ]
    events = []
    for i in range(EVENTS):
        docs = sorted({f"d{rng.randrange(DOCUMENTS)}" for _ in range(rng.randint(1, 4))})
        events.append(SituationEvent(
            id=f"ev-{i:05d}", kind=kinds[i % len(kinds)], acled_event_type="Protests",
            acled_sub_event_type="Peaceful protest", date=f"2024-03-{1 + i % 30:02d}",
            location=f"Town {i % 40}", lat=rng.uniform(-40, 60), lon=rng.uniform(-120, 150),
            sources=docs, independent_sources=len(docs),
            mentions=[Mention(doc=d, quote="Crowds gathered in the square", start=0, end=30)
                      for d in docs],
            country="XX",
        ))
    return Situation(documents=documents, events=events, as_of=as_of)


QUERIES = {
    "list first page (1,000)": "/api/events",
    "list all 10,000": "/api/events?limit=10000",
    "filter kind": "/api/events?kind=protest&kind=arrests&limit=10000",
    "filter dates": "/api/events?since=2024-03-10&until=2024-03-12&limit=10000",
    "filter place": "/api/events?place=town%2017&limit=10000",
    "filter source": "/api/events?source=outlet%203&limit=10000",
    "filter all at once": "/api/events?kind=protest&since=2024-03-05&place=town&source=outlet",
}


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(str(Path(folder) / "bench.db"),
                         reconciler=lambda _store, as_of: synthetic(as_of))
        with TestClient(app) as client:
            assert client.get("/api/events?limit=1").json()["total"] == EVENTS  # warm-up
            slow = []
            for name, path in QUERIES.items():
                times = []
                for _ in range(RUNS):
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200
                median = statistics.median(times)
                total = response.json()["total"]
                print(f"{name:28} {median:7.1f} ms  ({total} matches)")
                if median > BUDGET_MS:
                    slow.append(name)
    if slow:
        print(f"over {BUDGET_MS:.0f} ms: {', '.join(slow)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
