"""The store's logic, written once for every database: adding documents with their facts,
idempotent by content hash, and reading them back.

A :class:`Backend` is the little a database must supply: how to run a statement, how to hold a
transaction, how its column types are spelled and which of its errors are worth a retry. The
SQL here is parameterised with ``?`` (a backend translates to its own placeholder); table and
column names come from :mod:`crisisdesk.store.schema`, never from callers.

Concurrent writers: a document row is inserted with ``ON CONFLICT DO NOTHING``, so of two
writers adding the same text, the second waits for the first and then finds it stored (it is
skipped, never duplicated). An id taken by another text gets ``<id>~<short hash>``, derived from
the text itself, so two writers never contend for the same new id. A transaction the database
aborts to break a deadlock is run again from the start.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Protocol, TypeVar

from crisisdesk.errors import StoreError
from crisisdesk.records import Document, DocumentFacts
from crisisdesk.store.schema import (
    ALL_TABLES,
    BOOL_COLUMNS,
    DOCUMENT_COLUMNS,
    FACT_TABLES,
    JSON_COLUMNS,
    SCHEMA_VERSION,
    ColumnTypes,
    create_statements,
    quoted,
    record_columns,
    upgrade_statements,
)

# Characters of the content hash appended to a clashing document id: 8 hex digits make an
# accidental second clash a one-in-four-billion event; the full hash is the fallback.
_SHORT_HASH = 8
# Values per ``IN (...)`` list: well under SQLite's smallest limit on parameters (999 before
# 3.32) and short enough for PostgreSQL to plan quickly.
_IN_CHUNK = 500
# Runs of a write the database aborted to break a deadlock: two writers crossing each other's
# rows deadlock at most once per pair, so a few attempts cover several concurrent ingests.
_WRITE_ATTEMPTS = 5

Row = dict[str, Any]
T = TypeVar("T")


class Backend(Protocol):
    """What one database supplies to :class:`Store`."""

    name: str  # the path or URL (without password) that messages name
    types: ColumnTypes
    errors: tuple[type[Exception], ...]  # the driver's errors, turned into StoreError
    retryable: tuple[type[Exception], ...]  # errors after which a transaction is run again
    write_hint: str  # what to check when a write fails
    tables_sql: str  # the store's tables, one per row in column "name"

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of a SELECT, as dicts."""

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; the number of rows it changed."""

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """Run a statement once per parameter row."""

    def transaction(self) -> AbstractContextManager[None]:
        """A write transaction: committed on leaving, rolled back on an exception."""

    def lock_schema(self) -> None:
        """Within a transaction: keep concurrent openers from migrating at the same time."""

    def physical_check(self) -> list[str]:
        """The database's own check of its files: problems found, none when sound."""

    def close(self) -> None:
        """Release the connection."""


@dataclass
class AddResult:
    """What one ``add`` did: documents added and skipped as already stored (same content hash),
    and id clashes resolved by renaming, as (id given, id stored) pairs."""

    added: int = 0
    skipped: int = 0
    renamed: list[tuple[str, str]] = field(default_factory=list)


