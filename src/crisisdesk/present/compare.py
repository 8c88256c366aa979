"""The sources lined up against each other, as terminal tables (``crisisdesk compare``).

Three tables from one :class:`~crisisdesk.reconcile.Situation`, each fitting a 100-column
terminal (long cells are cut with "…"):

1. **Events**: each happening once, with the outlets that report it and how many of them are
   independent (syndicated copies and rewrites count once).
2. **Claim groups**: each figure group with its status (agree, grows, contradicts, single),
   the range of figures reported and the conservative figure ACLED would code; below the
   table, each group's explanation under its row number (wrapped, never cut).
3. **Framing**: per source and actor group, the labels used and how often.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from crisisdesk.present.tables import fit, format_value, number, render
from crisisdesk.reconcile.situation import ClaimGroup, FramingCell, Situation, SituationEvent
from crisisdesk.vocab import MEASURES

# A 100-column terminal (the brief for compare and report): fixed columns first, the last
# column of width 0 takes what is left.
WIDTH = 100
# Event ids are "ev-" and 12 hex digits (reconcile); a date is 10 wide, plus the mark of a
# historical event.
_EVENT_COLUMNS = (
    ("id", 15), ("date", 11), ("kind", 20), ("location", 12), ("indep", 5), ("sources", 0),
)
_HISTORICAL = "*"
_GROUP_COLUMNS = (
    ("#", 3), ("measure", 12), ("who", 16), ("location", 14), ("status", 11), ("range", 0),
    ("conservative", 12),
)
_FRAMING_COLUMNS = (("source", 28), ("actor group", 15), ("labels (count)", 0))
_INDENT = 5  # "123. " before each explanation


def count_of(n: int, word: str) -> str:
    """ "1 event", "3 events"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def source_names(situation: Situation) -> dict[str, str]:
    """Each document id's outlet name (the id itself where the outlet is unknown)."""
    return {d.id: d.source or d.id for d in situation.documents}


def outlets(doc_ids: Sequence[str], names: dict[str, str]) -> list[str]:
    """The distinct outlets of these documents, in the order of first appearance."""
    return list(dict.fromkeys(names.get(doc, doc) for doc in doc_ids))


def measure_order(group: ClaimGroup) -> tuple[int, str, str, str]:
    """Sort key of claim groups: by measure as vocab lists them, then group, place, id."""
    order = MEASURES.index(group.measure) if group.measure in MEASURES else len(MEASURES)
    return (order, group.who or "", group.location or "", group.id)


# The unit of a price group compared as new/old ratios (reconcile.ledger).
RATIO = "ratio"


def group_figure(value: float, group: ClaimGroup, *, unit: bool = True) -> str:
    """One figure of a group as a reader wants it: "1,200", "×1.30" for a price ratio (to two
    decimals, the precision of a reported percentage), "349 rupees per litre" (without the
    unit if not ``unit``)."""
    if group.unit == RATIO:
        return f"×{value:.2f}"
    return number(value) + (f" {group.unit}" if unit and group.unit else "")


def figure_range(group: ClaimGroup) -> str:
    """The span of figures of a group: "13", "200 to 2,000", "70 to 120 tenge", "×1.30"."""
    if group.low is None or group.high is None:
        return ""
    if group.low == group.high:
        return group_figure(group.low, group)
    return f"{group_figure(group.low, group, unit=False)} to {group_figure(group.high, group)}"


def conservative(group: ClaimGroup) -> str:
    """The figure ACLED would code for the group, or "" when there is none."""
    if group.conservative is None:
        return ""
    return group_figure(group.conservative, group, unit=False)


def label_counts(cells: Sequence[FramingCell]) -> str:
    """Labels of one (source, actor group) with their counts, most used first: "rioters ×3"."""
    ranked = sorted(cells, key=lambda c: (-c.count, c.label))
    return ", ".join(f"{c.label} ×{c.count}" for c in ranked)


def framing_rows(framing: Sequence[FramingCell]) -> list[tuple[str, str, list[FramingCell]]]:
    """The framing cells grouped by (source, actor group), sorted by both."""
    cells: dict[tuple[str, str], list[FramingCell]] = defaultdict(list)
    for cell in framing:
        cells[(cell.source, cell.actor_group)].append(cell)
    return [(source, group, cells[(source, group)]) for source, group in sorted(cells)]


def _event_row(event: SituationEvent, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": event.id,
        "date": (event.date or "?") + (_HISTORICAL if event.historical else ""),
        "kind": event.kind,
        "location": event.location or "-",
        "indep": f"{event.independent_sources}/{len(event.sources)}",
        "sources": ", ".join(outlets(event.sources, names)),
    }


def _group_row(n: int, group: ClaimGroup) -> dict[str, Any]:
    figures = {format_value(c.to_dict()) for c in group.claims}
    return {
        "#": n,
        "measure": group.measure,
        "who": group.who or "-",
        "location": group.location or "-",
        "status": group.status,
        "range": figure_range(group) or ", ".join(sorted(figures)),
        "conservative": conservative(group),
    }


def _explanations(groups: Sequence[ClaimGroup], width: int) -> list[str]:
    """Why each claim group has its status, numbered as in its table, wrapped to ``width``."""
    lines = []
    for n, group in enumerate(groups, 1):
        wrapped = textwrap.wrap(group.explanation, width - _INDENT) or [""]
        lines += [(f"{n:>3}. " if i == 0 else " " * _INDENT) + fit(text, width - _INDENT).rstrip()
                  for i, text in enumerate(wrapped)]
    return lines


def _table(title: str, columns: Sequence[tuple[str, int]], rows: list[dict[str, Any]],
           width: int) -> str:
    return f"{title}\n" + (render(columns, rows, width) if rows else "  (none)")


def compare_tables(situation: Situation, width: int = WIDTH) -> str:
    """The events, claim groups and framing of ``situation`` as three plain-text tables."""
    names = source_names(situation)
    scope = f" (reported by {situation.as_of})" if situation.as_of else ""
    events = [_event_row(e, names) for e in situation.events]
    ordered = sorted(situation.claim_groups, key=measure_order)
    groups = [_group_row(n, g) for n, g in enumerate(ordered, 1)]
    framing = [
        {"source": source, "actor group": group, "labels (count)": label_counts(cells)}
        for source, group, cells in framing_rows(situation.framing)
    ]
    return "\n\n".join([
        f"{count_of(len(situation.documents), 'document')}, {count_of(len(events), 'event')}, "
        f"{count_of(len(groups), 'claim group')}{scope}",
        _table(f"Events (indep = independent sources / all sources; {_HISTORICAL} = historical, "
               "recalled as background)", _EVENT_COLUMNS, events, width),
        "\n".join([_table("Claim groups", _GROUP_COLUMNS, groups, width),
                   *_explanations(ordered, width)]),
        _table("Framing: labels each source uses for each actor group", _FRAMING_COLUMNS,
               framing, width),
    ])
