"""STUB (being written): actors."""
from __future__ import annotations

from crisisdesk.extract.context import ActorMention, Analysis
from crisisdesk.records import Actor


def find_actors(analysis: Analysis) -> list[ActorMention]:
    return []


def actor_records(mentions: list[ActorMention]) -> list[Actor]:
    return []
