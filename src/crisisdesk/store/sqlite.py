"""The SQLite store: documents and their facts, idempotent by content hash.

One writer per file (SQLite's rule); WAL mode lets readers work while an ingest writes. Each
``add`` is one transaction, so an interrupted ingest leaves whole documents or none.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from crisisdesk.errors import StoreError
from crisisdesk.records import Document, DocumentFacts
from crisisdesk.store.schema import (
    BOOL_COLUMNS,
    DOCUMENT_COLUMNS,
    FACT_TABLES,
    JSON_COLUMNS,
    SCHEMA_VERSION,
    create_statements,
    record_columns,
)


@dataclass
class AddResult:
    """What one ``add`` did: documents added, skipped as already stored, and id clashes
    resolved by renaming (original id -> stored id)."""

    added: int = 0
    skipped: int = 0
    renamed: dict[str, str] | None = None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _q(name: str) -> str:
    return f'"{name}"'


class Store:
    """Documents and facts in one SQLite file (``:memory:`` for a throw-away store)."""

    def __init__(self, path: str) -> None:
        self.path = path
        if path != ":memory:":
            parent = Path(path).resolve().parent
            if not parent.is_dir():
                raise StoreError(f"{path}: folder {parent} does not exist; create it or pick --db")
        try:
            self._conn = sqlite3.connect(path)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:":
                self._conn.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{path}: not a crisisdesk database ({exc}); pick another --db or move the file"
            ) from exc

    # --- life cycle ----------------------------------------------------------------------------

    def _migrate(self) -> None:
        with self._conn:
            for statement in create_statements():
                self._conn.execute(statement)
            row = self._conn.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                self._conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
            elif row[0] > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: written by a newer crisisdesk (schema {row[0]}); upgrade it"
                )

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def integrity_check(self) -> str:
        """SQLite's own verdict on the file: "ok" when sound."""
        return str(self._conn.execute("PRAGMA integrity_check").fetchone()[0])

    # --- writing ---------------------------------------------------------------------------------

    def add(self, batch: Sequence[tuple[Document, DocumentFacts]]) -> AddResult:
        """Store documents with their facts in one transaction; already-stored ones are skipped."""
        result = AddResult(renamed={})
        try:
            with self._conn:
                for document, facts in batch:
                    if self._has_hash(document.hash):
                        result.skipped += 1
                        continue
                    doc_id = self._free_id(document)
                    if doc_id != document.id:
                        assert result.renamed is not None
                        result.renamed[document.id] = doc_id
                    self._insert(doc_id, document, facts)
                    if document.origin:
                        self._conn.execute(
                            "DELETE FROM failures WHERE origin = ?", (document.origin,)
                        )
                    result.added += 1
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: write failed ({exc}); nothing of this batch was kept") \
                from exc
        return result

    def _has_hash(self, hash_: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM documents WHERE hash = ?", (hash_,)).fetchone()
        return row is not None

    def _free_id(self, document: Document) -> str:
        taken = self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (document.id,))
        return document.id if taken.fetchone() is None else f"{document.id}~{document.hash[:8]}"

    def _insert(self, doc_id: str, document: Document, facts: DocumentFacts) -> None:
        values = {
            "id": doc_id,
            "hash": document.hash,
            "text": document.text,
            "source": facts.source,
            "url": facts.url,
            "title": facts.title,
            "published": facts.published,
            "published_estimated": int(facts.published_estimated),
            "language": facts.language,
            "author": document.author,
            "origin": document.origin,
            "errors": json.dumps(facts.errors),
            "added_at": _now(),
        }
        marks = ", ".join("?" for _ in DOCUMENT_COLUMNS)
        self._conn.execute(
            f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) VALUES ({marks})",
            [values[c] for c in DOCUMENT_COLUMNS],
        )
        for table, record in FACT_TABLES.items():
            columns = record_columns(record)
            as_json = JSON_COLUMNS[table]
            sql = (
                f"INSERT INTO {table} (doc_id, seq, {', '.join(map(_q, columns))}) "
                f"VALUES ({', '.join('?' for _ in range(len(columns) + 2))})"
            )
            rows = []
            for seq, item in enumerate(getattr(facts, table)):
                data = item.to_dict()
                rows.append(
                    [doc_id, seq]
                    + [json.dumps(data[c]) if c in as_json else data[c] for c in columns]
                )
            self._conn.executemany(sql, rows)

    def add_failure(self, origin: str, reason: str) -> None:
        """Record an input that could not be read or extracted (replacing an older reason)."""
        with self._conn:
            self._conn.execute(
                "INSERT INTO failures (origin, reason, failed_at) VALUES (?, ?, ?) "
                "ON CONFLICT (origin) DO UPDATE SET reason = excluded.reason, "
                "failed_at = excluded.failed_at",
                (origin, reason, _now()),
            )

    # --- reading ---------------------------------------------------------------------------------

    def failures(self) -> list[dict[str, Any]]:
        rows = self._conn.execute("SELECT * FROM failures ORDER BY origin")
        return [dict(r) for r in rows]

    def documents(self) -> list[dict[str, Any]]:
        """Stored documents without their text, in id order."""
        rows = self._conn.execute(
            "SELECT id, hash, source, url, title, published, published_estimated, language, "
            "author, origin, added_at FROM documents ORDER BY id"
        )
        return [dict(r) for r in rows]

    def facts(self, doc_id: str) -> DocumentFacts:
        """The facts of one stored document, exactly as they were added."""
        row = self._conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        facts = DocumentFacts(
            id=row["id"],
            source=row["source"],
            url=row["url"],
            title=row["title"],
            published=row["published"],
            published_estimated=bool(row["published_estimated"]),
            language=row["language"],
            hash=row["hash"],
            errors=json.loads(row["errors"]),
        )
        for table, record in FACT_TABLES.items():
            cursor = self._conn.execute(
                f"SELECT * FROM {table} WHERE doc_id = ? ORDER BY seq", (doc_id,)
            )
            setattr(facts, table, [record.from_dict(_decode(dict(r), table)) for r in cursor])
        return facts

    def all_facts(self) -> Iterator[DocumentFacts]:
        ids = [r[0] for r in self._conn.execute("SELECT id FROM documents ORDER BY id")]
        for doc_id in ids:
            yield self.facts(doc_id)

    def events(
        self,
        kind: str | None = None,
        source: str | None = None,
        place: str | None = None,
        since: str | None = None,
        until: str | None = None,
        doc: str | None = None,
    ) -> list[dict[str, Any]]:
        """Event mentions with their document's source and publication date, filtered."""
        where, params = _filters(
            [("f.kind = ?", kind)], source, place, since, until, doc, date_column='f."date"'
        )
        return self._select_facts("events", where, params, 'f."date", d.id, f.seq')

    def claims(
        self,
        measure: str | None = None,
        source: str | None = None,
        place: str | None = None,
        since: str | None = None,
        until: str | None = None,
        doc: str | None = None,
    ) -> list[dict[str, Any]]:
        """Claims with their document's source and publication date, filtered."""
        where, params = _filters(
            [("f.measure = ?", measure)], source, place, since, until, doc, date_column="f.as_of"
        )
        return self._select_facts("claims", where, params, "f.measure, f.as_of, d.id, f.seq")

    def _select_facts(
        self, table: str, where: str, params: list[Any], order: str
    ) -> list[dict[str, Any]]:
        sql = (
            f"SELECT f.*, d.source AS source, d.published AS published FROM {table} f "
            f"JOIN documents d ON d.id = f.doc_id {where} ORDER BY {order}"
        )
        return [_decode(dict(r), table) for r in self._conn.execute(sql, params)]


