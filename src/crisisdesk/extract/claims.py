"""Claims: every figure a report states about the crisis — killed, injured, arrested, crowd
sizes, troops, prices — with its qualifier, the group counted, its source, place and date.

:func:`find_claims` reads each sentence (cut again at line breaks, so headlines stand alone):

1. amounts — numbers, ranges and vague amounts with their qualifiers (``numbers``);
2. the counted noun — "people", "protesters", "members of the security forces", "cases of
   disappearances", "the number of protesters (did not exceed 22,000)"; an amount that counts
   something else ("in 25 cities", "30 protest activities") is no claim;
3. the measure — a measure word right after the figure or its noun ("898 injured", "250
   activists were abducted"), else the noun itself ("39 deaths"), its modifiers ("people with
   injuries"), then the parse upwards to the clause's verb ("were killed", "detained",
   "gathered") and that verb's arguments ("the death toll reached 167"); failing that a measure
   word a little after the amount (headlines parse badly), the group ("thousands of
   protesters" are a crowd) or a toll noun elsewhere in the sentence ("Of the 32 deaths, three
   were shot");
4. prices, only in sentences about prices or costs — changes (``change`` set): "the price
   doubled" (value 2, unit "ratio"; "tripled" 3, "halved" 0.5), "rose by 100 percent" (value
   100, unit "percent"; a fall is negative, "cut by 20 percent" -20), "from 70 to 120 tenge per
   liter" and "jumped 70 to 120 tenge" (value 70, value_max 120, unit "tenge per liter"); and
   levels: "90 naira per litre", "bread costs 90 rupees", "between 70 and 120 tenge" (value
   70, value_max 120). Money is never counted as people: an amount with a currency, or with a
   word and a unit of goods after it ("60 marks per liter"), is a price or nothing;
5. source, place and date — ``attribution``, the place the figure names itself ("17 from
   Nairobi", "Nakuru (3)", "three each from A and B": one claim per place) else
   ``anchors.place_for``, and ``anchors.date_for``; figures of a past episode ("ten years
   ago", and the sentence that follows on from it) are left out.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from crisisdesk.extract.anchors import (
    date_for,
    is_historical,
    place_for,
    places_listed_with,
    starts_a_period,
)
from crisisdesk.extract.attribution import Attribution
from crisisdesk.extract.context import Analysis, PlaceMention, TimeMention
from crisisdesk.extract.numbers import Amount, find_amounts
from crisisdesk.records import Claim
from crisisdesk.text import word_set
from crisisdesk.vocab import PRECISION_NEAR


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
        "treated stabbed beaten medical_assistance medical_help medical_treatment "
        "medical_attention medical_care",
        "injured"),
    **_words(
        "arrest arrests arrested arresting detain detains detained detaining detention "
        "detentions detainees apprehended apprehend jailed imprisoned custody rounded_up captured "
        "round_up", "arrested"),
    **_words("hospitalized hospitalised hospitalization hospital hospitals", "hospitalized"),
    **_words("intensive_care critical_condition", "intensive_care"),
    **_words(
        "gather gathers gathered gathering rally rallies rallied rallying march marches marched "
        "marching protest protests protested protesting demonstrate demonstrated demonstrating "
        "participants attended streets turned_out crowd crowds turnout", "participants"),
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
# Prepositions that make a counted group part of a total ("the toll rose to 72, including 14
# policemen"): the total's verb speaks for the group too.
_SUBSET_WORDS = word_set("including among")
# Verbs whose object says what befell their subject or what it did ("130 people suffered
# injuries", "60 needing intensive care", "70 sought medical assistance", "thousands staged a
# protest", "40 lost their lives").
_OBJECT_VERBS = word_set(
    "suffer suffers suffered suffering sustain sustains sustained sustaining receive receives "
    "received receiving need needs needed needing require requires required requiring seek "
    "seeks sought seeking get gets got getting undergo underwent undergoing have has had having "
    "stage stages staged staging hold holds held holding join joins joined joining lose loses "
    "lost losing"
)
# Nouns of the protest itself, no measure when a figure hangs from them by a preposition.
_OCCASIONS = word_set("protest protests rally rallies march marches demonstration demonstrations")
# Cue nouns that only count when a preposition introduces them ("taken to hospitals", "took to
# the streets", "set on fire"); as subjects they are the speaker or the place.
_PREPOSITIONAL = word_set("hospital hospitals streets fire custody")
# Prepositions that introduce what happened to the counted ("with injuries", "to hospital", "in
# custody", "from wounds", "among the dead"); others set the scene ("amid protests", "during the
# clashes") and say nothing of the figure.
_MEASURE_PREPOSITIONS = word_set("with to in into under on from of by among as")
# Nouns that report a toll wherever they stand in the sentence ("Of the 32 deaths, three ...").
_TOLL_NOUNS = frozenset(
    ["deaths", "fatalities", "killings", "dead", "injuries", "casualties", "arrests", "detentions"]
)
_GROUPS: dict[str, str] = {
    **_words(
        "police policemen policeman officers officer soldiers soldier troops servicemen "
        "personnel forces force guards gendarmes paramilitaries militiamen army military",
        "security_forces"),
    **_words("protesters protester protestors protestor demonstrators demonstrator activists "
             "activist marchers rioters strikers participants", "protesters"),
    **_words("civilians civilian residents resident bystanders villagers", "civilians"),
    **_words("journalists journalist reporters reporter", "journalists"),
    **_words("children child minors kids", "children"),
    **_words("students student", "students"),
    **_words("people persons person men man women woman individuals citizens others adults "
             "youths detainees nurses patients pupils monks nuns refugees inmates priests friends "
             "relatives colleagues neighbours neighbors families survivors employees refugees "
             "evacuees trainees retirees abductees suspects suspect",
             "people"),
}
# Plural nouns for people by what they do, outside the groups above, and common plural nouns
# with those endings that are things.
_AGENT_SUFFIXES = ("ers", "ors", "ists", "ians", "ants", "men")
_THINGS = word_set(
    "numbers papers letters towers borders quarters centers centres headquarters powers orders "
    "matters barriers containers tankers computers chambers corners posters banners flyers "
    "leaflets doors floors sectors factors errors corridors colors colours motors tractors "
    "lists plants restaurants giants rounds"
)
_PROPERTY = word_set(
    "cars vehicles buses trucks buildings shops stores banks stations offices houses homes "
    "churches mosques schools markets"
)
_SECURITY_GROUPS = frozenset(("security_forces",))
# Nouns whose value a figure can be ("the number of protesters reached 5,000").
_TOTALS_NOUNS = word_set("number total count tally figure")
# Nouns that count what their "of" noun names.
_CONTAINERS = word_set(
    "members some many most all cases instances incidents occurrences reports counts"
)
_CLAUSES = ("acl", "relcl", "xcomp", "pcomp")
_CLAUSE_CHILDREN = ("amod", "acomp", "oprd", "attr", "dobj", *_CLAUSES)
_MODIFIERS = ("nummod", "quantmod", "amod", "det", "compound")
_VAGUE_HEADS = word_set("dozens scores hundreds thousands millions tens several few")
_COUNTING_VERBS = {"exceed": "more_than", "exceeded": "more_than", "surpassed": "more_than",
                   "topped": "more_than"}
_PRICE_WORDS = re.compile(r"prices?|costs?|fares?|tariffs?", re.I)
_RATIO_VERBS = re.compile(
    r"\b(?P<verb>doubl(?:ed|e|es|ing)|tripl(?:ed|e|es|ing)|quadrupl(?:ed|e|es|ing)|"
    r"halv(?:ed|e|es|ing))\b",
    re.I,
)
_RATIOS = {"doubl": 2.0, "tripl": 3.0, "quadrupl": 4.0, "halv": 0.5}
# Verbs of a price change: a percentage is a price claim only beside one, and a range of money
# right after one ("jumped 70 to 120 tenge") is a change, not a range of prices.
_CHANGE_VERBS = (
    r"rose|rise|rises|risen|rising|increased?|increases|increasing|jump(?:ed|s)?|"
    r"hike[ds]?|soar(?:ed|s)?|surge[ds]?|climb(?:ed|s)?|went up|gone up|raised?|raises|up by|"
    r"fell|fall|falls|fallen|cut|cuts|dropped|drop|decreased?|lowered|reduced|slashed"
)
_CHANGES = re.compile(rf"\b(?:{_CHANGE_VERBS})\b", re.I)
_CHANGE_BEFORE = re.compile(rf"\b(?:{_CHANGE_VERBS})\s+$", re.I)
# Money with a scale is a total (a budget, a loan, trade), never the price of a unit of goods.
_TOTALS = re.compile(r"\b(?:million|billion|trillion)\b", re.I)
# How many characters after a price word a bare money amount may stand and still be that price
# ("the price of a loaf of bread rose to 90 rupees"): about ten words, set by hand.
_PRICE_REACH = 60
# Before money that is an old price or the size of a change, not the price now.
_OLD_OR_CHANGE_BEFORE = re.compile(
    r"\b(?:from|by|(?:increase|rise|hike|jump|cut|reduction|drop|fall)\s+of)\s+$", re.I
)
# After money that is a difference, not a price: "50 rupees above the old price".
_DIFFERENCE_AFTER = re.compile(
    r"\s+(?:above|below|over|under|more|less|higher|lower|cheaper|dearer)\b", re.I
)
# Per-time amounts are wages, rents or incomes, not prices of goods.
_TIME_UNITS = word_set("hour day week month year")
# Quantities goods are priced by, skipped for the goods themselves ("a litre of petrol").
_MEASURES_OF_GOODS = word_set(
    "litre liter gallon kilo kilogram kg pound loaf bag sack ton tonne barrel cylinder unit "
    "bottle can packet"
)
_FALLS = re.compile(r"\b(?:fell|fall|falls|cut|cuts|dropped|decreased|lowered|reduced)\b", re.I)
_PER_UNIT = re.compile(r"\s+(?:a|per)\s+(?P<unit>[a-z]+)\b", re.I)
# Money in a currency ``numbers`` does not know, by the unit of goods it prices: "60 marks per
# liter", "12 bolas a kilo".
_PRICED_PER = re.compile(
    rf"\s+(?P<unit>[a-z]+)(?=\s+(?:a|per)\s+(?:{'|'.join(sorted(_MEASURES_OF_GOODS))})\b)",
    re.I,
)
# How far after an amount a measure word may stand and still be read as its verb when the parse
# links nothing ("Thousands Of Belarusians Gather"): up to "of" + a two-word group, measured on
# the development headlines.
_LEXICAL_WINDOW = 4
# The smallest number of protesters or troops read as a crowd or a force without a verb to say
# so: news counts crowds and deployments in hundreds; set by hand, not tuned.
_CROWD = 100
# What may stand between a counted group and its verb when they are read as adjacent.
_LINKING = word_set(
    "were was are is have has had been be being reportedly allegedly also all later "
    "subsequently already seriously critically fatally badly slightly lightly confirmed feared "
    "believed"
)
# How far up the parse a figure may be from its measure word ("dozens of protesters and at least
# 13 security forces have been killed": 13 -> forces -> dozens -> killed; deeper is another
# clause).
_MAX_DEPTH = 6
# Between a figure and a place it is given for: "17 from Nairobi", "three each in the city of
# Aba" (at most three words before the name, so no unbounded repetition).
_PLACE_AFTER = re.compile(
    r"^\s*(?P<each>each\s+)?(?:from|in|at)\s+(?:[\w-]+\s+){0,3}$", re.I
)
# Between a place and the figure given for it: "Nairobi (21)", "Nakuru: 3".
_PLACE_BEFORE = re.compile(r"^\s*[(:]\s*$")
_EACH = re.compile(r"\beach\b", re.I)
# Verbs whose place subject counted the figure: "Kisumu recorded 2 deaths", "the city had 40".
_TALLY_VERBS = word_set(
    "recorded records registered registers reported reports counted counts documented saw "
    "sees had has suffered suffers"
)


_Key = tuple[str, float, str | None]


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


def _total_of(figure: Token) -> Token | None:
    """What a total counts when the figure is its value: "the number of protesters did not
    exceed 22,000", "the number of detainees rose to 6,000" -> protesters, detainees."""
    verb = figure.head
    if figure.dep_ == "pobj" and verb.dep_ == "prep":  # "rose to 6,000", "stood at 45"
        verb = verb.head
    if figure.dep_ not in ("dobj", "attr", "pobj") or verb.pos_ not in ("VERB", "AUX"):
        return None
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in _TOTALS_NOUNS:
            return _of_object(child)
    return None


