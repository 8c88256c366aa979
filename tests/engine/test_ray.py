"""The Ray engine on a real (local) Ray cluster gives the in-process facts.

The cluster is the one `.ci/setup-ray.sh` starts, found through CRISISDESK_TEST_RAY_ADDRESS;
without it these tests skip, except under CI=true where they fail. One connection serves the
whole module (the engine reuses a connection its process already has).
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from crisisdesk.engine import EngineOptions, open_engine
from crisisdesk.engine.on_ray import import_ray, is_loopback
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
    if importlib.util.find_spec("ray") is None:
        pytest.skip("Ray is not installed")
    ray = import_ray(address)  # not a bare import: Ray reads its loopback setting on import
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


def test_the_test_cluster_and_this_driver_stay_on_loopback(ray_address: str) -> None:
    ray = import_ray(ray_address)  # the module, already connected by the fixture
    assert is_loopback(ray_address)
    assert ray.util.get_node_ip_address() == "127.0.0.1"
    assert {node["NodeManagerAddress"] for node in ray.nodes()} == {"127.0.0.1"}


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        (None, True),
        ("local", True),
        ("127.0.0.1:6380", True),
        ("localhost:6380", True),
        ("[::1]:6380", True),
        ("ray://127.0.0.1:10001", True),
        ("10.1.2.3:6380", False),
        ("ray://head.example.org:10001", False),
        ("auto", False),
    ],
)
def test_loopback_addresses_are_recognised(address: str | None, loopback: bool) -> None:
    assert is_loopback(address) is loopback
