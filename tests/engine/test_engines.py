"""Engines: the process pool gives the in-process facts, time budgets fail one document alone,
and the ordered, bounded map survives a worker that hangs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from crisisdesk.engine import EngineError, EngineOptions, open_engine
from crisisdesk.engine.ordered import ordered_map
from crisisdesk.engine.work import Result, run_chunk
from crisisdesk.records import Document
from tests.engine.corpora import BUDGET, DEMO, SHORT, facts_of, slow_chunk


def test_pool_and_in_process_give_identical_facts(shared_dir: Path) -> None:
    paths = [DEMO, str(shared_dir / "seeds")]
    in_process = facts_of(paths, EngineOptions(workers=1))
    assert len(in_process) == 12 and all(o["facts"] for o in in_process)
    assert facts_of(paths, EngineOptions(workers=2)) == in_process


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_over_its_time_budget_fails_alone(workers: int) -> None:
    options = EngineOptions(workers=workers, timeout=BUDGET)
    with open_engine(options) as engine:
        [results] = list(engine.map([slow_chunk()]))
    first, huge, last = results
    assert not isinstance(first, str) and first.events
    assert isinstance(huge, str) and huge.startswith("timed out") and "--timeout" in huge
    assert not isinstance(last, str) and last.id == "b"


def test_without_a_budget_the_chunk_function_matches_extract() -> None:
    documents = [Document(id="x", text=SHORT, language="en", published="2023-05-12")]
    [result] = run_chunk(documents, None)
    assert not isinstance(result, str) and result.published == "2023-05-12"


def test_bad_options_are_named_errors() -> None:
    with pytest.raises(EngineError, match="unknown engine"):
        EngineOptions(kind="spark")
    with pytest.raises(EngineError, match="at least 1"):
        EngineOptions(workers=0)


class HangingBackend:
    """A fake pool: chunks holding a document named "hang" never finish; replacing the
    worker loses every other submitted chunk, as a broken process pool does."""

    workers = 2

    def __init__(self) -> None:
        self.generation = 0
        self.replaced = 0
        self.submitted = 0

    def submit(self, chunk: Sequence[Document]) -> tuple[int, list[Document]]:
        self.submitted += 1
        return self.generation, list(chunk)

    def result(self, handle: tuple[int, list[Document]], timeout: float | None) -> list[Result]:
        generation, chunk = handle
        assert generation == self.generation, "work lost with a replaced pool was not resent"
        if any(d.id == "hang" for d in chunk):
            raise TimeoutError
        return [f"done {d.id}" for d in chunk]

    def replace(self, handle: tuple[int, list[Document]]) -> bool:
        self.replaced += 1
        self.generation += 1
        return True


def _docs(*names: str) -> list[Document]:
    return [Document(id=n, text=f"text {n}") for n in names]


def test_a_hanging_document_costs_its_worker_and_only_its_own_result() -> None:
    backend = HangingBackend()
    chunks = [_docs("a", "hang", "b"), _docs("c"), [], _docs("d", "e")]
    results = list(ordered_map(backend, chunks, in_flight=3, timeout=1.0))
    assert results[0][0] == "done a" and results[0][2] == "done b"
    assert results[0][1].startswith("timed out")
    assert results[1:] == [["done c"], [], ["done d", "done e"]]
    assert backend.replaced == 2  # the chunk, then the hanging document on its own


def test_the_map_keeps_a_bounded_number_of_chunks_in_flight() -> None:
    backend = HangingBackend()
    pulled = 0

    def endless() -> Iterator[list[Document]]:
        nonlocal pulled
        while True:
            pulled += 1
            yield _docs(str(pulled))

    results = ordered_map(backend, endless(), in_flight=4, timeout=None)
    assert next(results) == ["done 1"]
    assert pulled == 4 and backend.submitted == 4


def test_ray_engine_names_the_extra_when_ray_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def no_ray(name: str, *args: object) -> object:
        if name == "ray":
            raise ImportError("No module named 'ray'")
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib, "import_module", no_ray)
    with (
        pytest.raises(EngineError, match=r"pip install 'crisisdesk\[ray\]'"),
        open_engine(EngineOptions(kind="ray")),
    ):
        pass
