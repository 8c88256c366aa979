"""Two ingests writing into one store at once lose nothing and duplicate nothing.

Each writer has its own connection (as two `crisisdesk ingest` processes would) and adds
overlapping batches in the same and in opposite orders, with the same texts under other ids
and other texts under the same ids, so that the writers wait on each other's rows (and, on
PostgreSQL, can deadlock and have to run a batch again).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from crisisdesk.records import Document, DocumentFacts
from crisisdesk.store import AddResult, open_store
from tests.factories import sample

Pair = tuple[Document, DocumentFacts]
_BATCH = 5


def _report(n: int) -> str:
    return f"Guards held {n} marchers near the river gate on Sunday, a union leader said."


def _writers() -> tuple[list[Pair], list[Pair]]:
    """Two writers' inputs: texts 0-59 in the same order (so that they meet on every batch),
    20-49 again in opposite orders, text k of 60-69 under id dup<k> (first) and id copy<k>
    (second), and under ids clash<k> a different text each."""
    first = [sample(f"r{n}", _report(n)) for n in range(60)]
    second = [sample(f"r{n}", _report(n)) for n in range(60)]
    first += first[20:50]
    second += second[49:19:-1]
    for k in range(60, 70):
        first.append(sample(f"dup{k}", _report(k)))
        second.insert(0, sample(f"copy{k}", _report(k)))
        first.insert(k % 7, sample(f"clash{k}", f"Curfew declared in district {k}."))
        second.append(sample(f"clash{k}", f"Curfew lifted in district {k}."))
    return first, second


def _ingest(address: str, pairs: list[Pair], start: threading.Barrier) -> list[AddResult]:
    with open_store(address) as store:
        start.wait()
        return [store.add(pairs[i : i + _BATCH]) for i in range(0, len(pairs), _BATCH)]


def test_concurrent_ingests_lose_and_duplicate_nothing(address: str) -> None:
    open_store(address).close()  # the schema exists before the race (both would create it)
    inputs = _writers()
    start = threading.Barrier(len(inputs))
    with ThreadPoolExecutor(len(inputs)) as pool:
        runs = list(pool.map(lambda pairs: _ingest(address, pairs, start), inputs))
    results = [r for run in runs for r in run]

    texts = {document.hash: document for pairs in inputs for document, _ in pairs}
    submitted = sum(len(pairs) for pairs in inputs)
    assert sum(r.added for r in results) == len(texts) == 90
    assert sum(r.added + r.skipped for r in results) == submitted
    with open_store(address, must_exist=True) as store:
        rows = store.documents()
        assert sorted(r["hash"] for r in rows) == sorted(texts)  # every text once
        counts = store.row_counts()
        assert counts["documents"] == counts["events"] == counts["claims"] == len(texts)
        assert store.integrity_check() == "ok"
        stored_ids = {r["hash"]: r["id"] for r in rows}
        for hash_, document in texts.items():
            if document.id.startswith("clash"):  # one of the two texts was renamed
                assert stored_ids[hash_] in (document.id, f"{document.id}~{hash_[:8]}")
            assert store.facts(stored_ids[hash_]).events == sample(document.id)[1].events
        for k in range(60, 70):
            clash = [i for i in stored_ids.values() if i.split("~")[0] == f"clash{k}"]
            assert len(clash) == 2 and f"clash{k}" in clash
        renamed = [pair for r in results for pair in r.renamed]
        assert len(renamed) == 10


def test_concurrent_openers_create_the_schema_once(address: str) -> None:
    start = threading.Barrier(3)

    def open_and_add(n: int) -> int:
        start.wait()
        with open_store(address) as store:
            return store.add([sample(f"o{n}", _report(100 + n))]).added

    with ThreadPoolExecutor(3) as pool:
        assert sum(pool.map(open_and_add, range(3))) == 3
    with open_store(address, must_exist=True) as store:
        assert store.row_counts()["documents"] == 3
