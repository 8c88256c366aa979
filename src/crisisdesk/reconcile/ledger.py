"""The claims ledger: every figure the documents report, grouped, and how the figures relate.

1. **Groups.** A claim's group is its measure, the group it counts (``who``), its place scope
   (the canonical place of its ``location``: a figure for a country is another scope than one
   for a city in it) and, for prices, the currency unit. A count that names no specific group
   ("people", or nothing) joins the one specific unarmed group its measure and scope have
   ("protesters"), if there is exactly one; security forces and foreign troops are never
   merged with it, since a total of "people" may include them. A claim with no place joins the
   one place its measure and group have, if there is exactly one; a relative price change
   ("doubled", "by 50 percent") joins the one currency unit of its commodity, if there is
   exactly one. Commodities compare by their head noun ("liquefied gas" is "gas").
   Non-cumulative counts (participants, troops, intensive care, other) are also split by day:
   a crowd on Monday is not the crowd on Tuesday.
2. **Status** (:data:`crisisdesk.reconcile.situation.STATUSES`). Each figure is read as the
   interval its qualifier allows (:func:`interval`); two figures are compatible when their
   intervals meet within :data:`TOLERANCE`. With one independent source (copies flagged by
   ``independent_of`` count as their original) a group is ``single``. Otherwise it
   ``contradicts`` when figures of the same day are incompatible (a claim is dated by its
   ``as_of``, else its document's publication day), or when a cumulative figure (killed,
   injured, arrested, hospitalized, missing) falls below an earlier day's; it ``grows`` when
   a cumulative measure's figures are incompatible only in a way a rising count explains
   (an undated figure may be placed at any time); else they ``agree``. Prices compare as the
   ratio new/old ("doubled" is 2, "from 70 to 120" is 1.71, "by 50 percent" is 1.5) where a
   claim is a change (``Claim.change``), and as the price level in the same unit otherwise
   (the new price of a from -> to pair, the whole of a range "between 70 and 120"); a price
   change is one
   happening whatever day each report gives it, so all of a price group's figures are
   compared. A cumulative group that contradicts can still hold one claimant's rising count
   (police 150, then 412, while lawyers say 1,200): its explanation then also names each
   claimant (:func:`claimant`) whose own dated figures only rise.
3. **Figures.** ``low``/``high`` span the reported values (ratios for a price group that has
   any); ``conservative`` is what ACLED would code: the lowest figure reported for the latest
   day (for a cumulative count; the lowest overall otherwise), vague words at their coded
   values ("dozens" is 12).

Ids are "g-" and a hash of the group key; groups come in vocabulary order of measure, then
group, place, unit and day. The same documents in any order give the same ledger.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from crisisdesk.reconcile.items import ReconcileItem
from crisisdesk.reconcile.situation import ClaimGroup, LedgerClaim
from crisisdesk.records import Claim
from crisisdesk.vocab import MEASURES

# Counts that only ever add up while a crisis goes on (the brief's list): a later, larger
# figure is an update, a later, smaller one a contradiction.
CUMULATIVE = frozenset({"killed", "injured", "arrested", "hospitalized", "missing"})
PRICE = "price"
# Words that count persons without saying which group: they join the one specific group; a
# count left without one is a count of "people".
GENERIC_WHO = frozenset({"people", "persons", "individuals"})
PEOPLE = "people"
# Groups a generic count never joins: a total of "people" hurt often includes them.
ARMED = frozenset({"security_forces", "foreign_troops"})
RELATIVE_UNITS = frozenset({"ratio", "percent"})

# Relative slack between two figures that still agree: 10% covers reporters' rounding ("nearly
# 200" for 190) and keeps "doubled" (2) apart from 70 -> 120 (1.71). Chosen by hand.
TOLERANCE = 0.10
# How far above "at least N" / "more than N" (or below "up to N") a figure can lie and still
# agree: a reporter with 20 would rather say "at least 20" than "at least 10" (by hand; it makes
# "at least 10" agree with 12 and "more than 200" disagree with 2,000).
OPEN_BOUND_SPAN = 1.5
# "about N" / "some N" / "a good N": within a quarter either way (by hand; "about 100" meets 80
# and 125).
ABOUT_SPAN = 0.25
# Most figures named one by one in an explanation before the middle ones are elided, to keep
# it on one line.
MAX_NAMED = 4

# Words naming the body a figure is attributed to (general news English), and the claimant
# each stands for, first listed first: "Police spokesman X", "the police" and "Police Media
# Division" are one claimant, whose count can rise while another one's contradicts it.
CLAIMANT_WORDS = {
    "police": "police", "army": "military", "military": "military", "health": "medical",
    "hospital": "medical", "doctors": "medical", "medics": "medical", "rights": "rights groups",
    "monitors": "rights groups", "activists": "rights groups", "lawyers": "lawyers",
    "opposition": "opposition", "ministry": "government", "government": "government",
    "officials": "government",
}

_RATIO = "ratio"
_COUNT = "count"
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class _Entry:
    """One claim with what grouping and comparing it needs from its document."""

    claim: Claim
    doc: str
    root: str  # the independent source: the original this document copies, or itself
    source: str | None
    published: str | None
    scope: str | None  # canonical place
    who: str | None  # normalised group counted (commodity head noun for prices)
    unit: str | None  # currency unit of a price level; None for relative changes and counts
    day: str | None  # the day the figure refers to: its ``as_of``, else its publication day


def interval(value: float, qualifier: str, value_max: float | None = None) -> tuple[float, float]:
    """The figures a reported value allows, as (low, high).

    "exact" is the value (or its range); "at_least"/"more_than" reach up to
    :data:`OPEN_BOUND_SPAN` times it, "up_to" down by the same factor, "about" a quarter either
    way; a vague amount ("dozens", coded 12) means at least its coded value and fewer than the
    next power of ten, which is the next rung of the vague words' scale ("hundreds").
    """
    high = value_max if value_max is not None and value_max >= value else value
    if qualifier in ("at_least", "more_than"):
        return value, max(high, value * OPEN_BOUND_SPAN)
    if qualifier == "up_to":
        return high / OPEN_BOUND_SPAN, high
    if qualifier == "about":
        return value * (1 - ABOUT_SPAN), high * (1 + ABOUT_SPAN)
    if qualifier == "vague" and value > 0:
        return value, max(high, 10 ** (math.floor(math.log10(value)) + 1))
    return value, high


def _compatible(intervals: Sequence[tuple[float, float]]) -> bool:
    """Whether every pair of intervals meets within the tolerance (on a line, that is the
    highest low against the lowest high)."""
    if not intervals:
        return True
    return max(lo for lo, _ in intervals) <= min(hi for _, hi in intervals) * (1 + TOLERANCE)


def _is_pair(claim: Claim) -> bool:
    """Whether a price claim is a from -> to pair (``value`` -> ``value_max``), not a range."""
    return claim.change and claim.value_max is not None and claim.unit not in RELATIVE_UNITS


def price_ratio(claim: Claim) -> float | None:
    """New price over old: a ratio claim's value, 1 + percent/100, or the from -> to pair
    (``value`` -> ``value_max``) of a price change; None for a price level or range."""
    if claim.unit == _RATIO:
        return claim.value
    if claim.unit == "percent":
        return 1 + claim.value / 100
    if _is_pair(claim) and claim.value_max is not None and claim.value > 0:
        return claim.value_max / claim.value
    return None


def _measures(entry: _Entry) -> dict[str, tuple[float, float]]:
    """What a figure can be compared on: a count; a price's ratio and/or its level."""
    claim = entry.claim
    if claim.measure != PRICE:
        return {_COUNT: interval(claim.value, claim.qualifier, claim.value_max)}
    found: dict[str, tuple[float, float]] = {}
    ratio = price_ratio(claim)
    if ratio is not None:
        found[_RATIO] = interval(ratio, claim.qualifier)
    if entry.unit is not None and claim.unit not in RELATIVE_UNITS:
        if _is_pair(claim) and claim.value_max is not None:  # the price now
            found[f"level:{entry.unit}"] = interval(claim.value_max, claim.qualifier)
        else:
            found[f"level:{entry.unit}"] = interval(claim.value, claim.qualifier, claim.value_max)
    return found


