"""The unit reconciliation works on: one document with what extraction found in it."""

from __future__ import annotations

from dataclasses import dataclass

from crisisdesk.records import Document, DocumentFacts


@dataclass
class ReconcileItem:
    """One document (text included), its facts, and the earlier document it duplicates, if any."""

    document: Document  # crisisdesk.records.Document (text included)
    facts: DocumentFacts
    independent_of: str | None = None  # id of the earlier document this one duplicates, if any
