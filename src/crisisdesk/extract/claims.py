"""Claims: every figure a report states about the crisis — killed, injured, arrested, crowd
sizes, troops, prices — with its qualifier, the group counted, its source, place and date.

:func:`find_claims` reads each sentence (cut again at line breaks, so headlines stand alone):

1. amounts — numbers, ranges and vague amounts with their qualifiers (``numbers``);
2. the counted noun — "people", "protesters", "members of the security forces"; an amount that
   counts something else ("in 25 cities", "30 protest activities") is no claim;
3. the measure — from the noun itself ("39 deaths"), its modifiers ("people with injuries"),
   then the parse upwards to the clause's verb ("were killed", "detained", "gathered") and that
   verb's arguments ("the death toll reached 167"); failing that a measure word right after the
   amount (headlines parse badly), the group ("thousands of protesters" are participants) or
   a death/arrest noun elsewhere in the sentence ("Of the 32 deaths, three were shot");
4. prices — "the price doubled" (ratio 2), "rose by 100 percent" (ratio 2), "from 70 to 120
   tenge per liter" (120 tenge per liter), only in sentences about prices or costs;
5. source, place and date — ``attribution``, ``anchors.place_for`` and ``anchors.date_for``;
   figures of a past episode ("ten years ago") are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from crisisdesk.extract.anchors import date_for, is_historical, place_for
from crisisdesk.extract.attribution import Attribution
from crisisdesk.extract.context import Analysis
from crisisdesk.extract.numbers import Amount, find_amounts
from crisisdesk.records import Claim


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _words(text: str, value: str) -> dict[str, str]:
    return dict.fromkeys(text.split(), value)


# Words (inflected forms: the pipeline has no lemmatizer) and two-word keys that name a measure.
_CUES: dict[str, str] = {
    **_words(
        "kill kills killed killing killings die dies died dying dead death deaths fatalities "
        "fatality murder murders murdered massacre massacred slain perished assassinated "
        "assassination assassinations executed bodies corpses lives victims toll "
        "shot_dead gun_down gunned_down guns_down", "killed"),
    **_words(
        "injure injures injured injuring injuries injury wound wounds wounded wounding hurt "
        "medical_assistance medical_help medical_treatment medical_attention medical_care",
        "injured"),
    **_words(
        "arrest arrests arrested arresting detain detains detained detaining detention "
        "detentions detainees apprehended apprehend jailed imprisoned custody rounded_up "
        "round_up", "arrested"),
    **_words("hospitalized hospitalised hospitalization hospital hospitals", "hospitalized"),
    **_words("intensive_care critical_condition", "intensive_care"),
    **_words(
        "gather gathers gathered gathering rally rallies rallied rallying march marches marched "
        "marching protest protests protested protesting demonstrate demonstrated demonstrating "
        "participants attended streets turned_out", "participants"),
    **_words(
        "deploy deploys deployed deploying send sends sent sending dispatch dispatched "
        "stationed", "troops"),
    **_words(
        "missing disappeared disappearances abducted abductions kidnapped unaccounted",
        "missing"),
    **_words(
        "damaged destroyed burned burnt torched ablaze looted vandalized vandalised razed fire "
        "set_fire sets_fire set_ablaze",
        "other"),
}
# Cue nouns that only count when a preposition introduces them ("taken to hospitals", "took to
# the streets", "set on fire"); as subjects they are the speaker or the place.
_PREPOSITIONAL = _wordset("hospital hospitals streets fire custody")
# Nouns that report a toll wherever they stand in the sentence ("Of the 32 deaths, three ...").
_TOLL_NOUNS = frozenset(
    ["deaths", "fatalities", "killings", "dead", "injuries", "casualties", "arrests", "detentions"]
)
_GROUPS: dict[str, str] = {
    **_words(
        "police policemen policeman officers officer soldiers soldier troops servicemen "
        "personnel forces guards gendarmes paramilitaries militiamen", "security_forces"),
    **_words("protesters protester protestors protestor demonstrators demonstrator activists "
             "activist marchers rioters strikers", "protesters"),
    **_words("civilians civilian residents resident bystanders villagers", "civilians"),
    **_words("journalists journalist reporters reporter", "journalists"),
    **_words("children child minors kids", "children"),
    **_words("students student", "students"),
    **_words("people persons person men man women woman individuals citizens others adults "
             "youths detainees nurses patients pupils monks nuns refugees inmates priests",
             "people"),
}
# Plural nouns for people by what they do, outside the groups above.
_AGENT_SUFFIXES = ("ers", "ors", "ists", "ians", "ants", "ees", "men")
_PROPERTY = _wordset(
    "cars vehicles buses trucks buildings shops stores banks stations offices houses homes "
    "churches mosques schools markets"
)
_SECURITY_GROUPS = frozenset(("security_forces",))
_CLAUSES = ("acl", "relcl", "xcomp", "pcomp")
_CLAUSE_CHILDREN = ("amod", "acomp", "oprd", "attr", "dobj", *_CLAUSES)
_MODIFIERS = ("nummod", "quantmod", "amod", "det", "compound")
_VAGUE_HEADS = _wordset("dozens scores hundreds thousands millions tens several few")
_COUNTING_VERBS = {"exceed": "more_than", "exceeded": "more_than", "surpassed": "more_than",
                   "topped": "more_than"}
_PRICE_WORDS = re.compile(r"\b(?:prices?|costs?|fares?|tariffs?)\b", re.I)
_RATIO_VERBS = re.compile(
    r"\b(?P<verb>doubl(?:ed|e|es|ing)|tripl(?:ed|e|es|ing)|quadrupl(?:ed|e|es|ing)|"
    r"halv(?:ed|e|es|ing))\b",
    re.I,
)
_RATIOS = {"doubl": 2.0, "tripl": 3.0, "quadrupl": 4.0, "halv": 0.5}
_FALLS = re.compile(r"\b(?:fell|fall|falls|cut|cuts|dropped|decreased|lowered|reduced)\b", re.I)
_PER_UNIT = re.compile(r"\s+(?:a|per)\s+(?P<unit>[a-z]+)\b", re.I)
# How far after an amount a measure word may stand and still be read as its verb when the parse
# links nothing ("Thousands Of Belarusians Gather"): up to "of" + a two-word group, measured on
# the development headlines.
_LEXICAL_WINDOW = 4
# How far up the parse a figure may be from its measure word ("dozens of protesters and at least
# 13 security forces have been killed": 13 -> forces -> dozens -> killed; deeper is another
# clause).
_MAX_DEPTH = 6
_LINE_BREAK = re.compile(r"\n")


@dataclass
class _Reading:
    """What a figure counts: measure, the word that says so, the group and the counted noun."""

    measure: str
    cue: Token | None
    who: str | None
    noun: Token | None


# --- the counted noun ------------------------------------------------------------------------


def _of_object(token: Token) -> Token | None:
    """The noun of "of" after ``token`` ("dozens of protesters", "members of the police")."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _counted_noun(span: Span) -> Token | None:
    """The noun an amount counts, if any: "40 people", "dozens of protesters", "one of them",
    "tens of thousands of citizens"."""
    root = span.root
    noun: Token | None
    if root.dep_ in _MODIFIERS and root.head.pos_ in ("NOUN", "PROPN") and root.head.i > root.i:
        noun = root.head
    elif root.lower_ in _VAGUE_HEADS or root.pos_ in ("NUM", "NOUN"):
        noun = _of_object(span[-1])
        if noun is None:
            return None
    else:
        return None
    if noun.lower_ in ("members", "some", "many", "most", "all"):  # "21 members of the army"
        return _of_object(noun) or noun
    return noun


