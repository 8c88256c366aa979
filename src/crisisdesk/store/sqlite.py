"""The SQLite store: documents and their facts, idempotent by content hash.

One writer per file (SQLite's rule); WAL mode lets readers work while an ingest writes. Each
``add`` is one transaction, so an interrupted ingest leaves whole documents or none. All SQL is
parameterised; table and column names come from :mod:`crisisdesk.store.schema`, never from
callers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from crisisdesk.errors import StoreError
from crisisdesk.records import Document, DocumentFacts
from crisisdesk.store.schema import (
    ALL_TABLES,
    BOOL_COLUMNS,
    DOCUMENT_COLUMNS,
    FACT_TABLES,
    JSON_COLUMNS,
    SCHEMA_VERSION,
    create_statements,
    quoted,
    record_columns,
)

MEMORY = ":memory:"
_SQLITE_SCHEME = "sqlite:///"
# Characters of the content hash appended to a clashing document id: 8 hex digits make an
# accidental second clash a one-in-four-billion event; the full hash is the fallback.
_SHORT_HASH = 8


@dataclass
class AddResult:
    """What one ``add`` did: documents added and skipped as already stored (same content hash),
    and id clashes resolved by renaming, as (id given, id stored) pairs."""

    added: int = 0
    skipped: int = 0
    renamed: list[tuple[str, str]] = field(default_factory=list)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """Documents and facts in one SQLite database. Open it with :func:`open_store`."""

    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        self._conn = connection
        self.path = path

    # --- life cycle ------------------------------------------------------------------------

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
        """SQLite's own verdict on the file: "ok" when sound, else the problems found."""
        rows = self._conn.execute("PRAGMA integrity_check").fetchall()
        return "\n".join(str(r[0]) for r in rows)

    def row_counts(self) -> dict[str, int]:
        """Rows per table (documents, each fact table, failures)."""
        return {
            table: int(self._conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in ALL_TABLES
        }

    # --- writing -----------------------------------------------------------------------------

    def add(self, batch: Sequence[tuple[Document, DocumentFacts]]) -> AddResult:
        """Store documents with their facts in one transaction.

        A document whose content hash is stored already is skipped; one whose id is taken by a
        different text is stored as ``<id>~<short hash>`` (reported in ``renamed``). A stored
        document clears any failure recorded for its origin.
        """
        result = AddResult()
        try:
            with self._conn:
                for document, facts in batch:
                    _check_pair(document, facts)
                    if self._has_hash(document.hash):
                        result.skipped += 1
                        continue
                    doc_id = self._free_id(document)
                    if doc_id != document.id:
                        result.renamed.append((document.id, doc_id))
                    self._insert(doc_id, document, facts)
                    if document.origin:
                        self._conn.execute(
                            "DELETE FROM failures WHERE origin = ?", (document.origin,)
                        )
                    result.added += 1
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.path}: write failed ({exc}); nothing of this batch was kept. "
                "Check free disk space and that no other program holds the file."
            ) from exc
        return result

    def _has_hash(self, hash_: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM documents WHERE hash = ?", (hash_,)).fetchone()
        return row is not None

    def _free_id(self, document: Document) -> str:
        for candidate in (
            document.id,
            f"{document.id}~{document.hash[:_SHORT_HASH]}",
            f"{document.id}~{document.hash}",
        ):
            taken = self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (candidate,))
            if taken.fetchone() is None:
                return candidate
        raise StoreError(f"{self.path}: no free id for document {document.id!r}")

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
            "errors": json.dumps(facts.errors, ensure_ascii=False),
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
                f"INSERT INTO {table} (doc_id, seq, {', '.join(map(quoted, columns))}) "
                f"VALUES ({', '.join('?' for _ in range(len(columns) + 2))})"
            )
            rows = []
            for seq, item in enumerate(getattr(facts, table)):
                data = item.to_dict()
                rows.append(
                    [doc_id, seq]
                    + [
                        json.dumps(data[c], ensure_ascii=False) if c in as_json else data[c]
                        for c in columns
                    ]
                )
            self._conn.executemany(sql, rows)

    def add_failure(self, origin: str, reason: str) -> None:
        """Record an input that could not be read or extracted (replacing an older reason)."""
        try:
            with self._conn:
                self._conn.execute(
                    "INSERT INTO failures (origin, reason, failed_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (origin) DO UPDATE SET reason = excluded.reason, "
                    "failed_at = excluded.failed_at",
                    (origin, reason, _now()),
                )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: could not record a failure ({exc})") from exc

    # --- reading -----------------------------------------------------------------------------

    def failures(self) -> list[dict[str, Any]]:
        """Inputs that failed and have not been stored since: origin, reason, failed_at."""
        rows = self._conn.execute("SELECT origin, reason, failed_at FROM failures ORDER BY origin")
        return [dict(r) for r in rows]

    def documents(self) -> list[dict[str, Any]]:
        """Stored documents' metadata (no text), in id order."""
        columns = ", ".join(c for c in DOCUMENT_COLUMNS if c not in ("text", "errors"))
        rows = self._conn.execute(f"SELECT {columns} FROM documents ORDER BY id")
        return [{**dict(r), "published_estimated": bool(r["published_estimated"])} for r in rows]

    def document(self, doc_id: str) -> Document:
        """One stored document with its text (``published`` is None where it was estimated)."""
        row = self._document_row(doc_id)
        return Document(
            id=row["id"],
            text=row["text"],
            source=row["source"],
            url=row["url"],
            title=row["title"],
            published=None if row["published_estimated"] else row["published"],
            language=row["language"],
            author=row["author"],
            origin=row["origin"],
            hash=row["hash"],
        )

    def _document_row(self, doc_id: str) -> sqlite3.Row:
        row = self._conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(f"no document {doc_id!r} in {self.path}")
        return row  # type: ignore[no-any-return]

    def facts(self, doc_id: str) -> DocumentFacts:
        """The facts of one stored document, exactly as they were added."""
        row = self._document_row(doc_id)
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
        """The facts of every stored document, in id order."""
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
        """Event mentions with their document's source and publication date, by date.

        ``kind`` and ``doc`` match exactly; ``source`` and ``place`` (the event's location) are
        case-insensitive substrings; ``since``/``until`` bound the event date (ISO, inclusive).
        """
        where, params = _where(
            [("f.kind = ?", kind)], source, place, since, until, doc, date_column='f."date"'
        )
        # Undated facts last, as PostgreSQL orders NULLs by default (SQLite puts them first).
        return self._select_facts("events", where, params, 'f."date" IS NULL, f."date"')

    def claims(
        self,
        measure: str | None = None,
        source: str | None = None,
        place: str | None = None,
        since: str | None = None,
        until: str | None = None,
        doc: str | None = None,
    ) -> list[dict[str, Any]]:
        """Claims with their document's source and publication date, by measure and date.

        Filters as for :meth:`events`, with ``measure`` exact and the dates bounding ``as_of``.
        """
        where, params = _where(
            [("f.measure = ?", measure)], source, place, since, until, doc, date_column="f.as_of"
        )
        return self._select_facts("claims", where, params, "f.measure, f.as_of IS NULL, f.as_of")

    def _select_facts(
        self, table: str, where: str, params: list[Any], order: str
    ) -> list[dict[str, Any]]:
        sql = (
            f"SELECT f.*, d.source AS source, d.published AS published FROM {table} f "
            f"JOIN documents d ON d.id = f.doc_id {where} "
            f"ORDER BY {order}, d.id, f.seq"
        )
        return [_decode(dict(r), table) for r in self._conn.execute(sql, params)]


