"""The framing matrix: how each source names each actor group ("rioters", "terrorist gangs";
"peacekeepers", "invasion"), with counts and the evidence.

One cell per (source, actor group, label) over every document's extracted labels. The source is
the document's outlet (``source``), else its id. Labels compare case- and space-insensitively
("Terrorist  gangs" is "terrorist gangs"). A syndicated copy counts under the outlet that ran
it: republishing a story's words is that outlet's framing too.

Cells come sorted by source, actor group (in the order of :data:`crisisdesk.vocab.ACTOR_GROUPS`,
unknown groups after), most used label first, then label; evidence in document and text order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from crisisdesk.reconcile.items import ReconcileItem
from crisisdesk.reconcile.situation import FramingCell, Mention
from crisisdesk.vocab import ACTOR_GROUPS


def _label_key(label: str) -> str:
    return " ".join(label.lower().split())


def _group_order(actor_group: str) -> int:
    return ACTOR_GROUPS.index(actor_group) if actor_group in ACTOR_GROUPS else len(ACTOR_GROUPS)


def framing(items: Sequence[ReconcileItem]) -> list[FramingCell]:
    """The framing matrix of these documents (see the module docstring)."""
    cells: dict[tuple[str, str, str], list[Mention]] = defaultdict(list)
    for item in items:
        facts, text = item.facts, item.document.text
        source = facts.source or item.document.source or facts.id
        for label in facts.labels:
            quote = text[label.start:label.end] if 0 <= label.start < label.end else ""
            cells[(source, label.actor_group, _label_key(label.label))].append(
                Mention(facts.id, quote or label.label, label.start, label.end)
            )
    matrix = [
        FramingCell(source, group, label, len(evidence),
                    sorted(evidence, key=lambda m: (m.doc, m.start, m.end)))
        for (source, group, label), evidence in cells.items()
    ]
    matrix.sort(key=lambda c: (c.source, _group_order(c.actor_group), c.actor_group, -c.count,
                               c.label))
    return matrix