def _group(noun: Token | None) -> str | None:
    if noun is None:
        return "people"
    word = noun.lower_
    if word in _GROUPS:
        return _GROUPS[word]
    if word in _PROPERTY:
        return word
    if noun.text[:1].isupper() and word.endswith(("ans", "ese", "is")):
        return "people"  # "Belarusians", "Nigerians", "Burmese", "Iraqis"
    if word.endswith(_AGENT_SUFFIXES):
        return word  # "miners", "farmers", "workers", "migrants": people by what they do
    return None


# --- the measure ------------------------------------------------------------------------------


def _keys(token: Token) -> Iterator[str]:
    """The lookup keys of a token: two-word keys with its modifiers first ("death toll",
    "intensive care", "shot dead", "rounded up"), then the word itself."""
    for child in token.children:
        if child.dep_ in ("amod", "compound") and child.i < token.i:
            yield f"{child.lower_}_{token.lower_}"
        if child.dep_ in ("prt", "acomp", "oprd", "advmod", "dobj") and child.i > token.i:
            yield f"{token.lower_}_{child.lower_}"
    yield token.lower_


def _cue(token: Token, prepositional: bool = False) -> str | None:
    for key in _keys(token):
        if key in _CUES and (prepositional or key not in _PREPOSITIONAL):
            return _CUES[key]
    return None


def _fits(measure: str, who: str | None) -> bool:
    """Whether a measure suits the group: troops are security forces, damage is to property."""
    if measure == "troops":
        return who in _SECURITY_GROUPS
    if measure == "other":
        return who is not None and who not in _GROUPS.values()
    return who is None or who not in _PROPERTY


