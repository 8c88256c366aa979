"""The reconcile entry points: statuses, as-of restriction, determinism, reading a store."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.reconcile import ReconcileItem, Situation, reconcile, reconcile_store
from crisisdesk.store import open_store
from tests.reconcile.builders import COPY, INDEPENDENT, REWRITE, WIRE, event, item


def _corpus() -> list[ReconcileItem]:
    return [
        item("wire", WIRE, "2031-03-10",
             events=[event("riot", "set tyres on fire", "Lyon", "2031-03-10"),
                     event("protest", "walked off the job", "France", start=30)]),
        item("copy", COPY, "2031-03-10",
             events=[event("riot", "set tyres on fire", "Lyon", "2031-03-10")]),
        item("rewrite", REWRITE, "2031-03-11",
             events=[event("clash", "police used tear gas", "Lyon", "2031-03-10")]),
        item("own", INDEPENDENT, "2031-03-12",
             events=[event("clash", "fired tear gas", "Villeurbanne", "2031-03-11"),
                     event("protest", "a rally", "Marseille", "2031-03-12", start=20)]),
        item("late", "Later news.", "2031-03-20",
             events=[event("curfew", "a curfew", "Lyon", "2031-03-19")]),
        item("undated", "Undated news.", None,
             events=[event("protest", "a rally", "Lyon")]),
        item("foreign", "Les trams sont restés au dépôt.", "2031-03-10", language="fr"),
    ]


def test_statuses_duplicates_and_failures_are_listed() -> None:
    situation = reconcile(_corpus(), failures=[("feed.jsonl:7", "not UTF-8")])
    rows = [(d.id, d.status, d.duplicate_of, d.error) for d in situation.documents]
    assert rows == [
        ("copy", "ok", None, None),
        ("foreign", "non_english", None, None),
        ("wire", "ok", "copy", None),
        ("rewrite", "ok", "copy", None),
        ("own", "ok", None, None),
        ("late", "ok", None, None),
        ("undated", "ok", None, None),
        ("feed.jsonl:7", "failed", None, "not UTF-8"),
    ]
    riot = next(e for e in situation.events if e.kind in ("riot", "clash"))
    assert riot.sources == ["copy", "wire", "rewrite", "own"]
    assert riot.independent_sources == 2


def test_as_of_keeps_only_what_was_reported_by_then() -> None:
    full = reconcile(_corpus())
    early = reconcile(_corpus(), as_of="2031-03-11")
    assert early.as_of == "2031-03-11"
    assert [d.id for d in early.documents] == ["copy", "foreign", "wire", "rewrite"]
    assert {s for e in early.events for s in e.sources} == {"copy", "wire", "rewrite"}
    assert not any(e.kind == "curfew" for e in early.events)
    assert any(e.kind == "curfew" for e in full.events)
    riot = next(e for e in early.events if e.kind in ("riot", "clash"))
    assert riot.independent_sources == 1
    # ids of what remains do not change
    assert {e.id for e in early.events} <= {e.id for e in full.events}


def test_same_input_gives_the_same_situation() -> None:
    first = reconcile(_corpus()).to_dict()
    assert reconcile(_corpus()).to_dict() == first
    assert Situation.from_dict(first).to_dict() == first


@settings(max_examples=20, deadline=None)
@given(st.randoms(use_true_random=False))
def test_input_order_does_not_matter(rnd: random.Random) -> None:
    expected = reconcile(_corpus()).to_dict()
    shuffled = _corpus()
    rnd.shuffle(shuffled)
    for it in shuffled:
        rnd.shuffle(it.facts.events)
        rnd.shuffle(it.facts.actors)
    assert reconcile(shuffled).to_dict() == expected


def test_reconcile_store_reads_documents_facts_and_failures() -> None:
    with open_store(":memory:") as store:
        store.add([(i.document, i.facts) for i in _corpus()])
        store.add_failure("broken.html", "empty after boilerplate removal")
        situation = reconcile_store(store, as_of="2031-03-12")
    assert [d.id for d in situation.documents][-1] == "broken.html"
    expected = reconcile(_corpus(), as_of="2031-03-12",
                         failures=[("broken.html", "empty after boilerplate removal")])
    assert [e.to_dict() for e in situation.events] == [e.to_dict() for e in expected.events]