def now() -> str:
    """The time as the store records it (``added_at``, ``failed_at``): ISO 8601, UTC, to the
    microsecond, so that what one run added sorts before the next run's start."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class Store:
    """Documents and facts in one database (SQLite or PostgreSQL). Open it with
    :func:`crisisdesk.store.open_store`."""

    def __init__(self, backend: Backend) -> None:
        self._db = backend
        self.path = backend.name

    # --- life cycle ------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

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
        """"ok" when sound, else the problems found: the database's own check of its files,
        and fact rows whose document is missing."""
        problems = self._db.physical_check()
        for table in FACT_TABLES:
            orphans = self._query(
                f"SELECT COUNT(*) AS n FROM {table} f "
                "WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = f.doc_id)"
            )[0]["n"]
            if orphans:
                problems.append(f"{table}: {orphans} rows of missing documents")
        return "\n".join(problems) or "ok"

    def row_counts(self) -> dict[str, int]:
        """Rows per table (documents, each fact table, failures)."""
        return {
            table: int(self._query(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])
            for table in ALL_TABLES
        }

    # --- writing -----------------------------------------------------------------------------

    def add(self, batch: Sequence[tuple[Document, DocumentFacts]]) -> AddResult:
        """Store documents with their facts in one transaction.

        A document whose content hash is stored already is skipped; one whose id is taken by a
        different text is stored as ``<id>~<short hash>`` (reported in ``renamed``). A stored
        document clears any failure recorded for its origin.
        """
        for document, facts in batch:
            _check_pair(document, facts)

        def write() -> AddResult:
            result = AddResult()
            stored = self.known_hashes(document.hash for document, _ in batch)
            fact_rows: dict[str, list[list[Any]]] = {table: [] for table in FACT_TABLES}
            origins = []
            for document, facts in batch:
                doc_id = None if document.hash in stored else self._insert_document(document, facts)
                if doc_id is None:
                    result.skipped += 1
                    continue
                stored.add(document.hash)
                if doc_id != document.id:
                    result.renamed.append((document.id, doc_id))
                for table, rows in _fact_rows(doc_id, facts):
                    fact_rows[table] += rows
                if document.origin:
                    origins.append(document.origin)
                result.added += 1
            for table, rows in fact_rows.items():
                if rows:
                    self._db.run_many(_FACT_INSERTS[table], rows)
            for chunk in _chunks(origins):
                self._db.run(f"DELETE FROM failures WHERE origin IN ({_marks(chunk)})", chunk)
            return result

        return self._write(write, "write failed ({exc}); nothing of this batch was kept")

    def replace_facts(self, doc_id: str, facts: DocumentFacts) -> None:
        """Replace a stored document's facts (and its publication date) with a new extraction
        of the same text, in one transaction: the feed dating a report stored undated."""
        stored = self._document_row(doc_id)
        if facts.hash and facts.hash != stored["hash"]:
            raise ValueError(f"facts of another text cannot replace those of {doc_id!r}")

        def write() -> None:
            self._db.run(
                "UPDATE documents SET published = ?, published_estimated = ?, errors = ? "
                "WHERE id = ?",
                (facts.published, facts.published_estimated,
                 json.dumps(facts.errors, ensure_ascii=False), doc_id),
            )
            for table, rows in _fact_rows(doc_id, facts):
                self._db.run(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
                if rows:
                    self._db.run_many(_FACT_INSERTS[table], rows)

        self._write(write, "could not replace the facts ({exc}); the old ones stay")

    def add_failure(self, origin: str, reason: str) -> None:
        """Record an input that could not be read or extracted (replacing an older reason)."""

        def write() -> None:
            self._db.run(
                "INSERT INTO failures (origin, reason, failed_at) VALUES (?, ?, ?) "
                "ON CONFLICT (origin) DO UPDATE SET reason = excluded.reason, "
                "failed_at = excluded.failed_at",
                (origin, reason, now()),
            )

        self._write(write, "could not record a failure ({exc})")

    def _write(self, work: Callable[[], T], failure: str) -> T:
        """``work`` in one transaction, run again where the database aborted it to break a
        deadlock; the driver's errors become a :class:`StoreError` (``failure`` + the hint)."""
        for attempt in range(_WRITE_ATTEMPTS):
            try:
                with self._db.transaction():
                    return work()
            except self._db.retryable:
                if attempt + 1 == _WRITE_ATTEMPTS:
                    raise StoreError(
                        f"{self.path}: {failure.format(exc='deadlocked repeatedly')}. "
                        "Run fewer concurrent writers."
                    ) from None
            except self._db.errors as exc:
                message = failure.format(exc=exc)
                raise StoreError(f"{self.path}: {message}. {self._db.write_hint}") from exc
        raise AssertionError("unreachable: every attempt returns or raises")

    def _insert_document(self, document: Document, facts: DocumentFacts) -> str | None:
        """Insert the document row under the first free id; None when its text is stored
        (by a concurrent writer, or earlier in the batch)."""
        values = {
            "hash": document.hash,
            "text": document.text,
            "source": facts.source,
            "url": facts.url,
            "title": facts.title,
            "published": facts.published,
            "published_estimated": facts.published_estimated,
            "language": facts.language,
            "author": document.author,
            "origin": document.origin,
            "errors": json.dumps(facts.errors, ensure_ascii=False),
            "added_at": now(),
        }
        for candidate in _candidate_ids(document):
            values["id"] = candidate
            if self._db.run(_DOCUMENT_INSERT, [values[c] for c in DOCUMENT_COLUMNS]):
                return candidate
            if self.has_hash(document.hash):  # a concurrent writer stored the same text
                return None
        raise StoreError(f"{self.path}: no free id for document {document.id!r}")

    # --- reading -----------------------------------------------------------------------------

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return self._db.query(sql, params)
        except self._db.errors as exc:
            raise StoreError(f"{self.path}: read failed ({exc})") from exc

    def has_hash(self, hash_: str) -> bool:
        """Whether a document with this content hash is stored."""
        return bool(self._query("SELECT 1 AS found FROM documents WHERE hash = ?", (hash_,)))

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Those of ``hashes`` whose documents are stored (to skip them before extraction)."""
        known: set[str] = set()
        for chunk in _chunks(list(dict.fromkeys(hashes))):
            rows = self._query(f"SELECT hash FROM documents WHERE hash IN ({_marks(chunk)})", chunk)
            known.update(r["hash"] for r in rows)
        return known

    def failures(self) -> list[dict[str, Any]]:
        """Inputs that failed and have not been stored since: origin, reason, failed_at."""
        return self._query("SELECT origin, reason, failed_at FROM failures ORDER BY origin")

    def documents(self) -> list[dict[str, Any]]:
        """Stored documents' metadata (no text), in id order."""
        columns = ", ".join(c for c in DOCUMENT_COLUMNS if c not in ("text", "errors"))
        rows = self._query(f"SELECT {columns} FROM documents ORDER BY id")
        return [{**r, "published_estimated": bool(r["published_estimated"])} for r in rows]

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

    def _document_row(self, doc_id: str) -> Row:
        rows = self._query("SELECT * FROM documents WHERE id = ?", (doc_id,))
        if not rows:
            raise KeyError(f"no document {doc_id!r} in {self.path}")
        return rows[0]

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
            rows = self._query(f"SELECT * FROM {table} WHERE doc_id = ? ORDER BY seq", (doc_id,))
            setattr(facts, table, [record.from_dict(_decode(r, table)) for r in rows])
        return facts

    def all_facts(self) -> Iterator[DocumentFacts]:
        """The facts of every stored document, in id order."""
        ids = [r["id"] for r in self._query("SELECT id FROM documents ORDER BY id")]
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
        # Undated facts last, whichever way the database orders NULLs.
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

    def undated(self, added_before: str) -> list[str]:
        """The ids of the English documents stored undated before ``added_before`` (a
        timestamp from :func:`now`)."""
        rows = self._query(
            "SELECT id FROM documents WHERE published IS NULL AND errors = ? AND added_at < ? "
            "ORDER BY id",
            ("[]", added_before),
        )
        return [r["id"] for r in rows]

    def crisis_days(self, added_before: str | None = None) -> list[tuple[str, str, int]]:
        """(country, day, citations): the days the stored reports of each country's crisis
        cite — publication days and day-precise current event dates — each report counted
        under the country most of its places lie in (see :mod:`crisisdesk.feed`). Only
        reports added before ``added_before`` (a timestamp from :func:`now`) when given."""
        added = "AND d.added_at < ?" if added_before else ""
        sql = f"""
            WITH per AS (
                SELECT doc_id, country, COUNT(*) AS n, MIN(seq) AS first_seq FROM places
                WHERE country IS NOT NULL GROUP BY doc_id, country),
            main AS (
                SELECT doc_id, country FROM (
                    SELECT doc_id, country, ROW_NUMBER() OVER (
                        PARTITION BY doc_id ORDER BY n DESC, first_seq) AS rank_in_doc
                    FROM per) AS ranked
                WHERE rank_in_doc = 1),
            cited AS (
                SELECT d.id AS doc_id, SUBSTR(d.published, 1, 10) AS day FROM documents d
                WHERE d.published IS NOT NULL {added}
                UNION ALL
                SELECT e.doc_id, e."date" AS day FROM events e JOIN documents d ON d.id = e.doc_id
                WHERE e."date" IS NOT NULL AND e.date_precision = 1 AND e.historical = ? {added})
            SELECT main.country AS country, cited.day AS day, COUNT(*) AS n
            FROM main JOIN cited ON cited.doc_id = main.doc_id
            GROUP BY main.country, cited.day"""
        params: list[Any] = [added_before] if added_before else []
        params += [False, *params]
        return [(r["country"], r["day"], int(r["n"])) for r in self._query(sql, params)]

    def _select_facts(
        self, table: str, where: str, params: list[Any], order: str
    ) -> list[dict[str, Any]]:
        sql = (
            f"SELECT f.*, d.source AS source, d.published AS published FROM {table} f "
            f"JOIN documents d ON d.id = f.doc_id {where} "
            f"ORDER BY {order}, d.id, f.seq"
        )
        return [_decode(r, table) for r in self._query(sql, params)]