def _head_noun(text: str | None) -> str | None:
    words = (text or "").lower().split()
    return words[-1] if words else None


def _entries(items: Sequence[ReconcileItem]) -> list[_Entry]:
    entries = []
    for item in items:
        facts = item.facts
        places = {}
        for place in facts.places:
            places[place.name] = places[place.canonical] = place.canonical
        for claim in facts.claims:
            price = claim.measure == PRICE
            who = _head_noun(claim.who) if price else (claim.who or "").lower() or None
            unit = claim.unit.lower() if price and claim.unit else None
            published = facts.published or item.document.published
            entries.append(_Entry(
                claim=claim, doc=facts.id, root=item.independent_of or facts.id,
                source=facts.source or item.document.source, published=published,
                scope=places.get(claim.location or "", claim.location),
                who=None if who in GENERIC_WHO else who,
                unit=None if unit in RELATIVE_UNITS else unit,
                day=(claim.as_of or published or "")[:10] or None,
            ))
    return entries


def _fill(entries: list[_Entry], field: str, context: Callable[[_Entry], tuple[object, ...]],
          eligible: Callable[[str], bool] = lambda _: True) -> list[_Entry]:
    """Give each entry whose ``field`` is None the one eligible value its context has, if any."""
    values: dict[tuple[object, ...], set[str]] = defaultdict(set)
    for entry in entries:
        value = getattr(entry, field)
        if value is not None and eligible(value):
            values[context(entry)].add(value)
    filled = []
    for entry in entries:
        known = values.get(context(entry), set())
        if getattr(entry, field) is None and len(known) == 1:
            change: dict[str, Any] = {field: next(iter(known))}
            entry = dataclasses.replace(entry, **change)
        filled.append(entry)
    return filled


