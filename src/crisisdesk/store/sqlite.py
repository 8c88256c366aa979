"""The SQLite backend: one file (or ":memory:"), zero set-up, the default store.

One writer at a time (SQLite's rule): a write transaction starts with ``BEGIN IMMEDIATE`` and
waits up to :data:`_BUSY_SECONDS` for another writer to finish; WAL mode lets readers work
while an ingest writes.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crisisdesk.errors import StoreError
from crisisdesk.store.core import Row, Store, no_store_yet, open_checked
from crisisdesk.store.schema import SQLITE_TYPES

MEMORY = ":memory:"
SCHEME = "sqlite:///"
# How long a writer waits for another to commit before giving up: batches commit in well under
# a second, so this only runs out when another program holds the file.
_BUSY_SECONDS = 30.0


def _dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> Row:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


class SQLiteBackend:
    """A SQLite connection in autocommit mode, with explicit write transactions."""

    types = SQLITE_TYPES
    errors: tuple[type[Exception], ...] = (sqlite3.Error,)
    retryable: tuple[type[Exception], ...] = ()  # BEGIN IMMEDIATE queues writers: no deadlocks
    write_hint = "Check free disk space and that no other program holds the file."
    tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table'"

    def __init__(self, connection: sqlite3.Connection, name: str) -> None:
        self._conn = connection
        self.name = name

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._conn.execute(sql, params).fetchall()

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._conn.execute(sql, params).rowcount

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.rollback()
            raise
        self._conn.commit()

    def lock_schema(self) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already holds the only write lock."""

    def physical_check(self) -> list[str]:
        rows = self._conn.execute("PRAGMA integrity_check").fetchall()
        found = [str(r["integrity_check"]) for r in rows]
        return [] if found == ["ok"] else found

    def close(self) -> None:
        self._conn.close()


def sqlite_path(url_or_path: str) -> str:
    """The SQLite file a store address names: a path, ``sqlite:///path`` or ":memory:"."""
    if url_or_path.startswith(SCHEME):
        return url_or_path[len(SCHEME) :] or MEMORY
    return url_or_path


def _check_location(path: str, must_exist: bool) -> None:
    """Fail early, naming the fix, where SQLite would only say "unable to open database"."""
    file = Path(path)
    if file.is_dir():
        example = file / "crisisdesk.db"
        raise StoreError(f"{path}: is a folder; give a file inside it, e.g. {example}")
    if must_exist and not file.is_file():
        raise no_store_yet(path)
    parent = file.resolve().parent
    if not parent.is_dir():
        raise StoreError(f"{path}: folder {parent} does not exist; create it or pick another --db")
    writable = os.access(file, os.W_OK) if file.exists() else os.access(parent, os.W_OK)
    if not writable:
        raise StoreError(f"{path}: not writable; check its permissions or pick another --db")


def open_sqlite(path: str, *, must_exist: bool = False) -> Store:
    """The SQLite store in file ``path`` (created unless ``must_exist``) or ":memory:"."""
    if path != MEMORY:
        _check_location(path, must_exist)
    conn = sqlite3.connect(path, timeout=_BUSY_SECONDS, isolation_level=None)
    conn.row_factory = _dict_row
    if path != MEMORY:
        try:
            _use_wal(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"{path}: {_explain(exc)}") from exc
    return open_checked(
        SQLiteBackend(conn, path),
        must_exist=must_exist,
        explain=_explain,
        prepare=["PRAGMA foreign_keys = ON"],
    )


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL mode. The switch needs the file alone for a moment and SQLite answers
    "locked" at once instead of waiting, so retry for as long as a writer would wait (two
    first opens at the same time would otherwise fail)."""
    deadline = time.monotonic() + _BUSY_SECONDS
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _explain(exc: Exception) -> str:
    if isinstance(exc, sqlite3.OperationalError):
        return (
            f"cannot open ({exc}); check the file's permissions and free disk space, "
            "or pick another --db"
        )
    return f"not a crisisdesk database ({exc}); pick another --db or move the file"