def _counted_noun(span: Span) -> Token | None:
    """The noun an amount counts, if any: "40 people", "dozens of protesters", "one of them",
    "tens of thousands of citizens"."""
    root = span.root
    noun: Token | None
    if root.dep_ in _MODIFIERS and root.head.pos_ in ("NOUN", "PROPN") and root.head.i > root.i:
        noun = root.head
    elif root.lower_ in _VAGUE_HEADS or root.pos_ in ("NUM", "NOUN"):
        noun = _of_object(span[-1]) or _total_of(root)
        if noun is None or noun.like_num:  # "Nine of the 12 were killed": of people
            return None
    else:
        return None
    if noun.lower_ in _CONTAINERS:  # "21 members of the army", "32 cases of disappearances"
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
    if word in ("members", "member"):  # "security force members", "army members"
        return next((g for c in noun.children if c.dep_ == "compound"
                     and (g := _GROUPS.get(c.lower_)) is not None), word)
    if word in _THINGS:
        return None
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
        return who in _PROPERTY
    if measure == "participants" and who in _SECURITY_GROUPS:
        return False  # "seized eight police officers amid protests"
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
        if child.dep_ == "dobj" and token.lower_ not in _OBJECT_VERBS:
            continue  # "15 members condemned the killings": the object is not what they suffered
        if child.dep_ in _CLAUSE_CHILDREN:
            found = _cue(child)
            if found and _fits(found, who):
                return found, child
            if nested and child.dep_ in _CLAUSES:
                deeper = _in_children(child, None, who, nested=False)
                if deeper:
                    return deeper
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in _MEASURE_PREPOSITIONS:
            for grand in child.children:
                if grand.dep_ == "pobj":
                    found = _cue(grand, prepositional=True)
                    if found and _fits(found, who):
                        return found, grand
    return None


