"""Inputs the engine tests share: the demo corpus, a chunk with one document too slow for a
short time budget, and extraction results as comparable plain data."""

from __future__ import annotations

from importlib import resources

from crisisdesk import batch
from crisisdesk.engine import EngineOptions
from crisisdesk.records import Document

DEMO = str(resources.files("crisisdesk") / "data" / "demo" / "reports.jsonl")
SHORT = "Riot police dispersed about 300 marchers outside the parliament in Valdora on Friday."


def facts_of(paths: list[str], options: EngineOptions) -> list[dict[str, object]]:
    """Every outcome of extracting ``paths`` with ``options``, as comparable plain data."""
    return [
        {"origin": o.origin, "error": o.error, "facts": o.facts and o.facts.to_dict()}
        for o in batch.extract_all(paths, engine=options)
    ]


# Seconds per document for the time-budget tests: 30 times what a short report takes here, so
# a loaded CI machine still finishes the short ones in time.
BUDGET = 0.6


def slow_chunk() -> list[Document]:
    # About 24,000 words: several seconds of parsing, far beyond a budget of BUDGET seconds on
    # any machine, while the short reports take about 0.02 s each.
    huge = " ".join([SHORT] * 2000)
    return [
        Document(id=name, text=text, language="en")
        for name, text in (("a", SHORT), ("huge", huge), ("b", SHORT + " Two were hurt."))
    ]
