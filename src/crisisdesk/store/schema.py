"""The database schema, in one place: documents, one table per fact record, failures, version.

Fact tables are derived from the record dataclasses, so a field added to a record is a column
added here rather than a second list to keep in step. The SQL is plain (types TEXT, REAL,
INTEGER; quoted identifiers because the records use SQL keywords such as "end" as field names)
so that a PostgreSQL backend can run the same statements.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from crisisdesk.records import Actor, Claim, Event, Label, Place, Record

# Bump when a statement below changes; the store refuses files written by a newer version.
SCHEMA_VERSION = 1

# Child tables of a document: table name -> record type, in the order of DocumentFacts.
FACT_TABLES: dict[str, type[Record]] = {
    "places": Place,
    "claims": Claim,
    "events": Event,
    "actors": Actor,
    "labels": Label,
}

# The documents table: column -> declaration. Metadata is the facts' (the published date may be
# an estimate); author and origin come from the Document; errors is a JSON list.
DOCUMENT_COLUMNS: dict[str, str] = {
    "id": "TEXT PRIMARY KEY",
    "hash": "TEXT NOT NULL UNIQUE",
    "text": "TEXT NOT NULL",
    "source": "TEXT",
    "url": "TEXT",
    "title": "TEXT",
    "published": "TEXT",
    "published_estimated": "INTEGER NOT NULL DEFAULT 0",
    "language": "TEXT",
    "author": "TEXT",
    "origin": "TEXT",
    "errors": "TEXT NOT NULL DEFAULT '[]'",
    "added_at": "TEXT NOT NULL",
}

# All tables, for row counts; fact tables reference documents and go with them.
ALL_TABLES = ("documents", *FACT_TABLES, "failures")


def quoted(name: str) -> str:
    """An identifier quoted for SQL (record fields include keywords such as "end")."""
    return f'"{name}"'


def record_columns(record: type[Record]) -> list[str]:
    """The column names of a fact table: the record's field names, in order."""
    return [f.name for f in dataclasses.fields(record)]  # type: ignore[arg-type]


def _sql_type(annotation: Any) -> str:
    hint = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    names = {getattr(h, "__name__", str(h)) for h in hint}
    if "float" in names:
        return "REAL"
    if names & {"int", "bool"}:
        return "INTEGER"
    return "TEXT"  # str, and lists stored as JSON text


def _columns_of_type(record: type[Record], wanted: Any) -> frozenset[str]:
    hints = typing.get_type_hints(record)
    return frozenset(
        name
        for name in record_columns(record)
        if hints[name] is wanted or typing.get_origin(hints[name]) is wanted
    )


# Per fact table: the fields stored as JSON text (lists) and as 0/1 integers (booleans).
JSON_COLUMNS = {table: _columns_of_type(record, list) for table, record in FACT_TABLES.items()}
BOOL_COLUMNS = {table: _columns_of_type(record, bool) for table, record in FACT_TABLES.items()}


def _fact_table_sql(table: str, record: type[Record]) -> str:
    hints = typing.get_type_hints(record)
    columns = ",\n  ".join(
        f"{quoted(n)} {_sql_type(hints[n])}" for n in record_columns(record)
    )
    return (
        f"CREATE TABLE IF NOT EXISTS {table} (\n"
        "  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
        "  seq INTEGER NOT NULL,\n"
        f"  {columns},\n"
        "  PRIMARY KEY (doc_id, seq)\n)"
    )


def create_statements() -> list[str]:
    """Every CREATE statement of the schema, safe to run on an existing store."""
    documents = ",\n  ".join(f"{name} {decl}" for name, decl in DOCUMENT_COLUMNS.items())
    return [
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS documents (\n  {documents}\n)",
        "CREATE TABLE IF NOT EXISTS failures (\n"
        "  origin TEXT PRIMARY KEY,\n  reason TEXT NOT NULL,\n  failed_at TEXT NOT NULL\n)",
        *(_fact_table_sql(t, r) for t, r in FACT_TABLES.items()),
        'CREATE INDEX IF NOT EXISTS events_kind_date ON events (kind, "date")',
        "CREATE INDEX IF NOT EXISTS claims_measure ON claims (measure, as_of)",
    ]
