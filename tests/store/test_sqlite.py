"""What only the SQLite backend does: a file in WAL mode, and unusable paths named with the fix."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crisisdesk.errors import StoreError
from crisisdesk.store import open_store
from crisisdesk.store.schema import SCHEMA_VERSION
from tests.factories import sample


def test_file_store_persists_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "cd.db"
    with open_store(path) as store:
        store.add([sample()])
    with open_store(f"sqlite:///{path}", must_exist=True) as store:
        assert store.integrity_check() == "ok"
        assert store.facts("d1") == sample()[1]
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    raw.close()


def test_a_memory_store_needs_no_file() -> None:
    with open_store(":memory:") as store:
        assert store.add([sample()]).added == 1
        assert store.integrity_check() == "ok"


def test_integrity_check_reports_orphaned_facts(tmp_path: Path) -> None:
    path = tmp_path / "cd.db"
    with open_store(path) as store:
        store.add([sample()])
    with sqlite3.connect(path) as raw:  # another tool, with foreign keys off (SQLite's default)
        raw.execute("DELETE FROM documents")
    raw.close()
    with open_store(path) as store:
        assert store.integrity_check() == "\n".join(
            f"{table}: 1 rows of missing documents"
            for table in ("places", "claims", "events", "actors", "labels")
        )


def test_unusable_locations_name_the_path_and_the_fix(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"junk\.db: not a crisisdesk database.*pick another"):
        open_store(junk)
    with pytest.raises(StoreError, match="does not exist; create it"):
        open_store(tmp_path / "no" / "such" / "x.db")
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="no store here yet"):
        open_store(tmp_path / "new.db", must_exist=True)
    assert not (tmp_path / "new.db").exists()
    with pytest.raises(StoreError, match=r"mysql://u:\*\*\*@host/db: mysql stores are not supp"):
        open_store("mysql://u:secret@host/db")


def test_a_store_of_schema_1_gains_the_fields_added_since(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(path) as store:
        store.add([sample()])
    with sqlite3.connect(path) as raw:  # what schema 1 wrote: claims without "change"
        raw.execute('ALTER TABLE claims DROP COLUMN "change"')
        raw.execute("DELETE FROM schema_version")
        raw.execute("INSERT INTO schema_version (version) VALUES (1)")
    raw.close()
    document, facts = sample(doc_id="d2", text="Prices rose from 70 to 120 dollars.")
    facts.claims[0].change = True
    with open_store(path, must_exist=True) as store:
        assert [c.change for c in store.facts("d1").claims] == [False] * len(facts.claims)
        assert store.add([(document, facts)]).added == 1
        assert store.facts("d2").claims[0].change is True
        assert store.integrity_check() == "ok"