def _key(entry: _Entry) -> tuple[str, str, str, str, str]:
    """The group of an entry: measure, who, scope, unit and (non-cumulative counts) day."""
    measure = entry.claim.measure
    day = "" if measure in CUMULATIVE or measure == PRICE else entry.day or ""
    return (measure, entry.who or "", entry.scope or "", entry.unit or "", day)


def _sort_key(key: tuple[str, str, str, str, str]) -> tuple[int, str, str, str, str, str]:
    order = MEASURES.index(key[0]) if key[0] in MEASURES else len(MEASURES)
    return (order, *key)


def _status(measure: str, entries: list[_Entry]) -> str:
    """How the figures of one group relate (see the module docstring, step 2)."""
    if len({e.root for e in entries}) < 2:
        return "single"
    measured = [_measures(e) for e in entries]
    kinds = sorted({k for m in measured for k in m})
    if measure not in CUMULATIVE:
        agree = all(_compatible([m[k] for m in measured if k in m]) for k in kinds)
        return "agree" if agree else "contradicts"
    figures = [(e.day, m[_COUNT]) for e, m in zip(entries, measured, strict=True)]
    if _falls_or_clashes([(day, f) for day, f in figures if day is not None]):
        return "contradicts"
    return "agree" if _compatible([f for _, f in figures]) else "grows"


def _falls_or_clashes(dated: list[tuple[str, tuple[float, float]]]) -> bool:
    """Whether a cumulative count's dated figures clash on one day or fall from an earlier day."""
    by_day: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for day, figure in dated:
        by_day[day].append(figure)
    earlier_low = -math.inf  # the highest figure any earlier day established
    for day in sorted(by_day):
        figures = by_day[day]
        if not _compatible(figures):
            return True
        if min(hi for _, hi in figures) * (1 + TOLERANCE) < earlier_low:
            return True
        earlier_low = max(earlier_low, *(lo for lo, _ in figures))
    return False


def _value(entry: _Entry, ratios: bool) -> float | None:
    """The figure a group's range and conservative value are read in."""
    if ratios:
        return price_ratio(entry.claim)
    return entry.claim.value


def _figures(measure: str, entries: list[_Entry]) -> tuple[float | None, float | None,
                                                           float | None, bool]:
    """(low, high, conservative, in ratios) of a group (module docstring, step 3)."""
    ratios = measure == PRICE and any(price_ratio(e.claim) is not None for e in entries)
    valued = [(e, v) for e in entries if (v := _value(e, ratios)) is not None]
    if not valued:
        return None, None, None, ratios
    highs = [
        e.claim.value_max if not ratios and e.claim.value_max is not None else v
        for e, v in valued
    ]
    latest = [e.day for e, _ in valued if e.day is not None]
    last = max(latest) if measure in CUMULATIVE and latest else None
    coded = [v for e, v in valued if last is None or e.day == last]
    return min(v for _, v in valued), max(highs), min(coded), ratios


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == round(value) else f"{value:,.2f}"


_QUALIFIER_WORDS = {"at_least": "at least ", "more_than": "more than ", "about": "about ",
                    "up_to": "up to "}


def _figure_text(entry: _Entry) -> str:
    """One figure as an explanation names it: "at least 2,000", "×2", "120 tenge per liter"."""
    claim = entry.claim
    if claim.measure == PRICE and claim.unit in RELATIVE_UNITS:
        ratio = price_ratio(claim)
        text = f"×{_number(ratio)}" if ratio is not None else _number(claim.value)
    else:
        text = _number(claim.value)
        if claim.value_max is not None:
            text += f"–{_number(claim.value_max)}"
        if claim.measure == PRICE and claim.unit:
            text += f" {claim.unit}"
    if claim.qualifier == "vague":
        return f"{text} (vague)"
    return _QUALIFIER_WORDS.get(claim.qualifier, "") + text


def _day_text(day: str | None) -> str:
    if day is None:
        return "undated"
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        return day
    return f"{date:%b} {date.day}"


