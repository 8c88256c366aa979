"""The store tests run against every backend: SQLite and a real PostgreSQL server.

The server is the one `.ci/setup-postgres.sh` starts, found through CRISISDESK_TEST_POSTGRES;
without it the PostgreSQL runs skip, except under CI=true where they fail. Each test gets an
empty store of its own: a new SQLite file, or a new PostgreSQL schema dropped afterwards.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crisisdesk.store import Store, open_store
from tests.missing import unavailable

POSTGRES_VARIABLE = "CRISISDESK_TEST_POSTGRES"
BACKENDS = ("sqlite", "postgres")

# A factory of empty stores' addresses (each call a new, empty one).
NewAddress = Callable[[], str]


def postgres_url() -> str:
    """The test server's URL, or skip (fail under CI=true) when there is none."""
    url = os.environ.get(POSTGRES_VARIABLE)
    if not url:
        unavailable(f"no PostgreSQL server: set {POSTGRES_VARIABLE} (.ci/setup-postgres.sh)")
    return url


def with_schema(url: str, schema: str) -> str:
    """``url`` with the connection's search path set to ``schema``."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def new_address(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[NewAddress]:
    """Addresses of empty stores of one backend (the test runs once per backend)."""
    if request.param == "sqlite":
        files = iter(range(10**6))
        yield lambda: str(tmp_path / f"store{next(files)}.db")
        return
    import psycopg

    url = postgres_url()
    schemas: list[str] = []
    with psycopg.connect(url, autocommit=True) as admin:

        def fresh() -> str:
            schemas.append(f"test_{uuid.uuid4().hex[:12]}")
            admin.execute(f"CREATE SCHEMA {schemas[-1]}")
            return with_schema(url, schemas[-1])

        yield fresh
        for schema in schemas:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def address(new_address: NewAddress) -> str:
    """The address of one empty store."""
    return new_address()


@pytest.fixture
def store(address: str) -> Iterator[Store]:
    """One empty store, open."""
    with open_store(address) as opened:
        yield opened


def _run_raw(address: str, sql: str) -> None:
    if address.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(address, autocommit=True) as pg:
            pg.execute(sql)
    else:
        with sqlite3.connect(address) as lite:
            lite.execute(sql)
        lite.close()


@pytest.fixture
def raw_sql() -> Callable[[str, str], None]:
    """Run one statement on a store's database behind the store's back (address, SQL)."""
    return _run_raw