def _in_children(
    token: Token, skip: Token | None, who: str | None, nested: bool = True
) -> tuple[str, Token] | None:
    """A measure among ``token``'s dependents: modifiers, "with injuries", "to hospital",
    and one clause down ("another 60 needing intensive care", "continue to take to the
    streets")."""
    for child in token.children:
        if skip is not None and child.i == skip.i:
            continue
        if child.dep_ in _CLAUSE_CHILDREN:
            found = _cue(child)
            if found and _fits(found, who):
                return found, child
            if nested and child.dep_ in _CLAUSES:
                deeper = _in_children(child, None, who, nested=False)
                if deeper:
                    return deeper
        if child.dep_ in ("prep", "agent", "dative"):
            for grand in child.children:
                if grand.dep_ == "pobj":
                    found = _cue(grand, prepositional=True)
                    if found and _fits(found, who):
                        return found, grand
    return None


def _in_arguments(verb: Token, skip: Token, who: str | None) -> tuple[str, Token] | None:
    """A measure in the verb's subject or object ("the death toll reached 167", "the latest
    arrests brought the number to 6,000"), nearest to the figure first."""
    found: list[tuple[int, str, Token]] = []
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj") or child.i == skip.i:
            continue
        for token in child.subtree:
            measure = _cue(token)
            if measure and _fits(measure, who):
                found.append((abs(token.i - skip.i), measure, token))
    if not found:
        return None
    _, measure, token = min(found, key=lambda f: f[0])
    return measure, token


def _by_parse(start: Token, who: str | None) -> tuple[str, Token] | None:
    """The measure the parse links to the figure: the noun, its dependents, then up to the
    clause's verb and that verb's arguments."""
    node, previous = start, None
    for _ in range(_MAX_DEPTH):
        measure = _cue(node, prepositional=previous is not None and previous.dep_ == "pobj")
        if measure and _fits(measure, who):
            return measure, node
        found = _in_children(node, previous, who)
        if found:
            return found
        if (node.pos_ in ("VERB", "AUX") and node.dep_ != "prep") or node.dep_ == "ROOT":
            return _in_arguments(node, previous or start, who)
        if node.pos_ == "ADP" and node.head.pos_ in ("NOUN", "PROPN") and node.head.i < node.i:
            return None  # "a nation with 196 million people": the figure describes a noun
        previous, node = node, node.head
    return None


def _lexical(segment: Span, end: int, who: str | None) -> tuple[str, Token] | None:
    """A measure word right after the figure, whatever the parse says."""
    for token in segment.doc[end : min(end + _LEXICAL_WINDOW, segment.end)]:
        measure = _cue(token)
        if measure and _fits(measure, who):
            return measure, token
    return None


def _toll_noun(segment: Span, at: int) -> tuple[str, Token] | None:
    nouns = [t for t in segment if t.lower_ in _TOLL_NOUNS and t.i != at]
    if not nouns:
        return None
    token = min(nouns, key=lambda t: abs(t.i - at))
    return _CUES.get(token.lower_, "injured" if token.lower_ == "casualties" else "killed"), token


def _read(segment: Span, span: Span) -> _Reading | None:
    """What the figure in ``span`` counts, or None when it is no claim."""
    root = span.root
    noun = _counted_noun(span)
    who = _group(noun)
    if noun is not None and who is None and _cue(noun) is None:
        return None  # "in 25 cities", "30 protest activities", "for 24 hours"
    start = noun if noun is not None and noun.i > root.i and root.dep_ == "nummod" else root
    found = _by_parse(start, who) or _lexical(segment, span.end if noun is None else noun.i + 1,
                                              who)
    if found is None and who == "protesters":
        return _Reading("participants", None, who, noun)
    if found is None and who in _SECURITY_GROUPS and noun is not None and noun.lower_ in (
        "troops", "soldiers",
    ):
        return _Reading("troops", None, who, noun)
    if found is None and noun is None:
        found = _toll_noun(segment, root.i)
    if found is None:
        return None
    measure, cue = found
    if measure == "participants" and who == "people":
        who = "protesters"
    return _Reading(measure, cue, who, noun)


# --- prices -----------------------------------------------------------------------------------


def _price_of(segment: Span) -> str | None:
    """What the price is of: "the price of liquefied gas" -> "liquefied gas"."""
    for token in segment:
        if token.lower_ in ("price", "prices", "cost", "costs"):
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "for", "on"):
                    objects = [g for g in child.children if g.dep_ == "pobj"]
                    if objects:
                        obj = objects[0]
                        words = [t for t in obj.subtree if t.dep_ not in ("prep", "pobj", "det")
                                 or t.i == obj.i]
                        return " ".join(t.text for t in words if t.i <= obj.i)
    return None