def _check_pair(document: Document, facts: DocumentFacts) -> None:
    if facts.id != document.id or (facts.hash and facts.hash != document.hash):
        raise ValueError(
            f"facts of {facts.id!r} do not belong to document {document.id!r} "
            "(id or content hash differ); store each document with its own extraction"
        )


def _decode(row: dict[str, Any], table: str) -> dict[str, Any]:
    """A fact row with its JSON lists and booleans restored."""
    for column in JSON_COLUMNS[table]:
        row[column] = json.loads(row[column]) if row.get(column) is not None else []
    for column in BOOL_COLUMNS[table]:
        row[column] = bool(row[column])
    return row


def _like(text: str) -> str:
    """A LIKE pattern for a case-insensitive substring, with LIKE's wildcards taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(
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
        ("LOWER(d.source) LIKE ? ESCAPE '\\'", _like(source) if source else None),
        ("LOWER(f.location) LIKE ? ESCAPE '\\'", _like(place) if place else None),
        (f"{date_column} >= ?", since),
        (f"{date_column} <= ?", until),
        ("d.id = ?", doc),
    ]
    used = [(sql, value) for sql, value in conditions if value is not None]
    if not used:
        return "", []
    return "WHERE " + " AND ".join(sql for sql, _ in used), [v for _, v in used]


# --- opening -------------------------------------------------------------------------------------


def _sqlite_path(url_or_path: str | os.PathLike[str]) -> str:
    """The SQLite file a store address names: a path, ``sqlite:///path`` or ":memory:"."""
    text = os.fspath(url_or_path)
    if text.startswith(_SQLITE_SCHEME):
        return text[len(_SQLITE_SCHEME) :] or MEMORY
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise StoreError(
            f"{text}: {scheme} stores are not supported yet; give a SQLite file path "
            "(e.g. --db crisisdesk.db)"
        )
    return text


