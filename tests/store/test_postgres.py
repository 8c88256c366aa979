"""What only the PostgreSQL backend does: URL handling, the missing driver, unreachable
servers, and running a deadlocked batch again."""

from __future__ import annotations

import sys

import psycopg
import pytest

from crisisdesk.errors import StoreError
from crisisdesk.store import open_store
from tests.factories import sample
from tests.store.conftest import postgres_url, with_schema


def test_without_psycopg_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # makes `import psycopg` fail
    with pytest.raises(StoreError, match=r"pip install 'crisisdesk\[postgres\]'"):
        open_store("postgresql://someone@127.0.0.1:5432/db")


def test_an_unreachable_server_is_named_without_its_password() -> None:
    with pytest.raises(StoreError, match="cannot connect") as caught:
        open_store("postgres://reporter:s3cret@127.0.0.1:9/newsroom")  # port 9: nothing there
    assert "s3cret" not in str(caught.value)
    assert "postgres://reporter:***@127.0.0.1:9/newsroom" in str(caught.value)


# The `address` fixture of conftest.py, for its PostgreSQL run only.
postgres_only = pytest.mark.parametrize("new_address", ["postgres"], indirect=True)


@postgres_only
def test_the_postgres_scheme_opens_the_same_store(address: str) -> None:
    with open_store(address) as store:
        store.add([sample()])
    alias = "postgres://" + address.removeprefix("postgresql://")
    with open_store(alias, must_exist=True) as store:
        assert store.facts("d1") == sample()[1]
        assert "***@" in store.path and ":crisisdesk@" not in store.path


def test_a_schema_that_does_not_exist_names_the_fix() -> None:
    url = with_schema(postgres_url(), "no_such_schema_here")
    with pytest.raises(StoreError, match=r"cannot set up the store.*may create tables"):
        open_store(url)


def _deadlock(sql: str, rows: object) -> None:
    raise psycopg.errors.DeadlockDetected("deadlock detected")


@postgres_only
def test_a_deadlocked_batch_is_run_again(address: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(address) as store:
        run_many = store._db.run_many
        aborts = iter([True, True])  # the server breaks two deadlocks by aborting this batch

        def deadlocking(sql: str, rows: list[list[object]]) -> None:
            if next(aborts, False):
                _deadlock(sql, rows)
            run_many(sql, rows)

        monkeypatch.setattr(store._db, "run_many", deadlocking)
        result = store.add([sample()])
        counts = store.row_counts()
        assert (result.added, counts["documents"], counts["events"]) == (1, 1, 1)

        monkeypatch.setattr(store._db, "run_many", _deadlock)
        with pytest.raises(StoreError, match="deadlocked repeatedly"):
            store.add([sample("d2", "Riot police cleared the square at dawn.")])
        assert store.row_counts()["documents"] == 1