def _decode(row: dict[str, Any], table: str) -> dict[str, Any]:
    """A fact row with its JSON lists and booleans restored."""
    for column in JSON_COLUMNS[table]:
        row[column] = json.loads(row[column]) if row.get(column) is not None else []
    for column in BOOL_COLUMNS[table]:
        row[column] = bool(row[column])
    return row


def _filters(
    extra: list[tuple[str, str | None]],
    source: str | None,
    place: str | None,
    since: str | None,
    until: str | None,
    doc: str | None,
    date_column: str,
) -> tuple[str, list[Any]]:
    """A parameterised WHERE clause from the filters that are set."""
    conditions = [
        *extra,
        ("d.source LIKE ?", f"%{source}%" if source else None),
        ("f.location LIKE ?", f"%{place}%" if place else None),
        (f"{date_column} >= ?", since),
        (f"{date_column} <= ?", until),
        ("d.id = ?", doc),
    ]
    used = [(sql, value) for sql, value in conditions if value is not None]
    if not used:
        return "", []
    return "WHERE " + " AND ".join(sql for sql, _ in used), [v for _, v in used]


def open_store(path: str, *, must_exist: bool = False) -> Store:
    """The store at ``path`` (a SQLite file, created if missing unless ``must_exist``, or
    ":memory:")."""
    if must_exist and path != ":memory:" and not Path(path).is_file():
        raise StoreError(
            f"{path}: no store here yet; run `crisisdesk ingest PATH... --db {path}` first"
        )
    return Store(path)
