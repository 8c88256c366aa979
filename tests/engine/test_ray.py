"""The Ray engine on a real (local) Ray cluster gives the in-process facts.

The cluster is the one `.ci/setup-ray.sh` starts, found through CRISISDESK_TEST_RAY_ADDRESS;
without it these tests skip, except under CI=true where they fail. One connection serves the
whole module (the engine reuses a connection its process already has).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from crisisdesk.engine import EngineOptions, open_engine
from tests.engine.corpora import BUDGET, DEMO, facts_of, slow_chunk

ADDRESS_VARIABLE = "CRISISDESK_TEST_RAY_ADDRESS"


@pytest.fixture(scope="module")
def ray_address() -> Iterator[str]:
    address = os.environ.get(ADDRESS_VARIABLE)
    if not address:
        message = f"no Ray cluster for the tests: run .ci/setup-ray.sh (sets {ADDRESS_VARIABLE})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    ray = pytest.importorskip("ray")
    ray.init(address=address, log_to_driver=False)
    yield address
    ray.shutdown()


def test_ray_and_in_process_give_identical_facts(ray_address: str, shared_dir: Path) -> None:
    paths = [DEMO, str(shared_dir / "seeds")]
    on_ray = facts_of(paths, EngineOptions(kind="ray", ray_address=ray_address))
    assert len(on_ray) == 12 and all(o["facts"] for o in on_ray)
    assert on_ray == facts_of(paths, EngineOptions(workers=1))


def test_a_document_over_its_time_budget_fails_alone_on_ray(ray_address: str) -> None:
    with open_engine(EngineOptions(kind="ray", ray_address=ray_address, timeout=BUDGET)) as engine:
        [results] = list(engine.map([slow_chunk()]))
    assert [isinstance(r, str) for r in results] == [False, True, False]
