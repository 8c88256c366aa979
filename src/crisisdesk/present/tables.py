"""Readable fixed-width tables for the terminal: events, claims, and the demo's summary.

Cells are cut to their column's *display* width (East Asian wide characters take two columns,
combining marks none), so tables stay aligned for names in any script.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any, Protocol

from crisisdesk.vocab import MEASURES, VAGUE_AMOUNTS

# A 120-column terminal: fixed columns first, a column of width 0 takes the rest.
DEFAULT_WIDTH = 120
_MIN_FLEX_WIDTH = 12  # below this a quote or source name says nothing
_GAP = "  "
_EVENT_COLUMNS = (("date", 10), ("kind", 24), ("location", 16), ("source", 18), ("quote", 0))
_CLAIM_COLUMNS = (
    ("measure", 12), ("value", 16), ("who", 14), ("attributed_to", 20), ("location", 14),
    ("as_of", 10), ("source", 0),
)
_QUALIFIER_SIGNS = {"at_least": "≥", "more_than": ">", "about": "~", "up_to": "≤"}
# The vague words of a quote, longest first so "tens of thousands" wins over "thousands".
_VAGUE_WORDS = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(VAGUE_AMOUNTS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


class _Readable(Protocol):
    def documents(self) -> list[dict[str, Any]]: ...
    def events(self) -> list[dict[str, Any]]: ...
    def claims(self) -> list[dict[str, Any]]: ...
    def failures(self) -> list[dict[str, Any]]: ...


# --- cells -------------------------------------------------------------------------------------


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes."""
    return sum(_char_width(c) for c in text)


def _one_line(value: Any) -> str:
    """The value as one line of printable text: whitespace runs become one space, and control
    characters (a terminal escape sequence in a scraped quote) are dropped."""
    text = "" if value is None else " ".join(str(value).split())
    return "".join(c for c in text if unicodedata.category(c) != "Cc")


def fit(value: Any, width: int) -> str:
    """``value`` on one line, cut with "…" to at most ``width`` columns and padded to exactly
    ``width`` columns."""
    text = _one_line(value)
    if display_width(text) > width:
        kept, used = [], 0
        for char in text:
            used += _char_width(char)
            if used > width - 1:
                break
            kept.append(char)
        text = "".join(kept) + "…"
    return text + " " * (width - display_width(text))


def render(columns: Sequence[tuple[str, int]], rows: Sequence[dict[str, Any]],
           width: int = DEFAULT_WIDTH) -> str:
    """A table with a header and a rule. A column of width 0 is as wide as its widest cell,
    up to what ``width`` leaves."""
    fixed = sum(w for _, w in columns) + len(_GAP) * (len(columns) - 1)
    names = [name for name, _ in columns]
    widths = [
        w or min(
            max(display_width(_one_line(v)) for v in [name, *(r.get(name) for r in rows)]),
            max(_MIN_FLEX_WIDTH, width - fixed),
        )
        for name, w in columns
    ]
    lines = [
        _GAP.join(fit(name, w) for name, w in zip(names, widths, strict=True)),
        _GAP.join("-" * w for w in widths),
        *(
            _GAP.join(fit(row.get(name), w) for name, w in zip(names, widths, strict=True))
            for row in rows
        ),
    ]
    return "\n".join(line.rstrip() for line in lines)


# --- figures -----------------------------------------------------------------------------------


def number(value: float) -> str:
    """A figure as people write it: "1,000", "2.5", "13"."""
    return f"{value:,.10g}"


def _vague_word(claim: dict[str, Any]) -> str | None:
    """The vague word of the claim's quote that stands for its value ("dozens" for 12)."""
    for match in _VAGUE_WORDS.finditer(claim.get("quote") or ""):
        if VAGUE_AMOUNTS[match.group().lower()] == claim["value"]:
            return match.group().lower()
    return None


def format_value(claim: dict[str, Any]) -> str:
    """A claim's figure with its qualifier: "≥13", "~400", "40–50", "dozens (12)", "120 tenge"."""
    value = number(claim["value"])
    if claim.get("value_max") is not None:
        link = " → " if claim.get("change") else "–"  # a price from 70 to 120, a range 40-50
        value = f"{value}{link}{number(claim['value_max'])}"
    if claim.get("unit"):
        value = f"{value} {claim['unit']}"
    qualifier = claim.get("qualifier")
    if qualifier == "vague":
        return f"{_vague_word(claim) or 'vague'} ({value})"
    return _QUALIFIER_SIGNS.get(str(qualifier), "") + value


