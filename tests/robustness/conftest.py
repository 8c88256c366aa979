"""Fixtures of the robustness tests: a worker process with a time budget per call."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.robustness.budget import Worker


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    pool = Worker()
    yield pool
    pool.close()
