"""Web fixtures: a store built from the seeds once per module, and the app served on loopback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from crisisdesk.batch import ingest
from crisisdesk.engine import EngineOptions
from crisisdesk.store import open_store
from crisisdesk.web import WebOptions, create_app


@pytest.fixture(scope="module")
def seeds_db(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite store with the five seed reports ingested (in this process)."""
    db = str(tmp_path_factory.mktemp("web") / "seeds.db")
    with open_store(db) as store:
        summary = ingest([str(shared_dir / "seeds")], store, engine=EngineOptions(workers=1))
    assert summary.stored == 5
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(seeds_db: str) -> Iterator[str]:
    """The app over the seeds' store, served by uvicorn in a thread: its base URL."""
    app = create_app(seeds_db, options=WebOptions(uploads_per_minute=1000))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
