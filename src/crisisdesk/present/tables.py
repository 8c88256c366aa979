"""Readable fixed-width tables for the terminal: events, claims, and the demo's summary."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, Protocol

# Column widths chosen to fit a 120-column terminal with the quote taking what is left.
_EVENT_COLUMNS = (("date", 10), ("kind", 22), ("location", 16), ("source", 20), ("quote", 48))
_CLAIM_COLUMNS = (
    ("measure", 14), ("value", 12), ("who", 15), ("attributed_to", 22), ("location", 14),
    ("as_of", 10), ("source", 20),
)
_QUALIFIER_SIGNS = {"at_least": "≥", "more_than": ">", "about": "~", "up_to": "≤"}


class _Readable(Protocol):
    def documents(self) -> list[dict[str, Any]]: ...
    def events(self) -> list[dict[str, Any]]: ...
    def claims(self) -> list[dict[str, Any]]: ...


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def render(columns: Sequence[tuple[str, int]], rows: Sequence[dict[str, Any]]) -> str:
    """A table with a header line; each cell cut to its column's width."""
    header = "  ".join(name.ljust(width) for name, width in columns)
    lines = [header.rstrip(), "  ".join("-" * width for _, width in columns)]
    for row in rows:
        cells = [_cell(row.get(name), width).ljust(width) for name, width in columns]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def format_value(claim: dict[str, Any]) -> str:
    """A claim's figure with its qualifier: "≥13", "~400", "40–50", "12 (vague)"."""
    value = f"{claim['value']:,.10g}"
    if claim.get("value_max") is not None:
        value = f"{value}–{claim['value_max']:,.10g}"
    if claim.get("unit"):
        value = f"{value} {claim['unit']}"
    qualifier = claim.get("qualifier")
    if qualifier == "vague":
        return f"{value} (vague)"
    return _QUALIFIER_SIGNS.get(str(qualifier), "") + value


def events_table(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return "no events match (ingest reports first, or loosen the filters)"
    return render(_EVENT_COLUMNS, rows)


def claims_table(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return "no claims match (ingest reports first, or loosen the filters)"
    return render(_CLAIM_COLUMNS, [{**r, "value": format_value(r)} for r in rows])


def summary(store: _Readable) -> str:
    """What the store holds: documents by source, events by kind, every figure by measure."""
    documents = store.documents()
    events = store.events()
    claims = store.claims()
    lines = [f"{len(documents)} documents, {len(events)} event mentions, {len(claims)} figures", ""]
    lines.append("Sources:")
    for source, n in sorted(Counter(d["source"] or "(unknown)" for d in documents).items()):
        lines.append(f"  {source}: {n}")
    lines.append("")
    lines.append("Events by kind:")
    for kind, n in Counter(e["kind"] for e in events).most_common():
        lines.append(f"  {kind:<30} {n}")
    lines.append("")
    lines.append("Figures by measure (value, who, claimed by, as of, source):")
    by_measure: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in claims:
        by_measure[claim["measure"]].append(claim)
    for measure, group in sorted(by_measure.items()):
        lines.append(f"  {measure}:")
        for c in sorted(group, key=lambda c: (c["as_of"] or "", c["value"])):
            who = c["who"] or "-"
            said = c["attributed_to"] or "unattributed"
            lines.append(
                f"    {format_value(c):>14}  {who:<16} {said[:28]:<28} "
                f"{c['as_of'] or '?':<10}  {c['source'] or c['doc_id']}"
            )
    return "\n".join(lines)