def _check_location(path: str, must_exist: bool) -> None:
    """Fail early, naming the fix, where SQLite would only say "unable to open database"."""
    file = Path(path)
    if file.is_dir():
        example = file / "crisisdesk.db"
        raise StoreError(f"{path}: is a folder; give a file inside it, e.g. {example}")
    if must_exist and not file.is_file():
        raise StoreError(
            f"{path}: no store here yet; run `crisisdesk ingest PATH... --db {path}` first"
        )
    parent = file.resolve().parent
    if not parent.is_dir():
        raise StoreError(f"{path}: folder {parent} does not exist; create it or pick another --db")
    writable = os.access(file, os.W_OK) if file.exists() else os.access(parent, os.W_OK)
    if not writable:
        raise StoreError(f"{path}: not writable; check its permissions or pick another --db")


def _migrate(conn: sqlite3.Connection, path: str) -> None:
    """Create the schema in a new file; check an existing one is a store this version reads."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and "schema_version" not in tables:
        raise StoreError(
            f"{path}: a SQLite database of another program (tables: {', '.join(sorted(tables))});"
            " pick another --db"
        )
    version = None
    if tables:
        version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: written by a newer crisisdesk (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade crisisdesk"
        )
    with conn:
        for statement in create_statements():
            conn.execute(statement)
        if version is None:
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))


def open_store(url_or_path: str | os.PathLike[str], *, must_exist: bool = False) -> Store:
    """The store at ``url_or_path``: a SQLite file (created unless ``must_exist``),
    ``sqlite:///path``, or ":memory:" for a throw-away store.

    Raises :class:`StoreError` naming the path and the fix when it cannot be opened.
    """
    path = _sqlite_path(url_or_path)
    if path != MEMORY:
        _check_location(path, must_exist)
    conn = sqlite3.connect(path)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        if path != MEMORY:
            conn.execute("PRAGMA journal_mode = WAL")
        _migrate(conn, path)
    except sqlite3.OperationalError as exc:
        conn.close()
        raise StoreError(
            f"{path}: cannot open ({exc}); check the file's permissions and free disk space, "
            "or pick another --db"
        ) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(
            f"{path}: not a crisisdesk database ({exc}); pick another --db or move the file"
        ) from exc
    except StoreError:
        conn.close()
        raise
    return Store(conn, path)