def _marks(values: Sequence[Any]) -> str:
    """One ``?`` per value, comma-separated."""
    return ", ".join("?" for _ in values)


def _chunks(values: list[str]) -> Iterator[list[str]]:
    """``values`` in lists short enough for one ``IN (...)``."""
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start : start + _IN_CHUNK]


_DOCUMENT_INSERT = (
    f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) "
    f"VALUES ({_marks(list(DOCUMENT_COLUMNS))}) ON CONFLICT DO NOTHING"
)
_FACT_INSERTS = {
    table: f"INSERT INTO {table} (doc_id, seq, {', '.join(map(quoted, record_columns(record)))}) "
    f"VALUES ({_marks(['doc_id', 'seq', *record_columns(record)])})"
    for table, record in FACT_TABLES.items()
}


def _fact_rows(doc_id: str, facts: DocumentFacts) -> Iterator[tuple[str, list[list[Any]]]]:
    """Per fact table, the parameter rows of one document's facts (lists as JSON text)."""
    for table, record in FACT_TABLES.items():
        columns = record_columns(record)
        as_json = JSON_COLUMNS[table]
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
        yield table, rows


def _candidate_ids(document: Document) -> tuple[str, ...]:
    """The ids a document may be stored under, in order: its own, then ones its text decides."""
    return (
        document.id,
        f"{document.id}~{document.hash[:_SHORT_HASH]}",
        f"{document.id}~{document.hash}",
    )


