"""Crash safety: ``kill -9`` in the middle of an ingest, run it again, and nothing is lost,
half-stored or stored twice.

The ingest runs in a subprocess (its own process group, so the kill takes its extraction
workers too) on ~40 invented reports and one unreadable file; the test polls the database
and kills the group mid-run, re-runs the same command to the end, and compares the store with
one written by an uninterrupted ingest.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crisisdesk.batch import ingest
from crisisdesk.engine import EngineOptions
from crisisdesk.store import open_store
from crisisdesk.store.schema import FACT_TABLES

REPORTS = 40
CITIES = ("Valmora", "Port Essen", "Karvik", "Dunmere", "Lisk", "Orvale", "Tarrow", "Bexhill")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Longest wait for the ingest to reach the point where it is killed, and to finish a re-run.
WAIT_SECONDS = 120.0

# The same ingest through the library in batches of 3 documents, so that the kill falls
# between commits (the command's batches of 50 would hold all 40 reports in one).
_LIBRARY_INGEST = (
    "import sys\n"
    "from crisisdesk.batch import ingest\n"
    "from crisisdesk.engine import EngineOptions\n"
    "from crisisdesk.store import open_store\n"
    "with open_store(sys.argv[2]) as store:\n"
    "    ingest([sys.argv[1]], store, batch_size=3, engine=EngineOptions(workers=1))\n"
)


def _write_reports(folder: Path) -> None:
    folder.mkdir()
    (folder / "a-broken.txt").write_bytes(bytes(range(256)) * 4)  # recorded as a failure
    for n in range(REPORTS):
        city, day = CITIES[n % len(CITIES)], DAYS[n % len(DAYS)]
        (folder / f"report-{n:02d}.txt").write_text(
            f"Thousands of nurses marched through {city} on {day} demanding higher pay "
            f"(dispatch {n}).\n\nPolice said {n + 3} people were detained and {n % 5 + 1} "
            "officers were injured when the crowd reached the health ministry.\n\n"
            f"The nurses' union said at least {100 + n} hospitals had joined the strike."
        )


def _count(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:  # not created yet, or busy
        return 0


def _kill_when(command: list[str], db: Path, table: str, at_least: int) -> None:
    """Start ``command``, wait until ``table`` has ``at_least`` rows, then SIGKILL it."""
    process = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while _count(db, table) < at_least and process.poll() is None:
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    finished = process.poll() is not None
    if not finished:
        os.killpg(process.pid, signal.SIGKILL)
    _, stderr = process.communicate(timeout=WAIT_SECONDS)
    assert not finished, f"the ingest ended before it could be killed: {stderr.decode()[-500:]}"
    assert process.returncode == -signal.SIGKILL


def _store_state(db: Path) -> dict[str, object]:
    with open_store(db, must_exist=True) as store:
        return {
            doc["id"]: (doc["hash"], store.facts(doc["id"]).to_dict())
            for doc in store.documents()
        }


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "reports"
    _write_reports(folder)
    return folder


@pytest.fixture(scope="module")
def reference(reports: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """What an uninterrupted ingest of the reports stores."""
    db = tmp_path_factory.mktemp("reference") / "ref.db"
    with open_store(db) as store:
        ingest([str(reports)], store, engine=EngineOptions(workers=1))
    return _store_state(db)


CLI = [sys.executable, "-c", "from crisisdesk.cli import main; main()", "ingest"]


@pytest.mark.parametrize(
    ("how", "table", "at_least"),
    [
        # The command: killed once it is under way (the broken file is read first).
        ("command", "failures", 1),
        # The library in small batches: killed after some batches are committed.
        ("library", "documents", 6),
    ],
)
def test_kill_9_mid_ingest_then_rerun(
    reports: Path, reference: dict[str, object], tmp_path: Path, how: str, table: str,
    at_least: int,
) -> None:
    db = tmp_path / "store.db"
    if how == "command":
        command = [*CLI, str(reports), "--db", str(db), "-q", "--workers", "1"]
    else:
        command = [sys.executable, "-c", _LIBRARY_INGEST, str(reports), str(db)]
    _kill_when(command, db, table, at_least)
    killed_at = _count(db, "documents")
    assert killed_at < REPORTS, "nothing was left to do after the kill"

    rerun = subprocess.run(
        [*CLI, str(reports), "--db", str(db), "-q", "--workers", "1"],
        capture_output=True,
        timeout=WAIT_SECONDS,
    )
    assert rerun.returncode == 1, rerun.stderr.decode()  # 1: the broken file failed again

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        hashes = conn.execute("SELECT COUNT(*), COUNT(DISTINCT hash) FROM documents").fetchone()
        assert hashes == (REPORTS, REPORTS)
        for fact_table in FACT_TABLES:  # each document's rows are whole: seq 0..n-1
            for doc_id, n, low, high in conn.execute(
                f"SELECT doc_id, COUNT(*), MIN(seq), MAX(seq) FROM {fact_table} GROUP BY doc_id"
            ):
                assert (low, high) == (0, n - 1), (fact_table, doc_id)
    with open_store(db, must_exist=True) as store:
        assert store.integrity_check() == "ok"
        assert [f["origin"] for f in store.failures()] == [str(reports / "a-broken.txt")]
    assert _store_state(db) == reference
