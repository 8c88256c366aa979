"""The Ray engine: the same chunk function as Ray tasks, on a local or remote Ray cluster.

Ray is an optional extra (``pip install 'crisisdesk[ray]'``). Ray keeps a worker process per
CPU and reuses it from task to task, so the model is loaded once per worker (``warm_up`` is
cached per process). A task that misses its outer deadline is force-cancelled, which ends its
worker process; Ray starts a fresh one.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from crisisdesk.engine.work import Result, run_chunk
from crisisdesk.errors import EXIT_SETUP, CrisisdeskError
from crisisdesk.records import Document


class EngineError(CrisisdeskError):
    """The chosen engine cannot run: a missing optional package or an unreachable cluster."""

    exit_code = EXIT_SETUP


def _import_ray() -> Any:
    try:
        return importlib.import_module("ray")
    except ImportError as exc:
        raise EngineError(
            "--engine ray needs Ray, which is not installed: pip install 'crisisdesk[ray]'"
        ) from exc


class RayBackend:
    """Chunks as Ray tasks. Connects to ``address`` (None: a local cluster, started if none
    runs); a connection this process already has is reused and left open."""

    def __init__(self, address: str | None, workers: int | None, timeout: float | None) -> None:
        self._ray = _import_ray()
        self._owns = not self._ray.is_initialized()
        if self._owns:
            try:
                self._ray.init(address=address, log_to_driver=False)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                where = address or "a local cluster"
                raise EngineError(
                    f"cannot start or reach Ray at {where} ({exc}); start one with "
                    "`ray start --head` or check --ray-address"
                ) from exc
        self.workers = workers or max(1, int(self._ray.cluster_resources().get("CPU", 1)))
        self.timeout = timeout
        self._task = self._ray.remote(num_cpus=1, max_retries=0)(run_chunk)

    def submit(self, chunk: Sequence[Document]) -> Any:
        return self._task.remote(list(chunk), self.timeout)

    def result(self, handle: Any, timeout: float | None) -> list[Result]:
        try:
            results: list[Result] = self._ray.get(handle, timeout=timeout)
        except self._ray.exceptions.GetTimeoutError as exc:
            raise TimeoutError(str(exc)) from exc
        return results

    def replace(self, handle: Any) -> bool:
        self._ray.cancel(handle, force=True)
        return False

    def close(self, abort: bool) -> None:
        if self._owns:
            self._ray.shutdown()
