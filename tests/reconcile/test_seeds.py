"""Reconcile on the five seed reports (../shared), extracted for real: what issue 3 must show."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisisdesk.evaluate.gold import load_gold
from crisisdesk.extract import extract
from crisisdesk.names import same_person
from crisisdesk.reconcile import ReconcileItem, Situation, reconcile


@pytest.fixture(scope="module")
def items(shared_dir: Path) -> list[ReconcileItem]:
    return [
        ReconcileItem(gold.document, extract(gold.document))
        for gold in load_gold(shared_dir / "gold" / "seeds.json")
    ]


@pytest.fixture(scope="module")
def situation(items: list[ReconcileItem]) -> Situation:
    return reconcile(items)


def test_the_presidents_spellings_are_one_actor(situation: Situation) -> None:
    people = [a for a in situation.actors if a.type == "person"]
    tokayev = [a for a in people if any(same_person(v, "Tokayev") for v in a.variants)]
    assert len(tokayev) == 1
    assert len(tokayev[0].variants) >= 3
    assert len(tokayev[0].documents) == 5


def test_emergency_or_dismissal_is_one_event_with_three_independent_sources(
    situation: Situation,
) -> None:
    confirmed = [
        e for e in situation.events
        if e.kind in ("state_of_emergency", "government_resignation")
        and e.independent_sources >= 3
    ]
    assert confirmed, [(e.kind, e.sources) for e in situation.events]


def test_past_happenings_are_not_merged_into_current_events(
    items: list[ReconcileItem], situation: Situation
) -> None:
    recalled = {
        (i.facts.id, e.start) for i in items for e in i.facts.events if e.historical
    }
    assert recalled  # the 2011 shooting, among others
    event_of = {(m.doc, m.start): e for e in situation.events for m in e.mentions}
    for span in recalled:
        event = event_of[span]
        assert event.historical
        assert all((m.doc, m.start) in recalled for m in event.mentions)
    assert not any(
        (m.doc, m.start) in recalled
        for e in situation.events
        if not e.historical
        for m in e.mentions
    )