def _price_claims(analysis: Analysis, segment: Span, amounts: list[Amount]) -> Iterator[Claim]:
    text = segment.text
    if not _PRICE_WORDS.search(text):
        return
    base, who = segment.start_char, _price_of(segment)
    ratio = _RATIO_VERBS.search(text)
    if ratio:
        stem = next(k for k in _RATIOS if ratio["verb"].lower().startswith(k))
        price = _PRICE_WORDS.search(text)
        assert price is not None
        lo, hi = min(price.start(), ratio.start()), max(price.end(), ratio.end())
        yield _claim(analysis, "price", _RATIOS[stem], "exact", base + lo, base + hi, who=who,
                     unit="ratio")
    for amount in amounts:
        if amount.unit == "percent" and not ratio:
            sign = -1 if _FALLS.search(text) else 1
            yield _claim(analysis, "price", 1 + sign * amount.value / 100, amount.qualifier,
                         base + amount.start, base + amount.end, who=who, unit="ratio")
        elif amount.unit not in (None, "percent"):
            unit = amount.unit
            per = _PER_UNIT.match(text, amount.end + len(unit) + 1)
            if per:
                unit = f"{unit} per {per['unit'].lower()}"
            yield _claim(analysis, "price", amount.value, amount.qualifier, base + amount.start,
                         base + (per.end() if per else amount.end), who=who, unit=unit)


# --- assembling -------------------------------------------------------------------------------


def _claim(analysis: Analysis, measure: str, value: float, qualifier: str, start: int, end: int,
           **fields: str | float | None) -> Claim:
    place = place_for(analysis, start, end)
    time = date_for(analysis, start, end)
    return Claim(
        measure=measure, value=value, qualifier=qualifier, quote=analysis.text[start:end],
        start=start, end=end, location=place.place.canonical if place else None,
        as_of=time.date.isoformat() if time and time.date else None,
        **fields,  # type: ignore[arg-type]
    )


def _qualifier(amount: Amount, span: Span) -> str:
    """The amount's qualifier, read with the verb that counts it: "did not exceed 22,000" is
    at most 22,000, "exceeded 500" more than 500."""
    verb = span.root.head
    if amount.qualifier == "exact" and verb.lower_ in _COUNTING_VERBS:
        negated = any(c.dep_ == "neg" for c in verb.children)
        return "up_to" if negated else _COUNTING_VERBS[verb.lower_]
    return amount.qualifier


def _segment_claims(analysis: Analysis, segment: Span, attribution: Attribution) -> list[Claim]:
    amounts = find_amounts(segment.text)
    claims = list(_price_claims(analysis, segment, amounts))
    base = segment.start_char
    for amount in amounts:
        if amount.unit is not None:
            continue
        span = analysis.doc.char_span(base + amount.start, base + amount.end,
                                      alignment_mode="expand")
        if span is None:
            continue
        reading = _read(segment, span)
        if reading is None:
            continue
        qualifier = _qualifier(amount, span)
        tokens = [t for t in (reading.cue, reading.noun) if t is not None]
        start = min([base + amount.start, *(t.idx for t in tokens)])
        end = max([base + amount.end, *(t.idx + len(t) for t in tokens)])
        if is_historical(analysis, start, end):
            continue
        claims.append(_claim(
            analysis, reading.measure, amount.value, qualifier, start, end,
            value_max=amount.value_max, who=reading.who,
            attributed_to=attribution.source_of(span.root),
        ))
    return claims


def _segments(analysis: Analysis) -> Iterator[Span]:
    """Sentences, cut again at line breaks (a headline is not part of the next sentence)."""
    doc = analysis.doc
    for sent in doc.sents:
        at = sent.start_char
        for piece in _LINE_BREAK.split(sent.text):
            span = doc.char_span(at, at + len(piece), alignment_mode="contract")
            at += len(piece) + 1
            if span is not None and span.text.strip():
                yield span


def find_claims(analysis: Analysis) -> list[Claim]:
    """Every figure the report states, one claim per figure per sentence, in text order."""
    attribution = Attribution(analysis.doc)
    claims: list[Claim] = []
    for segment in _segments(analysis):
        seen: set[tuple[str, float]] = set()
        for claim in sorted(_segment_claims(analysis, segment, attribution),
                            key=lambda c: c.start):
            if (claim.measure, claim.value) not in seen:
                seen.add((claim.measure, claim.value))
                claims.append(claim)
    return claims
