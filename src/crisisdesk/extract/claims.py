"""STUB (being written): claims."""
from __future__ import annotations

from crisisdesk.extract.context import Analysis
from crisisdesk.records import Claim


def find_claims(analysis: Analysis) -> list[Claim]:
    return []