# --- tables ------------------------------------------------------------------------------------


def events_table(rows: Sequence[dict[str, Any]], width: int = DEFAULT_WIDTH) -> str:
    """Event mentions (rows of ``Store.events``): date, kind, location, source, quote."""
    if not rows:
        return "no events match (ingest reports first, or loosen the filters)"
    return render(_EVENT_COLUMNS, rows, width)


def claims_table(rows: Sequence[dict[str, Any]], width: int = DEFAULT_WIDTH) -> str:
    """Claims (rows of ``Store.claims``): measure, value with qualifier, who, attributed to,
    location, as of, source."""
    if not rows:
        return "no claims match (ingest reports first, or loosen the filters)"
    return render(_CLAIM_COLUMNS, [{**r, "value": format_value(r)} for r in rows], width)


def _span(group: list[dict[str, Any]]) -> str:
    """The lowest and highest figure of a group as reported: "40 to >200", "≥13", "60–80";
    a change ("from 299 to 389") counts both its figures, so changes span their ends."""
    if len({(c["value"], c["value_max"]) for c in group}) == 1:
        return format_value(group[0])
    if any(c.get("change") for c in group):
        ends = [float(v) for c in group for v in (c["value"], c["value_max"]) if v is not None]
        unit = f" {group[0]['unit']}" if group[0]["unit"] else ""
        return f"{number(min(ends))} to {number(max(ends))}{unit}"

    def top(claim: dict[str, Any]) -> float:
        return float(claim["value_max"] if claim["value_max"] is not None else claim["value"])

    low = min(group, key=lambda c: float(c["value"]))
    high = max(group, key=top)
    unit = f" {low['unit']}" if low["unit"] else ""
    bare = [format_value({**c, "unit": None}) for c in (low, high)]
    return f"{bare[0]} to {bare[1]}{unit}"


def _figure_groups(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (measure, group counted, unit): the range of figures across reports."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for claim in claims:
        groups[(claim["measure"], claim["who"] or "", claim["unit"] or "")].append(claim)
    rows: list[dict[str, Any]] = [
        {
            "measure": measure,
            "who": who or "-",
            "range": _span(group),
            "reports": len({c["doc_id"] for c in group}),
            "sources": len({c["source"] or c["doc_id"] for c in group}),
            "figures": len(group),
        }
        for (measure, who, _), group in groups.items()
    ]
    order = {m: i for i, m in enumerate(MEASURES)}
    rows.sort(key=lambda r: (order.get(r["measure"], len(order)), -r["reports"], r["who"]))
    return rows


def _section(title: str, columns: Sequence[tuple[str, int]], rows: Sequence[dict[str, Any]],
             width: int) -> list[str]:
    return ["", title, render(columns, rows, width) if rows else "  (none)"]


def summary(store: _Readable, width: int = DEFAULT_WIDTH) -> str:
    """What the store holds: documents by source, events by kind, and the key figures per
    measure with their range across reports."""
    documents, events, claims = store.documents(), store.events(), store.claims()
    failed = len(store.failures())
    sources = Counter(d["source"] or "(unknown)" for d in documents)
    kinds = Counter(e["kind"] for e in events)
    return "\n".join([
        f"{len(documents)} documents, {len(events)} event mentions, {len(claims)} figures"
        + (f"; {failed} inputs failed (see `crisisdesk ingest` output)" if failed else ""),
        *_section(
            "Documents by source", (("documents", 9), ("source", 0)),
            [{"source": s, "documents": n} for s, n in sorted(sources.items())], width,
        ),
        *_section(
            "Events by kind", (("mentions", 8), ("reports", 7), ("kind", 0)),
            [
                {"kind": kind, "mentions": n,
                 "reports": len({e["doc_id"] for e in events if e["kind"] == kind})}
                for kind, n in kinds.most_common()
            ],
            width,
        ),
        *_section(
            "Key figures (range across reports)",
            (("measure", 14), ("who", 18), ("reports", 7), ("sources", 7), ("figures", 7),
             ("range", 0)),
            _figure_groups(claims), width,
        ),
    ])
