"""STUB (being written): framing labels."""
from __future__ import annotations

from crisisdesk.extract.context import Analysis
from crisisdesk.records import Label


def find_labels(analysis: Analysis) -> list[Label]:
    return []
