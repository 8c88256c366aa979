"""The PostgreSQL backend: one store shared by a team, ``postgresql://user@host:5432/db``.

Needs the ``postgres`` extra (psycopg 3). The store lives in the connection's current schema
(``public`` unless the URL sets ``?options=-csearch_path%3Dname``). Several ingests may write at
once: see :mod:`crisisdesk.store.core` for how they neither lose nor duplicate documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from crisisdesk.errors import StoreError
from crisisdesk.store.core import Row, Store, open_checked
from crisisdesk.store.schema import POSTGRES_TYPES

if TYPE_CHECKING:
    import psycopg

SCHEMES = ("postgresql://", "postgres://")
INSTALL = "pip install 'crisisdesk[postgres]'"
# Seconds to wait for the server to answer before saying it is unreachable.
_CONNECT_TIMEOUT = 10
# Any constant shared by every crisisdesk process: the key of the advisory lock that lets one
# opener at a time create the tables (concurrent CREATE TABLE IF NOT EXISTS can clash).
_SCHEMA_LOCK_KEY = 0x63726973  # "cris"
# The password in a URL, so that messages never show it.
_PASSWORD = re.compile(r"(://[^:/@]*):[^@/]*@")


def redact(url: str) -> str:
    """The URL with its password (if any) replaced by ``***``."""
    return _PASSWORD.sub(r"\1:***@", url)


def _first_line(exc: Exception) -> str:
    """The gist of a driver error (psycopg adds the statement and hints on further lines)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _placeholders(sql: str) -> str:
    """The store's ``?`` parameters in psycopg's ``%s`` style (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresBackend:
    """A psycopg connection in autocommit mode, with explicit write transactions."""

    types = POSTGRES_TYPES
    write_hint = "Check that the server is up and that the role may write to this database."
    tables_sql = (
        "SELECT table_name AS name FROM information_schema.tables "
        "WHERE table_schema = current_schema()"
    )

    def __init__(self, connection: psycopg.Connection[Row], name: str) -> None:
        import psycopg

        self._conn = connection
        self.name = name
        self.errors: tuple[type[Exception], ...] = (psycopg.Error,)
        self.retryable: tuple[type[Exception], ...] = (
            psycopg.errors.DeadlockDetected,
            psycopg.errors.SerializationFailure,
        )

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._conn.execute(_placeholders(sql), params).fetchall()

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._conn.execute(_placeholders(sql), params).rowcount

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._conn.cursor() as cursor:
            cursor.executemany(_placeholders(sql), rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._conn.transaction():
            yield

    def lock_schema(self) -> None:
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK_KEY,))

    def physical_check(self) -> list[str]:
        """None to run: the server checks its own pages (checksums, WAL)."""
        return []

    def close(self) -> None:
        self._conn.close()


def open_postgres(url: str, *, must_exist: bool = False) -> Store:
    """The store in the PostgreSQL database at ``url`` (tables created unless ``must_exist``)."""
    name = redact(url)
    try:
        import psycopg
        from psycopg.rows import dict_row
    except ImportError as exc:
        raise StoreError(
            f"{name}: PostgreSQL stores need psycopg, which is not installed: {INSTALL}"
        ) from exc
    try:
        conn = psycopg.connect(
            url, autocommit=True, row_factory=dict_row, connect_timeout=_CONNECT_TIMEOUT
        )
    except psycopg.Error as exc:
        raise StoreError(
            f"{name}: cannot connect ({_first_line(exc)}); check that the server runs and that "
            "the URL's host, port, user, password and database are right"
        ) from exc
    return open_checked(PostgresBackend(conn, name), must_exist=must_exist, explain=_explain)


def _explain(exc: Exception) -> str:
    return (
        f"cannot set up the store ({_first_line(exc)}); check that the role may create tables "
        "in the URL's database and schema"
    )
