"""Where and when a fact happened: the place and date a claim or event is anchored to.

Claims and events share these rules so that a figure and the happening it counts are put at
the same place and day.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Span, Token

from crisisdesk.extract.attribution import REPORTING_VERBS
from crisisdesk.extract.context import Analysis, PlaceMention, TimeMention
from crisisdesk.vocab import PRECISION_EXACT, PRECISION_NEAR

# More specific places win when a sentence names several ("in Almaty, Kazakhstan").
_SPECIFICITY = {"site": 0, "city": 1, "region": 2, "country": 3}

# Prepositions that put a fact at a place.
_LOCATIVE = frozenset((
    "in", "at", "to", "into", "across", "throughout", "near", "outside", "inside", "around",
    "on", "from", "of", "within", "along", "toward", "towards", "through",
))
# "since" right before a time: the start of a state or a counting period, not the day the
# narrative tells of; the reach covers "since early " (chosen by hand).
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:early\s+|late\s+|mid-?\s*)?$", re.I)
_SINCE_REACH = 16

# Nouns a place names the actor of, not the location ("US troops", "Kenya police said").
_ACTOR_NOUNS = frozenset((
    "troops", "forces", "soldiers", "army", "military", "police", "government", "authorities",
    "officials", "ministry", "president", "leader", "leaders", "embassy", "parliament",
    "media", "diplomats", "envoy", "opposition",
))
_NATIONWIDE = re.compile(
    r"\b(?:(?:the )?(?:whole|entire) country|across the country|nationwide|countrywide|"
    r"throughout the country|all over the country|(?:other )?parts of the country|"
    # many places at once: "in 25 cities and towns", "across several regions"
    r"(?:in|across) (?:at least |more than |some |about )?(?:\d[\d,]*|two|three|four|five|six|"
    r"seven|eight|nine|ten|a dozen|dozens of|scores of|a number of|several|many|numerous|"
    r"various|multiple|other) (?:other |major |more )?(?:cities|towns|regions|provinces|"
    r"states|districts))\b",
    re.I,
)

# What may stand between the places of one list: "Cali, Bogota and Medellin".
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s*and|,?\s*or|,?\s*as well as)\s*$")

# How a trigger may stand to a reporting verb and still be dated by its time: as its
# subject or object ("32 deaths were reported from Sunday"), not inside what it reports.
_ARGUMENTS = frozenset(("nsubj", "nsubjpass", "dobj", "attr", "oprd", "agent", "prep", "pobj"))

# Words between a reporting verb and its time: "said late on Friday".
_TIME_PREPOSITIONS = frozenset(("on", "late", "early", "at", "in", "this", "last"))

# A past episode named in the sentence itself: "ten years ago", "as far back as 2016",
# "in 2011" (a year before the report's own).
_AGO = re.compile(r"\b(?:\w+|\d+)\s+(?:years|decades)\s+ago\b|\bas far back as\b", re.I)

# How a sentence that goes on telling a past episode may open: a consequence or a sequel
# ("As a result", "Then", "That day"), after an optional "And" / "But".
_SEQUEL = re.compile(
    r"\s*(?:(?:and|but)\s+)?(?:as a (?:result|consequence)|consequently|then|afterwards?|"
    r"after that|subsequently|eventually|in the end|at (?:the|that) time|"
    r"(?:on )?that (?:day|night|morning|evening|week|month|year)|the next (?:day|morning)|"
    r"the following (?:day|morning|week)|in the (?:ensuing|resulting|aftermath)|"
    r"during (?:that|those|the ensuing))\b",
    re.I,
)
# Subjects that refer back to the episode just told: "They opened fire", "It ended in ...".
_BACK_PRONOUNS = frozenset(("they", "it", "he", "she", "this", "that", "these", "those"))
# Words of the present that end a past episode's story: "They now demand justice."
_PRESENT = re.compile(
    r"\b(?:now|today|tonight|currently|at present|so far|still|this (?:week|month|year))\b",
    re.I,
)
_LEADING_SPACE = re.compile(r"\s*")
# Tags of an auxiliary that puts a participle in the present: "have been", "is", "will".
_PRESENT_TAGS = frozenset(("VBP", "VBZ", "MD"))


def _is_locative(analysis: Analysis, mention: PlaceMention) -> bool:
    """Whether the place is named as where something is ("in Minsk", "to Kazakhstan", "the
    Aba town hall"), not as an actor or an attribute ("Russia sent troops", "Colombia's
    government", "Russian troops")."""
    span = analysis.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    if token.dep_ == "compound" and (
        token.head.dep_ == "compound" or token.head.lower_ not in _ACTOR_NOUNS
    ):
        return True  # a place's thing: "the Aba town hall", not "US troops"
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
    places as locations ("in", "at", "to" ...): of those, one in the fact's own words first,
    then the most specific, then the nearest.
    A sentence with no place of its own, or naming places only as actors ("Russia sent
    troops", "Colombia's government"): the most recent place named before it (the narrative
    stays where it was), else the places it names, else the report's country, else None.
    Measured on the development sets with stand-in places: the most recent place beat the
    report's country and the report's most frequent place as the fallback. A sentence ends at
    a line break (a headline is not part of the paragraph the parser runs it into).
    """
    sent_start, sent_end = _line_of_sentence(analysis, start, end)
    country = _main_country(analysis)
    if country is not None and _NATIONWIDE.search(analysis.text, sent_start, sent_end):
        return country
    here = analysis.places_in(sent_start, sent_end)
    located = [m for m in here if _is_locative(analysis, m)]
    if located:
        return min(located, key=lambda m: (
            not start <= m.start < end,  # named in the fact's own words first
            _SPECIFICITY.get(m.place.kind, 9),
            abs(m.start - start),
        ))
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


def _time_head(analysis: Analysis, mention: TimeMention) -> Token | None:
    """The word a time expression modifies: the verb of "marched on Sunday", the noun of
    "Sunday's election" or "a Sunday night protest" (memoised on the analysis)."""
    if mention.start not in analysis.time_heads:
        span = analysis.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        head = -1
        if span is not None:
            root = span.root
            if root.dep_ == "pobj" and root.head.dep_ == "prep":  # "during [Sunday]"
                root = root.head
            head = root.head.i if root.head.i != root.i else root.i
            before = span.start - 1
            while before > span.sent.start and analysis.doc[before].lower_ in _TIME_PREPOSITIONS:
                before -= 1
            if before >= 0 and analysis.doc[before].lower_ in REPORTING_VERBS:
                head = before  # "said on Friday they had ...": the parser may attach it lower
        analysis.time_heads[mention.start] = head
    i = analysis.time_heads[mention.start]
    return analysis.doc[i] if i >= 0 else None


def _clause_verb(token: Token) -> Token:
    """The nearest verb at or above ``token`` (the sentence root when there is none)."""
    for candidate in (token, *token.ancestors):
        if candidate.pos_ in ("VERB", "AUX"):
            return candidate
    return token.sent.root


def _dates_the_saying(head: Token, trigger: Token) -> bool:
    """Whether a time modifying ``head`` dates a statement rather than the happening of
    ``trigger``: ``head`` is a reporting verb and the trigger lies in what is reported ("Police
    said on Wednesday they had detained ..."), not in the verb's own arguments ("deaths were
    reported from Sunday")."""
    if head.lower_ not in REPORTING_VERBS or head.i == trigger.i:
        return False
    child = trigger
    for ancestor in trigger.ancestors:
        if ancestor.i == head.i:
            return child.dep_ not in _ARGUMENTS
        child = ancestor
    return True  # the trigger is outside the statement's clause: "X happened, police said Friday"


def _trigger_token(analysis: Analysis, start: int, end: int) -> Token | None:
    span = analysis.doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None else None


def _rank(analysis: Analysis, mention: TimeMention, trigger: Token | None) -> int:
    """How well a time in the trigger's sentence dates it: 0 inside the trigger's own phrase
    or clause, 1 modifying a clause above the trigger, 2 elsewhere in the sentence, 3 dating
    only a statement about it."""
    head = _time_head(analysis, mention)
    if trigger is None or head is None:
        return 2
    if _dates_the_saying(head, trigger):
        return 3
    if trigger.left_edge.idx <= mention.start and mention.end <= (
        trigger.right_edge.idx + len(trigger.right_edge)
    ):
        return 0
    verb = _clause_verb(head)
    while verb.dep_ == "xcomp":  # "continued to rock the country Thursday": one clause
        verb = verb.head
    return 1 if verb.i == trigger.i or verb in trigger.ancestors else 2


def _narrative_rank(analysis: Analysis, mention: TimeMention) -> tuple[int, int]:
    """(0 modifying the main clause, 1 a clause under it, 2 a statement; then its depth)."""
    head = _time_head(analysis, mention)
    if head is None or head.lower_ in REPORTING_VERBS:
        return 2, 0
    depth = sum(1 for _ in head.ancestors)
    return (0 if _clause_verb(head).dep_ == "ROOT" else 1), depth


def _narrative_time(analysis: Analysis, mentions: list[TimeMention]) -> TimeMention:
    """The time a sentence's narrative stands at, of its dated mentions: one modifying its main
    clause (the one nearest its verb: "Riots continued yesterday, a day after the shooting on
    Tuesday" -> yesterday), else one not dating a mere statement, else its last."""
    best = min(_narrative_rank(analysis, m) for m in mentions)
    return [m for m in mentions if _narrative_rank(analysis, m) == best][-1]


def starts_a_period(analysis: Analysis, time: TimeMention) -> bool:
    """Whether the time opens a period ("since Monday", "since early March"): a state or a
    count that began then, not the day the sentence tells of."""
    return bool(_SINCE_BEFORE.search(analysis.text, max(0, time.start - _SINCE_REACH),
                                     time.start))


def _lead_time(analysis: Analysis, days: list[TimeMention]) -> TimeMention | None:
    """The day a report's lead tells of: the narrative time of its first dated sentence,
    passing over the start of a state ("Towns have been under curfew since 8 February")."""
    by_sentence: dict[int, list[TimeMention]] = {}
    for m in days:
        if not starts_a_period(analysis, m):
            by_sentence.setdefault(analysis.sentence_at(m.start)[0], []).append(m)
    first = next(iter(by_sentence.values()), None)
    return _narrative_time(analysis, first) if first else None


def _line_of_sentence(analysis: Analysis, start: int, end: int) -> tuple[int, int]:
    """The span of ``start``'s sentence, cut at line breaks: a headline or byline run into the
    next paragraph by the parser is not part of its sentence."""
    sent_start, sent_end = analysis.sentence_at(start)
    text = analysis.text
    sent_start = max(sent_start, text.rfind("\n", sent_start, start) + 1)
    line_end = text.find("\n", max(start, end), sent_end)
    return sent_start, line_end if line_end >= 0 else sent_end


def date_for(
    analysis: Analysis, start: int, end: int, trigger: Token | None = None
) -> TimeMention | None:
    """The time expression a fact in ``text[start:end]`` (its key word ``trigger``, else the
    span's syntactic root) is dated by.

    Times in clauses about the future never date a fact. In its sentence: a time in the
    trigger's own phrase or clause ("three were shot during a Sunday night protest"), then
    one modifying a clause above it ("On Sunday, police fired tear gas"), then any other;
    a time that only dates a statement ("Police said on Wednesday they had detained ...")
    comes last. Else the narrative's day: of the latest earlier sentence with a day that is
    not historical, its main clause's time ("Protesters rallied on Tuesday after Sunday's
    vote. Police fired tear gas." -> Tuesday). Else the publication date, at week precision
    (a report tells of its own days); else None.
    """
    sent_start, sent_end = _line_of_sentence(analysis, start, end)
    here = [
        m for m in analysis.times_in(sent_start, sent_end) if m.date is not None and not m.future
    ]
    if here:
        if trigger is None:
            trigger = _trigger_token(analysis, start, end)
        anchor = trigger.idx if trigger is not None else start
        return min(here, key=lambda m: (_rank(analysis, m, trigger), abs(m.start - anchor)))
    days = [
        m
        for m in analysis.times
        if m.date is not None and not m.historical and not m.future
        and m.precision == PRECISION_EXACT
    ]
    earlier = [m for m in days if m.start < sent_start]
    if earlier:
        last_sentence = analysis.sentence_at(earlier[-1].start)
        return _narrative_time(analysis, [m for m in earlier if m.start >= last_sentence[0]])
    lead = _lead_time(analysis, days)
    if lead is not None:
        return lead
    if analysis.published is not None:
        return TimeMention(0, 0, "", analysis.published, PRECISION_NEAR)
    return None


def _continues_past(sentence: Span, gap: str, times: list[TimeMention]) -> bool:
    """Whether ``sentence``, following one about a past episode across ``gap`` (the text
    between them), goes on telling that episode: no line break between them, no time of its
    own that dates the crisis, no word of the present ("now", "today"), a verb in the past, and
    a link back: a consequence or sequel connective ("As a result", "Then", "At the time"), a
    pronoun subject ("They", "It"), or the past perfect ("had been killed")."""
    if "\n" in gap or any(m.date is not None and not m.historical for m in times):
        return False
    text = sentence.text
    if _PRESENT.search(text):
        return False
    root = sentence.root
    auxiliaries = {c.tag_ for c in root.children if c.dep_ in ("aux", "auxpass")}
    if not (root.tag_ == "VBD" or "VBD" in auxiliaries or (
        root.tag_ == "VBN" and not auxiliaries & _PRESENT_TAGS
    )):
        return False
    if _SEQUEL.match(text):
        return True
    if any(t.dep_ in ("nsubj", "nsubjpass") and t.lower_ in _BACK_PRONOUNS for t in root.children):
        return True
    return any(c.dep_ == "aux" and c.lower_ == "had" for c in root.children) and root.tag_ == "VBN"


def _leading_space(text: str, start: int) -> str:
    match = _LEADING_SPACE.match(text, start)
    return match.group() if match else ""


def _past_sentences(analysis: Analysis) -> frozenset[int]:
    """The start offsets of the sentences about a past episode, in one pass over the document:
    a sentence naming a past time (a historical time mention, "ten years ago", "as far back
    as"), and each following sentence that continues its story (:func:`_continues_past`)."""
    text = analysis.text
    times = sorted(analysis.times, key=lambda m: m.start)
    t = 0
    found: set[int] = set()
    previous_end: int | None = None
    for sentence in analysis.doc.sents:
        start, end = sentence.start_char, sentence.end_char
        while t < len(times) and times[t].start < start:
            t += 1
        here = []
        while t < len(times) and times[t].end <= end:
            here.append(times[t])
            t += 1
        own = any(m.historical for m in here) or bool(_AGO.search(text, start, end))
        if own or (previous_end is not None and _continues_past(
            sentence, text[previous_end:start] + _leading_space(text, start), here
        )):
            found.add(start)
        previous_end = start + len(sentence.text.rstrip()) if start in found else None
    return frozenset(found)


def is_historical(
    analysis: Analysis, start: int, end: int, time: TimeMention | None = None
) -> bool:
    """Whether a fact in ``text[start:end]`` belongs to a past episode, not the crisis: its
    time mention is historical, or its sentence names a past time ("ten years ago", "in 2011",
    flagged by the times step; "as far back as"), or continues the story of the sentence
    before that does ("Ten years ago troops fired on strikers in Varna. As a result, dozens
    were killed."; see :func:`_continues_past`). Read the times step's results: call it after."""
    if time is not None and time.historical:
        return True
    if analysis.past_sentences is None:
        analysis.past_sentences = _past_sentences(analysis)
    return analysis.sentence_at(start)[0] in analysis.past_sentences