def _argument_words(head: Token) -> Iterator[Token]:
    """The words of an argument that can name what a figure counts: its head, the head's
    modifiers and its "of" noun ("the total death toll", "the number of detentions"), not the
    clauses about it ("a statement supporting the protests")."""
    yield head
    yield from (c for c in head.children if c.dep_ in ("amod", "compound"))
    counted = _of_object(head)
    if counted is not None:  # "the number of protesters killed"
        yield counted
        yield from (c for c in counted.children if c.dep_ in ("acl", "relcl"))


def _in_arguments(verb: Token, skip: Token, who: str | None) -> tuple[str, Token] | None:
    """A measure in the verb's subject or object ("the death toll reached 167", "the latest
    arrests brought the number to 6,000"), nearest to the figure first."""
    found: list[tuple[int, str, Token]] = []
    for child in verb.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "dobj") or child.i == skip.i:
            continue
        for token in _argument_words(child):
            measure = _cue(token)
            if measure and _fits(measure, who):
                found.append((abs(token.i - skip.i), measure, token))
    if not found:
        return None
    _, measure, token = min(found, key=lambda f: f[0])
    return measure, token


def _is_occasion(node: Token, previous: Token | None) -> bool:
    """Whether ``node`` is the protest a figure is reached through ("injured in the protests
    including nine men"), which says when, not what the figure counts."""
    return (node.pos_ == "NOUN" and node.lower_ in _OCCASIONS and previous is not None
            and previous.dep_ in ("prep", "acl", "relcl"))


