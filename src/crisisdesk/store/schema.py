"""The database schema, in one place: a documents table, one table per fact record, failures.

Fact tables are derived from the record dataclasses so that a field added to a record is a
column added here, not a second list to keep in step. Identifiers are quoted because the
records use SQL keywords as field names ("end").
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from crisisdesk.records import Actor, Claim, Event, Label, Place, Record

SCHEMA_VERSION = 1

# Child tables of a document: table name -> record type, in the order of DocumentFacts.
FACT_TABLES: dict[str, type[Record]] = {
    "places": Place,
    "claims": Claim,
    "events": Event,
    "actors": Actor,
    "labels": Label,
}

DOCUMENT_COLUMNS = (
    "id", "hash", "text", "source", "url", "title", "published", "published_estimated",
    "language", "author", "origin", "errors", "added_at",
)


def _sql_type(annotation: Any) -> str:
    hint = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    names = {getattr(h, "__name__", str(h)) for h in hint}
    if names & {"float"}:
        return "REAL"
    if names & {"int", "bool"}:
        return "INTEGER"
    return "TEXT"


def record_columns(record: type[Record]) -> list[str]:
    return [f.name for f in dataclasses.fields(record)]  # type: ignore[arg-type]


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
    columns = ",\n  ".join(f'"{n}" {_sql_type(hints[n])}' for n in record_columns(record))
    return (
        f"CREATE TABLE IF NOT EXISTS {table} (\n"
        "  doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
        "  seq INTEGER NOT NULL,\n"
        f"  {columns},\n"
        "  PRIMARY KEY (doc_id, seq)\n)"
    )


def create_statements() -> list[str]:
    statements = [
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
        """CREATE TABLE IF NOT EXISTS documents (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  source TEXT, url TEXT, title TEXT, published TEXT,
  published_estimated INTEGER NOT NULL DEFAULT 0,
  language TEXT, author TEXT, origin TEXT,
  errors TEXT NOT NULL DEFAULT '[]',
  added_at TEXT NOT NULL
)""",
        """CREATE TABLE IF NOT EXISTS failures (
  origin TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  failed_at TEXT NOT NULL
)""",
    ]
    statements += [_fact_table_sql(t, r) for t, r in FACT_TABLES.items()]
    statements += [
        'CREATE INDEX IF NOT EXISTS events_kind_date ON events (kind, "date")',
        "CREATE INDEX IF NOT EXISTS claims_measure ON claims (measure, as_of)",
    ]
    return statements
