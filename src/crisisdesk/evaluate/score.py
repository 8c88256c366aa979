"""Scoring extracted facts against gold annotation, with the definitions of DESIGN.md.

- places: unique places per document; a prediction matches a gold place by name (its name as
  written or its canonical name, either side) or by coordinates within 30 km (cities, sites) or
  300 km (regions, countries).
- claims: each distinct (measure, value) figure counted once per document; values must be
  equal, or within a factor 2 where either side is a vague amount ("dozens"). Attribution is
  then checked on the matched figures.
- events: mention units, one per (kind family, sentence). A predicted unit matches a gold unit
  when its evidence starts in the sentence of the gold event's quote and the families agree. On
  the matched units, each gold event's place and calendar day are checked against the
  predictions of the unit (a historical gold event needs a prediction flagged historical).
- publication date: where the feed withholds it, the estimate must give the right day.

Sentences are found by :func:`split_sentences`, a rule-based splitter independent of the
extraction's own parser, so a system cannot move the goalposts by segmenting differently.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from unidecode import unidecode

from crisisdesk.evaluate.gold import GoldDocument
from crisisdesk.geo import distance_km
from crisisdesk.records import DocumentFacts
from crisisdesk.text import Sentences
from crisisdesk.vocab import kind_family

# Radii from DESIGN.md's definition of a place match.
_RADIUS_KM = {"city": 30.0, "site": 30.0, "region": 300.0, "country": 300.0}
# Two spellings of one name (Mangistau / Mangystau, Tokayev / Tokaev) differ by about one letter
# in nine; rapidfuzz's ratio for that is ~89, while different places rarely pass 85.
_SAME_NAME_RATIO = 88.0
_ADMIN_WORDS = re.compile(
    r"\b(oblast|oblysy|region|state|province|district|governorate|prefecture|department|"
    r"county|city|municipality|the)\b"
)
_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass
class Tally:
    """Matched and total counts on both sides: precision, recall and F1."""

    matched_pred: int = 0
    n_pred: int = 0
    matched_gold: int = 0
    n_gold: int = 0

    def __iadd__(self, other: Tally) -> Tally:
        self.matched_pred += other.matched_pred
        self.n_pred += other.n_pred
        self.matched_gold += other.matched_gold
        self.n_gold += other.n_gold
        return self

    @property
    def precision(self) -> float:
        return self.matched_pred / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "matched_pred": self.matched_pred,
            "n_pred": self.n_pred,
            "matched_gold": self.matched_gold,
            "n_gold": self.n_gold,
        }


@dataclass
class Accuracy:
    """Share of checked items that are right."""

    correct: int = 0
    total: int = 0

    def __iadd__(self, other: Accuracy) -> Accuracy:
        self.correct += other.correct
        self.total += other.total
        return self

    def check(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": round(self.value, 4), "correct": self.correct, "total": self.total}


SECTIONS = ("places", "claims", "events")
CHECKS = ("event_places", "event_dates", "attribution", "published")


@dataclass
class Score:
    """The scores of one document, or the sum over a gold file."""

    id: str
    places: Tally = field(default_factory=Tally)
    claims: Tally = field(default_factory=Tally)
    events: Tally = field(default_factory=Tally)
    event_places: Accuracy = field(default_factory=Accuracy)
    event_dates: Accuracy = field(default_factory=Accuracy)
    attribution: Accuracy = field(default_factory=Accuracy)
    published: Accuracy = field(default_factory=Accuracy)
    errors: list[str] = field(default_factory=list)
    details: dict[str, list[Any]] = field(default_factory=dict)

    def __iadd__(self, other: Score) -> Score:
        for name in SECTIONS + CHECKS:
            part = getattr(self, name)
            part += getattr(other, name)
        self.errors.extend(f"{other.id}: {e}" for e in other.errors)
        return self

    def to_dict(self, with_details: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        for name in SECTIONS + CHECKS:
            out[name] = getattr(self, name).to_dict()
        out["errors"] = self.errors
        if with_details:
            out["details"] = self.details
        return out


def total(scores: Iterable[Score], name: str = "total") -> Score:
    """The micro-averaged sum of document scores."""
    result = Score(id=name)
    for score in scores:
        result += score
    return result


# --- names and places -------------------------------------------------------------------------


def _norm(name: str | None) -> str:
    if not name:
        return ""
    folded = unidecode(name).lower()
    folded = _NON_WORD.sub(" ", folded)
    return " ".join(_ADMIN_WORDS.sub(" ", folded).split())


def _same_name(a: str | None, b: str | None) -> bool:
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return False
    return na == nb or fuzz.ratio(na, nb) >= _SAME_NAME_RATIO


def _names_match(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    names_p = (pred.get("name"), pred.get("canonical"))
    names_g = (gold.get("name"), gold.get("canonical"))
    return any(_same_name(p, g) for p in names_p for g in names_g)


def _near(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    coords = (pred.get("lat"), pred.get("lon"), gold.get("lat"), gold.get("lon"))
    if all(isinstance(c, int | float) for c in coords):
        radius = _RADIUS_KM.get(str(gold.get("kind")), 30.0)
        return distance_km(*coords) <= radius  # type: ignore[arg-type]
    return False


def place_matches(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    """A predicted place (name, canonical, lat, lon) against a gold one (DESIGN.md's rule)."""
    return _names_match(pred, gold) or _near(pred, gold)


def _match_one_to_one(
    preds: list[Any], golds: list[Any], same: Any
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching in order; enough for the handful of items per document."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if pi not in used and same(p, g):
                used.add(pi)
                pairs.append((pi, gi))
                break
    return pairs


# --- sentences ---------------------------------------------------------------------------------

def _find_quote(text: str, quote: str, hint: int) -> int:
    """Offset of a gold quote in the text (the occurrence at or after ``hint`` if repeated)."""
    at = text.find(quote, hint)
    if at < 0:
        at = text.find(quote)
    if at < 0:  # tolerate whitespace differences
        pattern = r"\s+".join(re.escape(w) for w in quote.split())
        m = re.search(pattern, text)
        at = m.start() if m else -1
    return at


# --- the sections ------------------------------------------------------------------------------


def _score_places(score: Score, facts: DocumentFacts, gold: GoldDocument) -> None:
    preds = [p.to_dict() for p in facts.places]
    golds = gold.places
    # Names first, so that a country whose 300 km radius covers a city cannot take the city's
    # prediction before the city itself is matched; then coordinates among the rest.
    pairs = _match_one_to_one(preds, golds, _names_match)
    rest_p = [i for i in range(len(preds)) if i not in {pi for pi, _ in pairs}]
    rest_g = [i for i in range(len(golds)) if i not in {gi for _, gi in pairs}]
    by_distance = _match_one_to_one([preds[i] for i in rest_p], [golds[i] for i in rest_g], _near)
    pairs += [(rest_p[pi], rest_g[gi]) for pi, gi in by_distance]
    matched_p = {pi for pi, _ in pairs}
    matched_g = {gi for _, gi in pairs}
    score.places = Tally(len(matched_p), len(preds), len(matched_g), len(golds))
    score.details["places_missed"] = [g["name"] for i, g in enumerate(golds) if i not in matched_g]
    score.details["places_spurious"] = [
        p["name"] for i, p in enumerate(preds) if i not in matched_p
    ]


def _value_matches(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if pred["measure"] != gold["measure"]:
        return False
    pv, gv = float(pred["value"]), float(gold["value"])
    if "vague" in (pred.get("qualifier"), gold.get("qualifier")):
        return gv > 0 and 0.5 <= pv / gv <= 2.0
    return math.isclose(pv, gv, rel_tol=1e-6, abs_tol=1e-9)


def _distinct_figures(claims: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Claims grouped by (measure, value): each distinct figure once per document."""
    groups: dict[tuple[str, float], list[dict[str, Any]]] = {}
    for c in claims:
        groups.setdefault((c["measure"], float(c["value"])), []).append(c)
    return list(groups.values())


def _norm_source(s: str | None) -> str:
    return " ".join(w for w in _norm(s).split() if w not in {"a", "an", "of", "s"})


def attribution_matches(pred: str | None, gold: str | None) -> bool:
    """Who said it: both unattributed, or one name contains the other ("the ministry" and
    "The ministry"; "Police in Belarus" and "police")."""
    p, g = _norm_source(pred), _norm_source(gold)
    if not p or not g:
        return not p and not g
    return p == g or f" {p} " in f" {g} " or f" {g} " in f" {p} "


def _score_claims(score: Score, facts: DocumentFacts, gold: GoldDocument) -> None:
    preds = _distinct_figures([c.to_dict() for c in facts.claims])
    golds = _distinct_figures(gold.claims)
    pairs = _match_one_to_one(preds, golds, lambda p, g: _value_matches(p[0], g[0]))
    matched_p = {pi for pi, _ in pairs}
    matched_g = {gi for _, gi in pairs}
    score.claims = Tally(len(matched_p), len(preds), len(matched_g), len(golds))
    for pi, gi in pairs:
        score.attribution.check(
            any(
                attribution_matches(p.get("attributed_to"), g.get("attributed_to"))
                for p in preds[pi]
                for g in golds[gi]
            )
        )
    score.details["claims_missed"] = [
        f"{g[0]['measure']} {g[0]['value']:g} ({g[0]['quote']})"
        for i, g in enumerate(golds)
        if i not in matched_g
    ]
    score.details["claims_spurious"] = [
        f"{p[0]['measure']} {p[0]['value']:g} ({p[0]['quote']})"
        for i, p in enumerate(preds)
        if i not in matched_p
    ]


def _score_events(score: Score, facts: DocumentFacts, gold: GoldDocument) -> None:
    text = gold.document.text
    sentences = Sentences(text)
    gold_units: dict[tuple[str, int], list[dict[str, Any]]] = {}
    hint = 0
    for event in gold.events:
        at = _find_quote(text, event["quote"], hint)
        if at < 0:
            score.errors.append(f"gold event quote not found in text: {event['quote']!r}")
            continue
        hint = at
        key = (kind_family(event["kind"]), sentences.index(at))
        gold_units.setdefault(key, []).append(event)

    pred_units: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for ev in facts.events:
        key = (kind_family(ev.kind), sentences.index(ev.start))
        pred_units.setdefault(key, []).append(ev.to_dict())

    matched = set(gold_units) & set(pred_units)
    score.events = Tally(len(matched), len(pred_units), len(matched), len(gold_units))

    gold_places = gold.places
    wrong_dates: list[str] = []
    wrong_places: list[str] = []
    for key in sorted(matched):
        preds = pred_units[key]
        for g in gold_units[key]:
            if g.get("historical"):
                ok = any(p["historical"] for p in preds)
            elif g.get("date"):
                ok = any(p["date"] == g["date"] and not p["historical"] for p in preds)
            if g.get("historical") or g.get("date"):
                score.event_dates.check(ok)
                if not ok:
                    found = sorted({"historical" if p["historical"] else str(p["date"])
                                    for p in preds})
                    wrong_dates.append(f"{g.get('date') or 'historical'} (found "
                                       f"{', '.join(found)}): {g['quote']}")
            if g.get("location"):
                target = _gold_location(g["location"], gold_places)
                ok = any(
                    place_matches({"name": p["location"], "lat": p["lat"], "lon": p["lon"]}, target)
                    for p in preds
                )
                score.event_places.check(ok)
                if not ok:
                    found = sorted({str(p["location"]) for p in preds})
                    wrong_places.append(f"{g['location']} (found {', '.join(found)}): "
                                        f"{g['quote']}")
    score.details["event_dates_wrong"] = wrong_dates
    score.details["event_places_wrong"] = wrong_places
    score.details["events_missed"] = [
        f"{fam}: {ev[0]['quote']}" for (fam, i), ev in gold_units.items() if (fam, i) not in matched
    ]
    score.details["events_spurious"] = [
        f"{fam}: {ev[0]['quote']}" for (fam, i), ev in pred_units.items() if (fam, i) not in matched
    ]


def _gold_location(name: str, gold_places: list[dict[str, Any]]) -> dict[str, Any]:
    """A gold event's location with the coordinates and kind of the gold place it names."""
    for place in gold_places:
        if _same_name(name, place.get("name")) or _same_name(name, place.get("canonical")):
            return {**place, "name": name}
    return {"name": name}


def _score_published(score: Score, facts: DocumentFacts, gold: GoldDocument) -> None:
    if gold.document.published is None and gold.published_true:
        ok = facts.published_estimated and facts.published == gold.published_true
        score.published.check(ok)
        score.details["published"] = [
            {"estimated": facts.published, "true": gold.published_true}
        ]


def score_document(facts: DocumentFacts, gold: GoldDocument) -> Score:
    """Every section's score for one document."""
    score = Score(id=gold.document.id, errors=list(facts.errors))
    _score_places(score, facts, gold)
    _score_claims(score, facts, gold)
    _score_events(score, facts, gold)
    _score_published(score, facts, gold)
    return score