def _by_parse(start: Token, who: str | None, bare: bool) -> tuple[str, Token] | None:
    """The measure the parse links to the figure: the noun, its dependents, then up to the
    clause's verb and, for a ``bare`` figure (one that counts no noun of its own), that verb's
    arguments ("the death toll reached 167"; but "15 members condemned the killings" counts
    members, not killings)."""
    node, previous = start, None
    for _ in range(_MAX_DEPTH):
        bare = bare or (node.lower_ in _SUBSET_WORDS and node.dep_ == "prep")
        measure = _cue(node, prepositional=previous is not None and previous.dep_ == "pobj")
        if measure and _fits(measure, who) and not _is_occasion(node, previous):
            return measure, node
        found = _in_children(node, previous, who)
        if found:
            return found
        if (node.pos_ in ("VERB", "AUX") and node.dep_ != "prep") or node.dep_ == "ROOT":
            return _in_arguments(node, previous or start, who) if bare else None
        if (node.pos_ == "ADP" and node.head.pos_ in ("NOUN", "PROPN") and node.head.i < node.i
                and node.head.lower_ not in _TOTALS_NOUNS):  # "a total of 40 were held": on up
            # "the arrest of 191 people" counts; "a nation with 196 million people" describes
            measure = _cue(node.head) if node.lower_ == "of" else None
            return (measure, node.head) if measure and _fits(measure, who) else None
        previous, node = node, node.head
    return None


def _lexical(
    segment: Span, end: int, who: str | None, adjacent: bool = False
) -> tuple[str, Token] | None:
    """A measure word right after the figure, whatever the parse says, before any other verb
    ("15 members condemned the killings" is no toll). ``adjacent``: only auxiliaries and
    adverbs may stand between ("898 injured", "250 activists were kidnapped", "20 people had
    reportedly died"), which beats the parse of a long list."""
    for token in segment.doc[end : min(end + _LEXICAL_WINDOW, segment.end)]:
        measure = _cue(token)
        if measure and _fits(measure, who):
            return measure, token
        if adjacent and token.lower_ not in _LINKING:
            return None
        if token.pos_ == "VERB" and token.lower_ not in _OBJECT_VERBS:
            return None
    return None


