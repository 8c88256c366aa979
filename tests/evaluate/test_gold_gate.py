"""The quality gate: extraction on the gold development sets stays at or above its floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crisisdesk.evaluate import evaluate
from crisisdesk.evaluate.score import Score

FLOORS = json.loads((Path(__file__).parent / "floors.json").read_text(encoding="utf-8"))


def _figures(total: Score) -> dict[str, float]:
    return {
        "places_recall": total.places.recall,
        "places_precision": total.places.precision,
        "claims_f1": total.claims.f1,
        "events_f1": total.events.f1,
        "event_places": total.event_places.value,
        "event_dates": total.event_dates.value,
        "attribution": total.attribution.value,
        "published_right": total.published.correct,
    }


@pytest.mark.parametrize("gold_name", ["seeds.json", "dev.json"])
def test_accuracy_at_or_above_floors(shared_dir: Path, gold_name: str) -> None:
    figures = _figures(evaluate(shared_dir / "gold" / gold_name).total)
    floors = FLOORS[gold_name]
    below = {k: (round(figures[k], 3), v) for k, v in floors.items() if figures[k] < v}
    assert not below, f"{gold_name}: below floor (measured, floor): {below}"
