"""Store: documents and their facts in a database, idempotent by content hash.

SQLite by default (one file, zero set-up). :func:`open_store` is the one way in, so that other
backends can be chosen by URL later without touching callers.
"""

from __future__ import annotations

from crisisdesk.store.sqlite import AddResult, Store, open_store

__all__ = ["AddResult", "Store", "open_store"]