def _toll_noun(segment: Span, at: int) -> tuple[str, Token] | None:
    """The toll noun nearest the figure anywhere in the sentence ("Of the 32 deaths, three
    were shot"), for a bare figure the parse links to nothing."""
    nouns = [t for t in segment if t.lower_ in _TOLL_NOUNS and t.pos_ == "NOUN" and t.i != at]
    if not nouns:
        return None
    token = min(nouns, key=lambda t: abs(t.i - at))
    return _CUES.get(token.lower_, "injured" if token.lower_ == "casualties" else "killed"), token


def _is_label(figure: Token) -> bool:
    """Whether a number is part of a name, right after the capitalised noun it numbers:
    "Article 19", "Resolution 2334", "Camp 5"."""
    head = figure.head
    return (head.i == figure.i - 1 and head.pos_ in ("PROPN", "NOUN") and head.text[:1].isupper()
            and figure.dep_ in ("nummod", "appos", "compound", "npadvmod"))


def _read(segment: Span, span: Span, crowd: bool) -> _Reading | None:
    """What the figure in ``span`` counts, or None when it is no claim. ``crowd``: the amount
    is vague or large, so protesters or troops with no verb are a crowd or a force ("thousands
    of protesters in the capital"); a few with no verb are people something else befell."""
    root = span.root
    if _is_label(root):
        return None
    noun = _counted_noun(span)
    who = _group(noun)
    if noun is not None and who is None and _cue(noun) is None:
        return None  # "in 25 cities", "30 protest activities", "for 24 hours"
    start = noun if noun is not None and noun.i > root.i and root.dep_ == "nummod" else root
    after = span.end if noun is None or noun.i < span.end else noun.i + 1
    found = (_lexical(segment, span.end, who, adjacent=True)  # "one dead, 12 hurt"
             or _lexical(segment, after, who, adjacent=True)  # "250 activists were abducted"
             or _by_parse(start, who, bare=noun is None) or _lexical(segment, after, who))
    if found is None and crowd and who == "protesters":
        return _Reading("participants", None, who, noun)
    if found is None and crowd and noun is not None and noun.lower_ in ("troops", "soldiers"):
        return _Reading("troops", None, who, noun)
    if found is None and noun is None:
        found = _toll_noun(segment, root.i)
    if found is None:
        return None
    measure, cue = found
    if cue is not None and any(c.dep_ == "neg" for c in cue.children):
        return None  # "5,000 people may not be detained without trial"
    if who is None and noun is not None and measure != "other":
        # the noun is the measure itself: "39 deaths" (people), "627 arrests of protesters"
        counted = _of_object(noun)
        who = (_group(counted) if counted is not None else None) or "people"
    if measure == "participants" and who == "people":
        who = "protesters"
    return _Reading(measure, cue, who, noun)


# --- prices -----------------------------------------------------------------------------------


