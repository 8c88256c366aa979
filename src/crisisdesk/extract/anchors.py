"""Where and when a fact happened: the place and date a claim or event is anchored to.

Claims and events share these rules so that a figure and the happening it counts are put at
the same place and day.
"""

from __future__ import annotations

import re
from collections import Counter

from crisisdesk.extract.context import Analysis, PlaceMention, TimeMention
from crisisdesk.vocab import PRECISION_EXACT, PRECISION_NEAR

# More specific places win when a sentence names several ("in Almaty, Kazakhstan").
_SPECIFICITY = {"site": 0, "city": 1, "region": 2, "country": 3}

# Prepositions that put a fact at a place.
_LOCATIVE = frozenset((
    "in", "at", "to", "into", "across", "throughout", "near", "outside", "inside", "around",
    "on", "from", "of", "within", "along", "toward", "towards", "through",
))
_NATIONWIDE = re.compile(
    r"\b(?:(?:the )?(?:whole|entire) country|across the country|nationwide|countrywide|"
    r"throughout the country|all over the country)\b",
    re.I,
)

# What may stand between the places of one list: "Cali, Bogota and Medellin".
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s*and|,?\s*or|,?\s*as well as)\s*$")

# A past episode named in the sentence itself: "ten years ago", "as far back as 2016",
# "in 2011" (a year before the report's own).
_AGO = re.compile(r"\b(?:\w+|\d+)\s+(?:years|decades)\s+ago\b|\bas far back as\b", re.I)


def _is_locative(analysis: Analysis, mention: PlaceMention) -> bool:
    """Whether the place is named as where something is ("in Minsk", "to Kazakhstan"), not as
    an actor or modifier ("Russia sent troops", "Colombia's government")."""
    span = analysis.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    for _ in range(3):  # "in the city of Mogilev": pobj -> prep -> pobj -> prep
        if token.dep_ in ("nsubj", "nsubjpass", "poss", "compound", "amod"):
            return False
        if token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE:
            return True
        if token.head.i == token.i:
            break
        token = token.head
    return False


def _main_country(analysis: Analysis) -> PlaceMention | None:
    """The country the report is about: the one its places most often lie in, as the first
    mention of that country by name (None when the report never names it)."""
    counts = Counter(m.place.country for m in analysis.places if m.place.country)
    for country, _ in counts.most_common():
        for m in analysis.places:
            if m.place.kind == "country" and m.place.country == country:
                return m
    return None


def place_for(analysis: Analysis, start: int, end: int) -> PlaceMention | None:
    """The place a fact in ``text[start:end]`` happened at.

    A sentence about "the whole country": the country the report is about. A sentence naming
    places as locations ("in", "at", "to" ...): the most specific of those, then the nearest.
    A sentence with no place of its own, or naming places only as actors ("Russia sent
    troops", "Colombia's government"): the most recent place named before it (the narrative
    stays where it was), else the places it names, else the report's country, else None.
    Measured on the development sets with stand-in places: the most recent place beat the
    report's country and the report's most frequent place as the fallback.
    """
    sent_start, sent_end = analysis.sentence_at(start)
    country = _main_country(analysis)
    if country is not None and _NATIONWIDE.search(analysis.text, sent_start, sent_end):
        return country
    here = analysis.places_in(sent_start, sent_end)
    located = [m for m in here if _is_locative(analysis, m)]
    if located:
        return min(
            located, key=lambda m: (_SPECIFICITY.get(m.place.kind, 9), abs(m.start - start))
        )
    before = [m for m in analysis.places if m.end <= sent_start]
    if before:
        return before[-1]
    if here:
        return min(here, key=lambda m: (_SPECIFICITY.get(m.place.kind, 9), abs(m.start - start)))
    return country


def places_listed_with(analysis: Analysis, place: PlaceMention) -> list[PlaceMention]:
    """``place`` and the places listed with it in one coordination ("in Cali, Bogota and
    Medellin"), in text order: a happening reported for several places is one per place."""
    mentions = sorted(
        analysis.places_in(*analysis.sentence_at(place.start)), key=lambda m: m.start
    )
    if place not in mentions:
        return [place]
    i = mentions.index(place)
    lo = hi = i
    text = analysis.text
    while lo > 0 and _LIST_GAP.match(text[mentions[lo - 1].end : mentions[lo].start]):
        lo -= 1
    while hi + 1 < len(mentions) and _LIST_GAP.match(
        text[mentions[hi].end : mentions[hi + 1].start]
    ):
        hi += 1
    return mentions[lo : hi + 1]


def date_for(analysis: Analysis, start: int, end: int) -> TimeMention | None:
    """The time expression a fact in ``text[start:end]`` is dated by.

    The nearest dated one in its sentence; else the latest day named earlier in the report
    that is not historical (a narrative goes on from its last date: "On Sunday police fired
    tear gas. Two men died."); else the publication date, at week precision (a report tells
    of its own days); else None.
    """
    sent_start, sent_end = analysis.sentence_at(start)
    here = [m for m in analysis.times_in(sent_start, sent_end) if m.date is not None]
    if here:
        return min(here, key=lambda m: abs(m.start - start))
    earlier = [
        m
        for m in analysis.times
        if m.start < sent_start and m.date is not None and not m.historical
        and m.precision == PRECISION_EXACT
    ]
    if earlier:
        return earlier[-1]
    if analysis.published is not None:
        return TimeMention(0, 0, "", analysis.published, PRECISION_NEAR)
    return None


def is_historical(
    analysis: Analysis, start: int, end: int, time: TimeMention | None = None
) -> bool:
    """Whether a fact in ``text[start:end]`` belongs to a past episode, not the crisis: its
    time mention is historical, or its sentence names a past time ("ten years ago", "in 2011",
    flagged by the times step) or says "as far back as"."""
    if time is not None and time.historical:
        return True
    sent_start, sent_end = analysis.sentence_at(start)
    if any(m.historical for m in analysis.times_in(sent_start, sent_end)):
        return True
    return bool(_AGO.search(analysis.text[sent_start:sent_end]))