def _check_pair(document: Document, facts: DocumentFacts) -> None:
    if facts.id != document.id or (facts.hash and facts.hash != document.hash):
        raise ValueError(
            f"facts of {facts.id!r} do not belong to document {document.id!r} "
            "(id or content hash differ); store each document with its own extraction"
        )


def _decode(row: Row, table: str) -> Row:
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


def no_store_yet(name: str) -> StoreError:
    """The error for a store that must exist and does not."""
    return StoreError(
        f"{name}: no store here yet; run `crisisdesk ingest PATH... --db {name}` first"
    )


def open_checked(
    db: Backend,
    *,
    must_exist: bool,
    explain: Callable[[Exception], str],
    prepare: Sequence[str] = (),
) -> Store:
    """The store on a fresh connection: ``prepare`` statements run, then the schema migrated.
    On failure the connection is closed and the driver's error becomes a :class:`StoreError`
    saying ``explain(error)`` after the store's name."""
    try:
        for statement in prepare:
            db.run(statement)
        migrate(db, must_exist=must_exist)
    except StoreError:
        db.close()
        raise
    except db.errors as exc:
        db.close()
        raise StoreError(f"{db.name}: {explain(exc)}") from exc
    return Store(db)


def migrate(db: Backend, *, must_exist: bool) -> None:
    """Create the schema in an empty database; check an existing one is a store this version
    reads. Concurrent openers take turns (:meth:`Backend.lock_schema`)."""
    with db.transaction():
        db.lock_schema()
        tables = {r["name"] for r in db.query(db.tables_sql)}
        if tables and "schema_version" not in tables:
            raise StoreError(
                f"{db.name}: a database of another program (tables: "
                f"{', '.join(sorted(tables))}); pick another --db"
            )
        if not tables and must_exist:
            raise no_store_yet(db.name)
        version = None
        if tables:
            version = db.query("SELECT MAX(version) AS version FROM schema_version")[0]["version"]
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(
                f"{db.name}: written by a newer crisisdesk (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade crisisdesk"
            )
        if version == SCHEMA_VERSION:
            # No DDL on a current store: CREATE ... IF NOT EXISTS still locks the tables, and
            # deadlocked (PostgreSQL) with an opener that had created them and was writing.
            return
        for statement in create_statements(db.types):
            db.run(statement)
        if version is not None:
            for statement in upgrade_statements(version, db.types):
                db.run(statement)
        db.run("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
