"""The database schema, in one place: documents, one table per fact record, failures, version.

Fact tables are derived from the record dataclasses, so a field added to a record is a column
added here rather than a second list to keep in step. Every statement is written once; only the
column types differ between databases (:class:`ColumnTypes`), and identifiers are quoted
because the records use SQL keywords such as "end" as field names.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any

from crisisdesk.records import Actor, Claim, Event, Label, Place, Record

# Bump when a statement below changes; the store refuses databases written by a newer version.
SCHEMA_VERSION = 2

# Record fields added after schema 1, by the version that added them: a store written by an
# older version gets these columns when it is opened (older rows take the type's default).
ADDED_FIELDS: dict[int, list[tuple[str, str]]] = {
    2: [("claims", "change")],
}

# Child tables of a document: table name -> record type, in the order of DocumentFacts.
FACT_TABLES: dict[str, type[Record]] = {
    "places": Place,
    "claims": Claim,
    "events": Event,
    "actors": Actor,
    "labels": Label,
}


@dataclass(frozen=True)
class ColumnTypes:
    """How one database spells the column types the records need."""

    text: str
    real: str
    integer: str
    boolean: str
    false: str  # the boolean default


# SQLite: its own affinities, booleans as 0/1 (these are the declarations of schema 1).
SQLITE_TYPES = ColumnTypes(text="TEXT", real="REAL", integer="INTEGER", boolean="INTEGER",
                           false="0")
# PostgreSQL: 8-byte floats and integers so that values round-trip as exactly as in SQLite, and
# byte-order collation so that text sorts and compares as in SQLite, whatever the server locale.
POSTGRES_TYPES = ColumnTypes(text='TEXT COLLATE "C"', real="DOUBLE PRECISION", integer="BIGINT",
                             boolean="BOOLEAN", false="FALSE")

# The documents table: column -> (type, constraints). Metadata is the facts' (the published date
# may be an estimate); author and origin come from the Document; errors is a JSON list.
DOCUMENT_COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("text", "PRIMARY KEY"),
    "hash": ("text", "NOT NULL UNIQUE"),
    "text": ("text", "NOT NULL"),
    "source": ("text", ""),
    "url": ("text", ""),
    "title": ("text", ""),
    "published": ("text", ""),
    "published_estimated": ("boolean", "NOT NULL DEFAULT {false}"),
    "language": ("text", ""),
    "author": ("text", ""),
    "origin": ("text", ""),
    "errors": ("text", "NOT NULL DEFAULT '[]'"),
    "added_at": ("text", "NOT NULL"),
}

# All tables, for row counts; fact tables reference documents and go with them.
ALL_TABLES = ("documents", *FACT_TABLES, "failures")


def quoted(name: str) -> str:
    """An identifier quoted for SQL (record fields include keywords such as "end")."""
    return f'"{name}"'


def record_columns(record: type[Record]) -> list[str]:
    """The column names of a fact table: the record's field names, in order."""
    return [f.name for f in dataclasses.fields(record)]  # type: ignore[arg-type]


def _type_kind(annotation: Any) -> str:
    """The :class:`ColumnTypes` field for a record field's type annotation."""
    hint = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    names = {getattr(h, "__name__", str(h)) for h in hint}
    if "float" in names:
        return "real"
    if "bool" in names:
        return "boolean"
    if "int" in names:
        return "integer"
    return "text"  # str, and lists stored as JSON text


def _columns_of_type(record: type[Record], wanted: Any) -> frozenset[str]:
    hints = typing.get_type_hints(record)
    return frozenset(
        name
        for name in record_columns(record)
        if hints[name] is wanted or typing.get_origin(hints[name]) is wanted
    )


# Per fact table: the fields stored as JSON text (lists) and as booleans.
JSON_COLUMNS = {table: _columns_of_type(record, list) for table, record in FACT_TABLES.items()}
BOOL_COLUMNS = {table: _columns_of_type(record, bool) for table, record in FACT_TABLES.items()}


def _fact_table_sql(table: str, record: type[Record], spelled: ColumnTypes) -> str:
    hints = typing.get_type_hints(record)
    columns = ",\n  ".join(
        f"{quoted(n)} {getattr(spelled, _type_kind(hints[n]))}" for n in record_columns(record)
    )
    return (
        f"CREATE TABLE IF NOT EXISTS {table} (\n"
        f"  doc_id {spelled.text} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
        f"  seq {spelled.integer} NOT NULL,\n"
        f"  {columns},\n"
        "  PRIMARY KEY (doc_id, seq)\n)"
    )


def upgrade_statements(version: int, spelled: ColumnTypes) -> list[str]:
    """The statements that bring a store written by schema ``version`` up to this one."""
    statements = []
    for added_in, fields in sorted(ADDED_FIELDS.items()):
        if added_in <= version:
            continue
        for table, name in fields:
            kind = _type_kind(typing.get_type_hints(FACT_TABLES[table])[name])
            default = f" DEFAULT {spelled.false}" if kind == "boolean" else ""
            statements.append(
                f"ALTER TABLE {table} ADD COLUMN {quoted(name)} {getattr(spelled, kind)}{default}"
            )
    return statements


def create_statements(spelled: ColumnTypes) -> list[str]:
    """Every CREATE statement of the schema, safe to run on an existing store."""
    documents = ",\n  ".join(
        f"{name} {getattr(spelled, kind)} {constraints.format(false=spelled.false)}".rstrip()
        for name, (kind, constraints) in DOCUMENT_COLUMNS.items()
    )
    return [
        f"CREATE TABLE IF NOT EXISTS schema_version (version {spelled.integer} NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS documents (\n  {documents}\n)",
        "CREATE TABLE IF NOT EXISTS failures (\n"
        f"  origin {spelled.text} PRIMARY KEY,\n  reason {spelled.text} NOT NULL,\n"
        f"  failed_at {spelled.text} NOT NULL\n)",
        *(_fact_table_sql(t, r, spelled) for t, r in FACT_TABLES.items()),
        'CREATE INDEX IF NOT EXISTS events_kind_date ON events (kind, "date")',
        "CREATE INDEX IF NOT EXISTS claims_measure ON claims (measure, as_of)",
    ]
