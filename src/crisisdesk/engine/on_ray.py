"""The Ray engine: the same chunk function as Ray tasks, on a local or remote Ray cluster.

Ray is an optional extra (``pip install 'crisisdesk[ray]'``). Ray keeps a worker process per
CPU and reuses it from task to task, so the model is loaded once per worker (``warm_up`` is
cached per process). A task that misses its outer deadline is force-cancelled, which ends its
worker process; Ray starts a fresh one.

A cluster on this machine (the default, or any loopback address) is kept on loopback: see
:func:`import_ray`.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from typing import Any

from crisisdesk.engine.work import Result, run_chunk
from crisisdesk.errors import EXIT_SETUP, CrisisdeskError
from crisisdesk.records import Document


class EngineError(CrisisdeskError):
    """The chosen engine cannot run: a missing optional package or an unreachable cluster."""

    exit_code = EXIT_SETUP


# Hosts that name this machine's loopback interface in a Ray address.
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# Ray 2.x replaces a loopback node or cluster address with this machine's routable one
# (``ray._private.services.resolve_ip_for_localhost``), so its servers advertise that address
# and the GCS and raylet listen on every interface, unless multi-machine clusters are switched
# off by this variable, which Ray reads once, when it is imported. With it at "0" the GCS,
# raylet, workers and agents all bind and advertise 127.0.0.1 (checked with ``ss -ltnp``
# on Ray 2.60).
_LOOPBACK_VARIABLE = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
# Ray's usage statistics are reported to a server outside this machine unless this is "0".
_USAGE_STATS_VARIABLE = "RAY_USAGE_STATS_ENABLED"


def is_loopback(address: str | None) -> bool:
    """Whether ``address`` (None: a local cluster) is a Ray cluster on this machine's loopback."""
    if address is None or address == "local":
        return True
    host = address.split("://", 1)[-1].rsplit(":", 1)[0].strip("[]")
    return host in _LOOPBACK_HOSTS


def import_ray(address: str | None) -> Any:
    """The ``ray`` module, set up (before its first import) to keep a cluster at ``address`` on
    loopback when that address is local (see :func:`is_loopback`) and to report no usage
    statistics. Raises :class:`EngineError` when Ray is missing, or when it was imported
    earlier without the loopback setting and would use a routable address."""
    os.environ.setdefault(_USAGE_STATS_VARIABLE, "0")
    if is_loopback(address):
        os.environ.setdefault(_LOOPBACK_VARIABLE, "0")
    try:
        ray = importlib.import_module("ray")
    except ImportError as exc:
        raise EngineError(
            "--engine ray needs Ray, which is not installed: pip install 'crisisdesk[ray]'"
        ) from exc
    if is_loopback(address) and not ray.is_initialized():
        node_address = ray.util.get_node_ip_address()
        if node_address.strip("[]") not in _LOOPBACK_HOSTS:
            raise EngineError(
                f"Ray would run this machine's cluster on {node_address}, not on loopback: "
                f"set {_LOOPBACK_VARIABLE}=0 in the environment before Ray is imported"
            )
    return ray


class RayBackend:
    """Chunks as Ray tasks. Connects to ``address`` (None: a new cluster on this machine's
    loopback, stopped at the end); a connection this process already has is reused and left
    open."""

    def __init__(self, address: str | None, workers: int | None, timeout: float | None) -> None:
        self._ray = import_ray(address)
        self._owns = not self._ray.is_initialized()
        if self._owns:
            try:
                # "local" starts a private cluster; None would join the last `ray start`
                # cluster on this machine, whichever address it listens on.
                self._ray.init(address=address or "local", log_to_driver=False)
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