def _who_said(entry: _Entry) -> str:
    said = " ".join((entry.claim.attributed_to or entry.source or entry.doc).split())
    return said[4:] if said.lower().startswith("the ") else said


def claimant(attributed_to: str | None, root: str) -> str:
    """Who stands behind a figure: the claimant of the first :data:`CLAIMANT_WORDS` word its
    attribution holds, else the attribution itself, else its independent source ``root``."""
    said = " ".join((attributed_to or "").lower().split())
    words = set(_WORD.findall(said))
    return next((who for word, who in CLAIMANT_WORDS.items() if word in words), said or root)


def _rising(entries: list[_Entry]) -> list[str]:
    """Each claimant whose own dated figures in a cumulative group only rise, as "police 150
    (Mar 3) → 947 (Mar 7)", in claimant order."""
    series: dict[str, list[_Entry]] = defaultdict(list)
    for entry in entries:
        if entry.day is not None:
            series[claimant(entry.claim.attributed_to, entry.root)].append(entry)
    rising = []
    for who in sorted(series):
        own = sorted(series[who], key=lambda e: (e.day or "", e.claim.value))
        figures = [(e.day or "", _measures(e)[_COUNT]) for e in own]
        if _falls_or_clashes(figures) or _compatible([f for _, f in figures]):
            continue
        first, last = own[0], own[-1]
        rising.append(f"{who} {_figure_text(first)} ({_day_text(first.day)}) → "
                      f"{_figure_text(last)} ({_day_text(last.day)})")
    return rising


def explanation(status: str, entries: list[_Entry]) -> str:
    """One line: each independent source's figures, in time order (undated last), then the
    status: "Interior Ministry more than 200 (Jan 5) vs Daily X at least 2,000 (Jan 7): grows";
    a contradicting cumulative group adds the claimants whose own count rises ("; rising:
    police 150 (Mar 3) → 947 (Mar 7)")."""
    named: dict[tuple[str, str, str], str] = {}
    for entry in sorted(entries, key=lambda e: (e.day is None, e.day or "", e.claim.value)):
        figure = _figure_text(entry)
        key = (entry.root, figure, entry.day or "")
        if key not in named:
            named[key] = f"{_who_said(entry)} {figure} ({_day_text(entry.day)})"
    parts = list(named.values())
    if len(parts) > MAX_NAMED:
        half = MAX_NAMED // 2
        parts = [*parts[:half], f"{len(parts) - MAX_NAMED} more", *parts[-half:]]
    line = f"{' vs '.join(parts)}: {status}"
    rising = _rising(entries) if entries[0].claim.measure in CUMULATIVE else []
    if status == "contradicts" and rising:
        line += f"; rising: {'; '.join(rising)}"
    return line


def _ledger_claim(entry: _Entry) -> LedgerClaim:
    claim = entry.claim
    return LedgerClaim(
        doc=entry.doc, value=claim.value, qualifier=claim.qualifier, quote=claim.quote,
        start=claim.start, end=claim.end, value_max=claim.value_max,
        attributed_to=claim.attributed_to, as_of=claim.as_of, source=entry.source,
        published=entry.published, unit=claim.unit,
    )


def group_id(key: Iterable[str]) -> str:
    """A stable id for a group key: "g-" and 12 hex digits."""
    return "g-" + hashlib.sha1("|".join(key).encode("utf-8")).hexdigest()[:12]


def claim_groups(items: Sequence[ReconcileItem]) -> list[ClaimGroup]:
    """The claims ledger of these documents (see the module docstring)."""
    entries = sorted(_entries(items), key=lambda e: (e.day or "", e.doc, e.claim.start,
                                                     e.claim.end, e.claim.measure))
    entries = _fill(entries, "scope", lambda e: (e.claim.measure, e.who))
    entries = _fill(entries, "who", lambda e: (e.claim.measure, e.scope),
                    lambda who: who not in ARMED)
    entries = _fill(entries, "unit", lambda e: (e.claim.measure, e.who, e.scope))
    groups: dict[tuple[str, str, str, str, str], list[_Entry]] = defaultdict(list)
    for entry in entries:
        groups[_key(entry)].append(entry)
    ledger = []
    for key in sorted(groups, key=_sort_key):
        members = groups[key]
        measure, who, scope, unit, _ = key
        status = _status(measure, members)
        low, high, conservative, ratios = _figures(measure, members)
        ledger.append(ClaimGroup(
            id=group_id(key), measure=measure,
            who=who or (None if measure == PRICE else PEOPLE), location=scope or None,
            status=status, explanation=explanation(status, members),
            claims=[_ledger_claim(e) for e in members],
            unit=_RATIO if ratios else unit or None,
            low=low, high=high, conservative=conservative,
        ))
    return ledger
