"""STUB (being written): place mentions resolved against GeoNames."""
from __future__ import annotations

from crisisdesk.extract.context import Analysis, PlaceMention
from crisisdesk.records import Place


def find_places(analysis: Analysis) -> list[PlaceMention]:
    return []


def unique_places(mentions: list[PlaceMention]) -> list[Place]:
    return []