def _goods(word: Token) -> str | None:
    """What a price word is the price of: "the price of liquefied gas" -> "liquefied gas",
    "diesel prices" -> "diesel", "bread costs 90 rupees" -> "bread"."""
    if word.pos_ == "VERB":
        subjects = [c for c in word.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
        return subjects[0].lower_ if subjects else None
    for child in word.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "for", "on"):
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                obj = objects[0]
                if obj.lower_ in _MEASURES_OF_GOODS:  # "the price of a litre of petrol"
                    obj = _of_object(obj) or obj
                words = [t for t in obj.subtree if t.dep_ not in ("prep", "pobj", "det")
                         or t.i == obj.i]
                return " ".join(t.text for t in words if t.i <= obj.i)
    compounds = [c for c in word.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return " ".join(t.lower_ for t in compounds) or None


def _price_word(words: list[Token], at: int) -> Token | None:
    """The price word a figure at character ``at`` belongs to: the last one before it."""
    before = [w for w in words if w.idx < at]
    return before[-1] if before else None


def _price_claims(analysis: Analysis, segment: Span, amounts: list[Amount]) -> Iterator[Claim]:
    """Price claims of a sentence about prices: a ratio verb ("doubled"), a percentage beside a
    change verb ("rose by 50%", as the ratio 1.5), and money that is a unit price ("90 naira
    per litre", "from 70 to 120 tenge", "bread costs 90 rupees")."""
    text, base = analysis.text[segment.start_char : segment.end_char], segment.start_char
    if not _PRICE_WORDS.search(text):  # no price word: skip reading every token of the segment
        return
    words = [t for t in segment if _PRICE_WORDS.fullmatch(t.text)]
    if not words:
        return
    ratio = _RATIO_VERBS.search(text)
    if ratio:
        stem = next(k for k in _RATIOS if ratio["verb"].lower().startswith(k))
        goods = _price_word(words, base + ratio.start()) or words[0]
        lo = min(goods.idx, base + ratio.start())
        hi = max(goods.idx + len(goods), base + ratio.end())
        yield _claim(analysis, "price", _RATIOS[stem], "exact", lo, hi, who=_goods(goods),
                     unit="ratio", change=True)
    changed = _CHANGES.search(text)
    for amount in amounts:
        word = _price_word(words, base + amount.start)
        if word is None:
            continue
        if amount.unit == "percent" and not ratio and changed:
            sign = -1 if _FALLS.search(text) else 1
            yield _claim(analysis, "price", sign * amount.value, amount.qualifier, word.idx,
                         base + amount.end, who=_goods(word), unit="percent", change=True)
        elif amount.unit not in (None, "percent") and _is_unit_price(text, amount, word, base):
            unit = amount.unit
            per = _PER_UNIT.match(text, amount.end)
            if per:
                unit = f"{unit} per {per['unit'].lower()}"
            change = amount.change or (
                amount.value_max is not None
                and _CHANGE_BEFORE.search(text, 0, amount.start) is not None
            )
            yield _claim(analysis, "price", amount.value, amount.qualifier, base + amount.start,
                         base + (per.end() if per else amount.end), who=_goods(word), unit=unit,
                         value_max=amount.value_max, change=change)


def _is_unit_price(text: str, amount: Amount, word: Token, base: int) -> bool:
    """Whether money is what a unit of the goods costs now: not a total ("$2 billion"), not an
    old price or the size of a change ("up from 80 rupees", "an increase of 84 rupees"); and
    priced per unit, or the new figure of a change, or close after its price word."""
    if _TOTALS.search(amount.text) or _OLD_OR_CHANGE_BEFORE.search(text, 0, amount.start):
        return False
    if _DIFFERENCE_AFTER.match(text, amount.end):
        return False
    per = _PER_UNIT.match(text, amount.end)
    if per:
        return per["unit"].lower() not in _TIME_UNITS  # "2,000 rupees a day" is a wage
    if amount.change:
        return True
    return base + amount.start - word.idx <= _PRICE_REACH


# --- the figure's own place and time --------------------------------------------------------


def _own_places(analysis: Analysis, span: Span, start: int, end: int) -> list[PlaceMention]:
    """The places a figure in ``text[start:end]`` is given for, when it names them itself:
    "17 from Nairobi", "Nairobi (21)", "three each from Kisumu and Nakuru" (one per place), or a
    place that counted it ("Mombasa recorded 3 deaths"). Empty when the sentence says no more
    than where things happened in general (``anchors.place_for`` decides then)."""
    text = analysis.text
    sentence = analysis.places_in(*analysis.sentence_at(start))
    for place in sentence:
        gap = text[end : place.start] if place.start >= end else text[place.end : start]
        if place.start >= end and (found := _PLACE_AFTER.match(gap)):
            return places_listed_with(analysis, place) if found["each"] else [place]
        if place.end <= start and _PLACE_BEFORE.match(gap):
            return [place]
    verb = span.root.head if span.root.dep_ != "ROOT" else span.root
    while verb.dep_ in ("dobj", "pobj", "prep", "nummod", "quantmod") and verb.head.i != verb.i:
        verb = verb.head
    if verb.lower_ in _TALLY_VERBS:
        for place in sentence:
            root = analysis.doc.char_span(place.start, place.end, alignment_mode="expand")
            if (root is not None and root.root.dep_ == "nsubj" and root.root.head.i == verb.i
                    and not _is_dateline(text, place)):
                each = _EACH.search(text, place.end, start)
                return places_listed_with(analysis, place) if each else [place]
    return []


# Words of a running total: its as_of is a time of its own clause, not of a clause about what
# added to it ("the toll rose to five after two wounded on Monday died").
_RUNNING = re.compile(r"\b(?:toll|tally|count|total|number)\b", re.I)
# Clauses below the figure's that tell of other happenings.
_SUBORDINATE = frozenset(("advcl", "relcl", "acl", "ccomp", "pcomp", "csubj"))
# Words opening a clause about what added to a running total, between the total and a time of
# that clause: "the toll rose to seven after three wounded on Monday died" (the parser often
# takes such a clause for a conjunct).
_SUBORDINATOR = re.compile(
    r"\b(?:after|following|when|as(?!\s+of\b)|before|because|while)\b", re.I
)
# How many characters before a country ``_ACROSS_BEFORE`` looks: "all over the" and one
# modifier, set by hand.
_LOOK_BEHIND = 16
# A figure for the whole country: "across the island", "nationwide", "all over the nation".
_NATIONWIDE = re.compile(
    r"\b(?:nationwide|countrywide|(?:across|throughout|all over|around) the "
    r"(?:country|nation|island|whole country|entire country))\b",
    re.I,
)
# Before a country that a figure covers as a whole: "across Peru", "throughout Chad".
_ACROSS_BEFORE = re.compile(r"\b(?:across|throughout|all over)\s+(?:the\s+)?$", re.I)
# Places finer than a region: a claim gets one only from its own sentence.
_LOCAL = frozenset(("city", "site"))
# A figure's own clause pointing back at the city or town the narrative is in: "in the city".
_BACK_TO_TOWN = re.compile(r"\b(?:in|of|across|around|near) the (?:city|town)\b", re.I)
# What follows a dateline's place at the start of a line: "KISUMU, May 4", "Lima (AP) -".
_DATELINE_AFTER = re.compile(r"\s*(?:,|\(|[-\u2013\u2014])")


def _clause_of(token: Token) -> Token:
    """The verb heading ``token``'s clause (the sentence root when there is none)."""
    for candidate in (token, *token.ancestors):
        if candidate.pos_ in ("VERB", "AUX"):
            return candidate
    return token.sent.root


def _token_at(analysis: Analysis, start: int, end: int) -> Token | None:
    span = analysis.doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None else None


def _only_starts_count(
    analysis: Analysis, time: TimeMention, trigger: Token, quote: tuple[int, int], running: bool
) -> bool:
    """Whether a time in the figure's sentence does not say when the figure stood: it starts
    the counting period ("900 arrests since March 2", "11 deaths since the protests began on
    Monday"), or, for a running total, it dates a clause below the total's about what added to
    it ("the toll rose to five after two men wounded on Monday died")."""
    if starts_a_period(analysis, time):
        return True
    if running and time.start >= quote[1] and _SUBORDINATOR.search(
        analysis.text, quote[1], time.start
    ):
        return True
    node = _token_at(analysis, time.start, time.end)
    if node is None:
        return False
    above = {trigger.i, *(t.i for t in trigger.ancestors)}
    for token in (node, *node.ancestors):
        if token.i in above:
            return False
        if token.lower_ == "since" or any(
            c.dep_ == "mark" and c.lower_ == "since" for c in token.children
        ):
            return True
        if running and token.dep_ in _SUBORDINATE and not quote[0] <= token.idx < quote[1]:
            return True
    return False


def _as_of(analysis: Analysis, start: int, end: int) -> TimeMention | None:
    """The time a figure in ``text[start:end]`` stood at: ``anchors.date_for``, unless that
    time only starts the counting period or dates another clause of a running total
    (:func:`_only_starts_count`); then the nearest other time of the sentence that does not,
    else the publication date (a running total is counted as of the report)."""
    time = date_for(analysis, start, end)
    trigger = _token_at(analysis, start, end)
    sent_start, sent_end = analysis.sentence_at(start)
    if time is None or trigger is None or not sent_start <= time.start < sent_end:
        return time
    running = _RUNNING.search(analysis.text, start, end) is not None

    def skip(m: TimeMention) -> bool:
        return _only_starts_count(analysis, m, trigger, (start, end), running)

    if not skip(time):
        return time
    others = [m for m in analysis.times_in(sent_start, sent_end)
              if m.date is not None and not m.future and not skip(m)]
    if others:
        return min(others, key=lambda m: abs(m.start - start))
    if analysis.published is not None:
        return TimeMention(0, 0, "", analysis.published, PRECISION_NEAR)
    return None


def _country(
    analysis: Analysis, code: str | None, sentence: tuple[int, int]
) -> PlaceMention | None:
    """The mention of the country ``code``: in the sentence first, else its first in the
    report; None when the report never names it."""
    named = [m for m in analysis.places if m.place.kind == "country" and m.place.country == code]
    here = [m for m in named if sentence[0] <= m.start < sentence[1]]
    first = here or named
    return first[0] if first else None


def _is_dateline(text: str, place: PlaceMention) -> bool:
    """Whether a place opens a dateline ("KISUMU, May 4 -", "Lima (AP) -"): where the report
    was filed, not where its figures were counted."""
    at_line_start = place.start == 0 or text[place.start - 1] == "\n"
    return at_line_start and (
        place.text.isupper() or text.startswith("(", place.end + 1)
    ) and _DATELINE_AFTER.match(text, place.end) is not None


def _location(analysis: Analysis, start: int, end: int) -> PlaceMention | None:
    """The place of a figure that names none itself: ``anchors.place_for``, but a city or site
    only when its own sentence or the one before names it (not in a dateline), or the sentence
    points back at it ("in the city"), and no "nationwide" or "across the island" in the
    figure's clause says it covers the whole country. "Across <country>" gives that country;
    else the country of the rejected place when the report names it, or None: a dateline or a
    city paragraphs back says where the reporter is, not where a national total was counted."""
    text = analysis.text
    place = place_for(analysis, start, end)
    sentence = analysis.sentence_at(start)
    trigger = _token_at(analysis, start, end)
    clause = _clause_of(trigger) if trigger is not None else None
    for mention in analysis.places_in(*sentence):
        if mention.place.kind == "country" and _ACROSS_BEFORE.search(
            text, max(0, mention.start - _LOOK_BEHIND), mention.start
        ):
            return mention
    wide = _NATIONWIDE.search(text, *sentence)
    code = place.place.country if place is not None else None
    if wide is not None:
        token = _token_at(analysis, wide.start(), wide.end())
        if token is None or clause is None or _clause_of(token) == clause:
            return _country(analysis, code, sentence)
    if place is None or place.place.kind not in _LOCAL:
        return place
    if sentence[0] <= place.start < sentence[1] and not _is_dateline(text, place):
        own = _token_at(analysis, place.start, place.end)
        if wide is None or (own is not None and _clause_of(own) == clause):
            return place
    elif wide is None and not _is_dateline(text, place) and (
        place.start >= analysis.sentence_at(max(0, sentence[0] - 1))[0]
        or _BACK_TO_TOWN.search(text, *sentence)
    ):
        return place
    return _country(analysis, code, sentence)


# --- assembling -------------------------------------------------------------------------------


def _claim(analysis: Analysis, measure: str, value: float, qualifier: str, start: int, end: int,
           place: PlaceMention | None = None, **fields: str | float | bool | None) -> Claim:
    """A claim quoting ``text[start:end]``, at ``place`` (else where ``anchors`` puts it)."""
    place = place or _location(analysis, start, end)
    time = _as_of(analysis, start, end)
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


def _priced(text: str, amount: Amount) -> Amount:
    """``amount`` with the currency ``numbers`` does not know, when a unit of goods after it says
    it is money ("60 marks per liter")."""
    if amount.unit is not None:
        return amount
    found = _PRICED_PER.match(text, amount.end)
    if found is None:
        return amount
    return dataclasses.replace(amount, unit=found["unit"].lower(), end=found.end(),
                               text=text[amount.start : found.end()])


def _segment_claims(
    analysis: Analysis, segment: Span, attribution: Attribution
) -> list[tuple[_Key, Claim]]:
    """The segment's claims, each with the key that makes it a distinct figure: its measure,
    value and the place the figure itself names (one figure given for several places is one
    claim per place)."""
    text = analysis.text[segment.start_char : segment.end_char]  # = segment.text, built faster
    amounts = [_priced(text, a) for a in find_amounts(text)]
    claims: list[tuple[_Key, Claim]] = [
        ((c.measure, c.value, None), c) for c in _price_claims(analysis, segment, amounts)
    ]
    base = segment.start_char
    for amount in amounts:
        if amount.unit is not None:
            continue
        span = analysis.doc.char_span(base + amount.start, base + amount.end,
                                      alignment_mode="expand")
        if span is None:
            continue
        reading = _read(segment, span, amount.qualifier == "vague" or amount.value >= _CROWD)
        if reading is None:
            continue
        qualifier = _qualifier(amount, span)
        tokens = [t for t in (reading.cue, reading.noun) if t is not None]
        start = min([base + amount.start, *(t.idx for t in tokens)])
        end = max([base + amount.end, *(t.idx + len(t) for t in tokens)])
        if is_historical(analysis, start, end):
            continue
        counted_end = reading.noun.idx + len(reading.noun) if reading.noun else base + amount.end
        own: list[PlaceMention | None] = [
            *_own_places(analysis, span, base + amount.start, counted_end)
        ]
        for place in own or [None]:
            key = (reading.measure, amount.value, place.place.canonical if place else None)
            claims.append((key, _claim(
                analysis, reading.measure, amount.value, qualifier, start, end, place,
                value_max=amount.value_max, who=reading.who,
                attributed_to=attribution.source_of(span.root),
            )))
    return claims


def find_claims(analysis: Analysis) -> list[Claim]:
    """Every figure the report states, one claim per figure per sentence, in text order."""
    attribution = Attribution(analysis.doc, [(m.start, m.end) for m in analysis.places],
                              analysis.text)
    claims: list[Claim] = []
    for segment in analysis.segments():
        seen: set[_Key] = set()
        for key, claim in sorted(_segment_claims(analysis, segment, attribution),
                                 key=lambda pair: pair[1].start):
            if key not in seen:
                seen.add(key)
                claims.append(claim)
    return claims
