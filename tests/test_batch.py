"""Streaming ingest: lazy reading, incremental re-runs, and resuming after an interruption."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from crisisdesk import batch
from crisisdesk.engine import EngineOptions, open_engine
from crisisdesk.errors import EXIT_OK, ReadError
from crisisdesk.records import Document
from crisisdesk.store import open_store

IN_PROCESS = EngineOptions(workers=1)
PLACES = ["Valdora", "Port Amsel", "Kerrow", "Tessin", "Brannock", "Ostrava Nova"]


def _feed(tmp_path: Path, count: int) -> Path:
    """A JSON Lines feed of ``count`` short, distinct reports."""
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps(
            {
                "id": f"r{n}",
                "text": f"Police arrested {n + 3} protesters in {PLACES[n % len(PLACES)]} on "
                f"Tuesday, officials said. Report number {n}.",
                "published": "2023-09-12",
            }
        )
        for n in range(count)
    ]
    feed.write_text("\n".join(lines) + "\n")
    return feed


@pytest.mark.parametrize(
    ("published", "read_at_most"),
    [
        ("2023-09-12", batch.PARSE_CHUNK),
        # undated reports wait for the feed's days, a bounded number of them
        (None, batch.MAX_HELD + 2 * batch.PARSE_CHUNK),
    ],
)
def test_extraction_reads_only_as_far_as_it_has_extracted(
    published: str | None, read_at_most: int
) -> None:
    pulled = 0

    def endless() -> Iterator[Document | ReadError]:
        nonlocal pulled
        while True:
            pulled += 1
            yield Document(id=f"d{pulled}", text=f"Crowds gathered in Kerrow, day {pulled}.",
                           published=published)

    with open_engine(IN_PROCESS) as engine:
        first = next(batch.extract_stream(endless(), engine))
    assert first.facts is not None and first.facts.id == "d1"
    assert pulled <= read_at_most


def test_a_re_run_extracts_nothing_already_stored(tmp_path: Path) -> None:
    feed = _feed(tmp_path, 5)
    with open_store(tmp_path / "s.db") as store:
        first = batch.ingest([str(feed)], store, engine=IN_PROCESS)
        assert (first.extracted, first.stored) == (5, 5)
        again = batch.ingest([str(feed)], store, engine=IN_PROCESS)
    assert (again.extracted, again.stored, again.already_stored) == (0, 0, 5)
    assert again.exit_code == EXIT_OK


@pytest.mark.parametrize("workers", [1, 2])
def test_an_interrupted_ingest_keeps_its_work_and_a_re_run_finishes_it(
    tmp_path: Path, workers: int
) -> None:
    feed = _feed(tmp_path, 40)
    db = tmp_path / "s.db"
    seen = 0

    def interrupt_after_seven(_: batch.Outcome) -> None:
        nonlocal seen
        seen += 1
        if seen == 7:
            raise KeyboardInterrupt

    with open_store(db) as store, pytest.raises(KeyboardInterrupt):
        batch.ingest(
            [str(feed)],
            store,
            batch_size=3,
            engine=EngineOptions(workers=workers),
            on_outcome=interrupt_after_seven,
        )
    with open_store(db) as store:
        assert store.row_counts()["documents"] == 7
        rest = batch.ingest([str(feed)], store, engine=IN_PROCESS)
        assert (rest.already_stored, rest.extracted, rest.stored) == (7, 33, 33)
        assert store.row_counts()["documents"] == 40
        assert sorted(d["id"] for d in store.documents()) == sorted(f"r{n}" for n in range(40))
