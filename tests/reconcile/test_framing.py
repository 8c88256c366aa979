"""The framing matrix on labels written here (invented outlets reporting an invented unrest)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.reconcile import Mention, ReconcileItem
from crisisdesk.reconcile.framing import framing
from crisisdesk.records import Document, DocumentFacts, Label


def item(doc_id: str, text: str, labels: list[tuple[str, str]],
         source: str | None = None) -> ReconcileItem:
    """A document whose labels are (actor group, words) found in ``text``, in order."""
    found, at = [], 0
    for group, words in labels:
        start = text.index(words, at)
        found.append(Label(group, words.lower(), start, start + len(words)))
        at = start + 1
    document = Document(id=doc_id, text=text, source=source, published="2031-05-10")
    facts = DocumentFacts(id=doc_id, source=source, url=None, title=None,
                          published="2031-05-10", published_estimated=False, language="en",
                          hash=document.hash, labels=found)
    return ReconcileItem(document, facts)


STATE_TV = item(
    "tv1",
    "Rioters set fire to the mayor's office. The rioters were armed. Peacekeepers arrived.",
    [("protesters", "Rioters"), ("protesters", "rioters"), ("foreign_troops", "Peacekeepers")],
    source="State TV",
)
STATE_TV_LATER = item(
    "tv2", "Terrorist gangs attacked the police.",
    [("protesters", "Terrorist gangs"), ("security_forces", "police")], source="State TV",
)
EXILE = item(
    "ex1", "Protesters marched; the so-called peacekeepers, an invasion force, blocked them.",
    [("protesters", "Protesters"), ("foreign_troops", "so-called peacekeepers"),
     ("foreign_troops", "invasion force")],
)
CORPUS = [STATE_TV, STATE_TV_LATER, EXILE]


def test_cells_count_labels_per_source_and_group_with_evidence() -> None:
    cells = framing(CORPUS)
    rows = [(c.source, c.actor_group, c.label, c.count) for c in cells]
    assert rows == [
        ("State TV", "protesters", "rioters", 2),
        ("State TV", "protesters", "terrorist gangs", 1),
        ("State TV", "security_forces", "police", 1),
        ("State TV", "foreign_troops", "peacekeepers", 1),
        ("ex1", "protesters", "protesters", 1),  # no outlet name: the document id
        ("ex1", "foreign_troops", "invasion force", 1),
        ("ex1", "foreign_troops", "so-called peacekeepers", 1),
    ]
    assert cells[0].evidence == [Mention("tv1", "Rioters", 0, 7), Mention("tv1", "rioters", 44, 51)]
    assert cells[1].evidence == [Mention("tv2", "Terrorist gangs", 0, 15)]


def test_no_labels_no_cells() -> None:
    assert framing([item("x", "Nothing to see.", [])]) == []


@settings(max_examples=20, deadline=None)
@given(st.permutations(CORPUS))
def test_the_same_documents_in_any_order_give_the_same_matrix(
    order: list[ReconcileItem],
) -> None:
    assert framing(order) == framing(CORPUS)
