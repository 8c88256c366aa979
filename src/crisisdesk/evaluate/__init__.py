"""Evaluate: extraction scored against hand-made gold files (``crisisdesk eval``).

:func:`evaluate` extracts the documents of a gold file as one feed, passing only the metadata a
feed would carry, the way ``crisisdesk extract`` would (undated reports dated by the feed's
other reports too: ``crisisdesk.batch``), and scores the facts with the definitions of
DESIGN.md (see ``score``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crisisdesk.batch import extract_stream
from crisisdesk.engine import EngineOptions, open_engine
from crisisdesk.evaluate.gold import GoldDocument, load_gold
from crisisdesk.evaluate.score import CHECKS, SECTIONS, Score, score_document, total
from crisisdesk.records import DocumentFacts

__all__ = ["GoldReport", "evaluate", "extract_feed", "format_report"]


@dataclass
class GoldReport:
    """The scores of one gold file: per document and in total."""

    path: str
    documents: list[Score]

    @property
    def total(self) -> Score:
        return total(self.documents)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.path,
            "total": self.total.to_dict(with_details=False),
            "documents": [d.to_dict() for d in self.documents],
        }


def extract_feed(
    golds: list[GoldDocument], on_document: Callable[[GoldDocument], None] | None = None
) -> list[DocumentFacts]:
    """The facts of the gold documents (in their order), extracted in this process as one
    feed, as ``crisisdesk extract`` would extract them; ``on_document`` is told of each."""
    facts: dict[str, DocumentFacts] = {}
    by_id = {gold.document.id: gold for gold in golds}
    with open_engine(EngineOptions(workers=1)) as engine:
        for outcome in extract_stream((g.document for g in golds), engine):
            assert outcome.document is not None  # every item is a document: none unread
            gold = by_id[outcome.document.id]
            facts[gold.document.id] = outcome.facts or _failed(gold, outcome.error)
            if on_document is not None:
                on_document(gold)
    return [facts[gold.document.id] for gold in golds]


def evaluate(
    path: str | Path, on_document: Callable[[GoldDocument], None] | None = None
) -> GoldReport:
    """Extract and score every document of the gold file at ``path``."""
    golds = load_gold(path)
    facts = extract_feed(golds, on_document)
    scores = [score_document(f, g) for f, g in zip(facts, golds, strict=True)]
    return GoldReport(path=str(path), documents=scores)


def _failed(gold: GoldDocument, reason: str | None) -> DocumentFacts:
    """No facts, and why, for a gold document extraction failed on."""
    facts = DocumentFacts.empty(gold.document)
    facts.errors.append(reason or "not extracted")
    return facts


_LABELS = {
    "places": "places",
    "claims": "claims",
    "events": "events",
    "event_places": "event places",
    "event_dates": "event dates",
    "attribution": "attribution",
    "published": "published (withheld)",
}


def format_report(report: GoldReport) -> str:
    """A readable table: P/R/F1 per section and the checks, per document and in total."""
    lines = [f"gold: {report.path} ({len(report.documents)} documents)"]
    header = f"{'document':<24}" + "".join(
        f"{_LABELS[s] + ' P/R/F1':>21}" for s in SECTIONS
    ) + "".join(f"{_LABELS[c]:>13}" for c in CHECKS[:3])
    lines.append(header)
    for score in [*report.documents, report.total]:
        row = f"{score.id[:23]:<24}"
        for s in SECTIONS:
            t = getattr(score, s)
            row += f"{t.precision:>9.2f}{t.recall:>6.2f}{t.f1:>6.2f}"
        for c in CHECKS[:3]:
            a = getattr(score, c)
            row += f"{a.value:>7.2f} {a.correct:>2}/{a.total:<2}"
        lines.append(row)
    t = report.total
    lines.append("")
    lines.append(
        f"places R/P {t.places.recall:.2f}/{t.places.precision:.2f}  claims F1 {t.claims.f1:.2f}  "
        f"events F1 {t.events.f1:.2f}  event places {t.event_places.value:.2f}  "
        f"event dates {t.event_dates.value:.2f}  attribution {t.attribution.value:.2f}  "
        f"published {t.published.correct}/{t.published.total} withheld right"
    )
    return "\n".join(lines)
