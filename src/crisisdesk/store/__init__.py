"""Store: documents and their facts in a database, idempotent by content hash.

SQLite by default (one file, zero set-up); PostgreSQL by URL for teams sharing one store. Both
run the same logic (:mod:`crisisdesk.store.core`) on the same schema
(:mod:`crisisdesk.store.schema`); :func:`open_store` picks the backend from the address.
"""

from __future__ import annotations

import os

from crisisdesk.errors import StoreError
from crisisdesk.store.core import AddResult, Store
from crisisdesk.store.postgres import SCHEMES, open_postgres, redact
from crisisdesk.store.sqlite import open_sqlite, sqlite_path

__all__ = ["AddResult", "Store", "open_store"]


def open_store(url_or_path: str | os.PathLike[str], *, must_exist: bool = False) -> Store:
    """The store at ``url_or_path``: a SQLite file (created unless ``must_exist``),
    ``sqlite:///path``, ":memory:" for a throw-away store, or a PostgreSQL URL
    (``postgresql://user:password@host:5432/db``, also ``postgres://``).

    Raises :class:`StoreError` naming the address and the fix when it cannot be opened.
    """
    text = os.fspath(url_or_path)
    if text.startswith(SCHEMES):
        return open_postgres(text, must_exist=must_exist)
    path = sqlite_path(text)
    if "://" in path:
        scheme = path.split("://", 1)[0]
        raise StoreError(
            f"{redact(text)}: {scheme} stores are not supported; give a SQLite file path "
            "(e.g. --db crisisdesk.db) or a postgresql:// URL"
        )
    return open_sqlite(path, must_exist=must_exist)
