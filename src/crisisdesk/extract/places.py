"""Place mentions: where the things a report tells of happen, resolved against GeoNames.

:func:`find_places` works in five steps over the parsed document:

1. runs — maximal sequences of capitalised words ("Hlaing Tharyar", "Murtala Muhammed
   International Airport"), with the word after each run;
2. spans — in each run, the longest names the gazetteer knows; a run followed by a kind word is
   a region ("Edo state", "Mangystau oblast"), a run ending in a facility word a site
   ("Independence Square"), a run after a word such as "neighbourhoods" or before "Township" a
   district of the nearest city; names GeoNames lacks are matched fuzzily, only when spaCy or a
   preposition marks them as places and only against the report's own country ("Akobi");
3. country context — the country most of the report's names point to (and the countries it
   names) decide between namesakes (Brest in Belarus, not France);
4. evidence — a name that is also a common word, a person, a demonym or part of an
   organisation's name ("Kenya Police", "Interfax-Kazakhstan") is not a place;
5. roles — a country named only as an actor ("Russia sent troops", "Colombia's government") is
   no place of the report, nor is a foreign place named as a location only once (an aside:
   "voices in Moscow"); places of the report's own country are kept.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from spacy.attrs import IDX, IS_STOP, LENGTH
from spacy.tokens import Doc, Span, Token

from crisisdesk.extract.context import Analysis, PlaceMention
from crisisdesk.extract.gazetteer import Entry, Gazetteer, capital_of, fold, load_gazetteer
from crisisdesk.extract.times import MONTHS, WEEKDAYS
from crisisdesk.records import Place
from crisisdesk.vocab import PRECISION_BROAD, PRECISION_EXACT, PRECISION_NEAR

# Words that make the preceding name a first-level region ("Kachin State", "Edo state").
_REGION_WORDS = frozenset((
    "region", "state", "province", "oblast", "department", "governorate", "prefecture",
    "territory", "krai", "regions", "states", "provinces", "oblasts", "departments",
    "governorates", "prefectures",
))
# Facilities a report may place a happening at ("Independence Square", "Lekki Toll gate").
# Linear features (roads, highways) are left out: they have no single point.
_SITE_HEADS = frozenset((
    "square", "palace", "airport", "bridge", "stadium", "market", "monument", "memorial",
    "obelisk", "cathedral", "mosque", "church", "pagoda", "temple", "hotel", "park", "station",
    "terminal", "terminus", "prison", "camp", "plaza", "gate", "tower", "house", "roundabout",
))
# Parts of a town named after it ("Aba town hall", "the Kyiv city centre"): the town itself.
_TOWN_PARTS = frozenset(("hall", "centre", "center", "square", "council"))
# Linear features (roads, highways) have no single point: a name ending in one is no place.
_LINEAR_HEADS = frozenset((
    "road", "highway", "expressway", "motorway", "street", "avenue", "boulevard", "railway",
    "corridor", "freeway",
))
# Parts of a settlement; a name next to one is a place even when GeoNames lacks it.
_AREA_NOUNS = frozenset((
    "neighborhood", "neighbourhood", "township", "district", "suburb", "village", "quarter",
    "ward", "neighborhoods", "neighbourhoods", "townships", "districts", "suburbs", "villages",
    "quarters", "wards",
))
# Prepositions that name where something is (as in anchors.py, without "of": "the people of
# Russia", "the invasion of Afghanistan" name a country as an actor or a target).
_LOCATIVE = frozenset((
    "in", "at", "to", "into", "across", "throughout", "near", "outside", "inside", "around",
    "on", "from", "within", "along", "toward", "towards", "through", "over", "between",
))
_SETTLEMENT_NOUNS = frozenset(("city", "capital", "town", "cities", "towns", "village"))
_EXCEPTING = frozenset(("apart", "aside", "except"))
_ACTOR_DEPS = frozenset(("nsubj", "poss", "compound", "amod", "nmod"))
# Small lower-case words allowed inside a name ("Republic of the Congo", "Valle del Cauca").
_NAME_PARTICLES = frozenset(("of", "the", "de", "del", "la", "el", "da", "do"))
_DEMONYM_ENDINGS = ("ian", "ians", "ese", "ish", "is", "s", "i")
_PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))
_NOT_PLACE_LABELS = frozenset(("PERSON", "NORP", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT"))
# Names that are days, months or amounts ("Friday", "March") are never places.
# (Not CARDINAL: the small model calls some unfamiliar town names numbers.)
_TIME_LABELS = frozenset(("DATE", "TIME"))
_CALENDAR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)  # their first three letters

_MAX_NAME_TOKENS = 6  # the longest names looked up ("Bosnia and Herzegovina" is 3 tokens)
# A city namesake of a region is meant by the bare name when it is this big (Lagos, Enugu,
# Mandalay) — smaller namesakes (Mangistau town, 31,000) lose to their region.
_NAMESAKE_CITY_POPULATION = 50000
# A place in the report's country needs no other evidence than its name when it is this big;
# smaller ones need spaCy's GPE/LOC label or a preposition (checked on the dev sets: Aba,
# 1.2 M, is named only as "Aba town hall").
_SELF_EVIDENT_POPULATION = 50000
# Abroad, without the report naming the country, a city must be big to be believed.
_FOREIGN_MIN_POPULATION = 100000
# A misspelling: rapidfuzz ratio of the folded names. "Akobi"/"Aktobe" scores 73; unrelated
# names of one country rarely pass 70 with the same first letter (checked on the dev sets'
# capitalised words against their countries' towns).
_FUZZY_RATIO = 70.0
_FUZZY_MIN_LENGTH = 4
_FUZZY_MARGIN = 5.0  # the best must beat the second best by this much, or it is a guess
# spaCy's small model calls many unfamiliar cities persons ("struck Kharkiv and Dnipro"); a
# single-word "person" is believed to be a city of the report's country this big, unless it is
# the subject of a verb or part of a longer person's name (checked on test sentences about
# Ukraine, Nigeria and Kazakhstan: surnames of the dev sets never name cities this big).
_PERSON_CITY_POPULATION = 250000
# A foreign place is one of the report's places only when named as a location this often.
_FOREIGN_MIN_LOCATIVE = 2

_PRECISION = {"city": PRECISION_EXACT, "site": PRECISION_EXACT, "region": PRECISION_BROAD,
              "country": PRECISION_BROAD}


@dataclass
class _Candidate:
    """A name found in the text, before its place is chosen."""

    start: int  # token indices, end exclusive
    end: int
    how: str  # gazetteer | region | site | area | fuzzy
    entries: list[tuple[Entry, bool]] = field(default_factory=list)
    site_name: str | None = None  # the site's own name (sites and districts)
    named_after: list[tuple[Entry, bool]] = field(default_factory=list)  # "Almaty airport"
    named_end: int = 0  # where the name of ``named_after`` ends
    chosen: Entry | None = None
    among_regions: bool = False  # listed with regions: "Imo, Ondo and Abia" (states)


# --- step 1: runs of capitalised words --------------------------------------------------------


class _Words:
    """The tokens' text and capitalisation, read once per document.

    ``doc[i]`` makes a new Token object on every call and a span's ``.text`` joins its tokens'
    texts anew: the token loops of steps 1 and 2 spent 60% of their time on that (cProfile,
    demo + seed + dev texts). Here a span's text is a slice of the document's."""

    def __init__(self, text: str, doc: Doc) -> None:
        self.text = text
        rows = doc.to_array([IDX, LENGTH, IS_STOP]).tolist() if len(doc) else []
        self.starts = [start for start, _, _ in rows]
        self.ends = [start + length for start, length, _ in rows]
        # a capitalised word: a letter in upper case first, and not a stop word ("The")
        self.capitalised = [text[start].isupper() and text[start].isalpha() and not stop
                            for start, _, stop in rows]

    def span(self, start: int, end: int) -> str:
        """The text of tokens ``start`` to ``end`` (exclusive), as ``doc[start:end].text``."""
        return self.text[self.starts[start] : self.ends[end - 1]] if end > start else ""


def _runs(gaz: Gazetteer, doc: Doc, words: _Words) -> list[tuple[int, int]]:
    """Maximal token ranges of capitalised words, joined by hyphens without spaces, by name
    particles ("Alma-Ata", "Republic of the Congo") or by "and" inside a known name ("Bosnia
    and Herzegovina", not "Cali and Bogota")."""
    runs: list[tuple[int, int]] = []
    capitalised = words.capitalised
    i, n = 0, len(doc)
    while i < n:
        if not capitalised[i]:
            i += 1
            continue
        j = i + 1
        while j < n:
            if capitalised[j]:
                j += 1
            elif j + 1 < n and capitalised[j + 1] and _joins_name_words(gaz, doc, words, i, j):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _joins_name_words(gaz: Gazetteer, doc: Doc, words: _Words, start: int, j: int) -> bool:
    """Whether token ``j`` joins the capitalised words around it into one name."""
    tok = doc[j]
    return (
        (tok.text in ("-", "‐") and not doc[j - 1].whitespace_)
        or tok.lower_ in _NAME_PARTICLES
        or bool(tok.lower_ == "and" and gaz.lookup(words.span(start, j + 2)))
    )


# --- step 2: spans inside runs ----------------------------------------------------------------


def _text(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text


def _joins_list(words: _Words, start: int, end: int) -> bool:
    """Whether the tokens ``start`` to ``end`` between two names join them as items of one
    list: nothing, commas, "and" or "or"."""
    return words.span(start, end).strip(" ,") in ("", "and", "or")


def _longest_names(gaz: Gazetteer, words: _Words, start: int, end: int) -> list[_Candidate]:
    """Greedy longest gazetteer names inside one run, left to right."""
    found: list[_Candidate] = []
    i = start
    while i < end:
        for j in range(min(end, i + _MAX_NAME_TOKENS), i, -1):
            if not words.capitalised[j - 1]:
                continue
            entries = gaz.lookup(words.span(i, j))
            if entries:
                found.append(_Candidate(i, j, "gazetteer", entries))
                i = j
                break
        else:
            i += 1
    return found


def _regions(gaz: Gazetteer, name: str) -> list[tuple[Entry, bool]]:
    return [(e, main) for e, main in gaz.lookup(name) if e.kind == "region"]


def _candidates(gaz: Gazetteer, doc: Doc, words: _Words) -> list[_Candidate]:
    """Every name in the text that may be a place, in text order."""
    out: list[_Candidate] = []
    runs = _runs(gaz, doc, words)
    for k, (start, end) in enumerate(runs):
        last = doc[end - 1].lower_
        after = doc[end].lower_ if end < len(doc) else ""
        before = doc[start - 1].lower_ if start > 0 else ""
        if last in _REGION_WORDS and end - start > 1:
            entries = _regions(gaz, words.span(start, end - 1))
            if entries:
                out.append(_Candidate(start, end, "region", entries))
                continue
        if after in _REGION_WORDS:
            entries = _regions(gaz, words.span(start, end))
            if entries:
                out.append(_Candidate(start, end + 1, "region", entries))
                out.extend(_listed_regions(gaz, doc, words, runs, k))
                continue
        if last in _LINEAR_HEADS or after in _LINEAR_HEADS:
            continue
        if last in _SITE_HEADS and end - start > 1:
            out.append(_site(gaz, doc, words, start, end, end))
            continue
        if after in _SITE_HEADS:
            out.append(_site(gaz, doc, words, start, end, end + 1))
            continue
        if after in ("town", "city") and end + 1 < len(doc) and doc[end + 1].lower_ in _TOWN_PARTS:
            out.append(_site(gaz, doc, words, start, end, end + 2, name_end=end))
            continue
        if last in _AREA_NOUNS and end - start > 1:
            out.append(_area(gaz, doc, start, end - 1, end))
            continue
        if before in _AREA_NOUNS or after in _AREA_NOUNS or _in_area_list(doc, words, runs, k):
            out.append(_area(gaz, doc, start, end, end + int(after in _AREA_NOUNS)))
            continue
        names = _longest_names(gaz, words, start, end)
        out.extend(names or [_Candidate(start, end, "fuzzy")])
    return _merge_listed_regions(out)


def _listed_regions(
    gaz: Gazetteer, doc: Doc, words: _Words, runs: list[tuple[int, int]], k: int
) -> list[_Candidate]:
    """Regions listed before a plural kind word: "Enugu and Ebonyi states"."""
    end = runs[k][1]
    if not doc[end].lower_.endswith("s"):
        return []
    out: list[_Candidate] = []
    i = k
    while i > 0 and _joins_list(words, runs[i - 1][1], runs[i][0]):
        i -= 1
        entries = _regions(gaz, words.span(*runs[i]))
        if entries:
            out.append(_Candidate(*runs[i], "region", entries))
    return out


def _merge_listed_regions(cands: list[_Candidate]) -> list[_Candidate]:
    """Keep one candidate per start token (a listed region replaces the plain name found
    first), in text order."""
    by_start: dict[int, _Candidate] = {}
    for cand in cands:
        if cand.start not in by_start or cand.how == "region":
            by_start[cand.start] = cand
    return [by_start[s] for s in sorted(by_start)]


def _site(
    gaz: Gazetteer, doc: Doc, words: _Words, start: int, end: int, head_end: int,
    name_end: int | None = None,
) -> _Candidate:
    """A facility; its point is that of a place named inside it, if any. ``name_end`` ends the
    place it is named after when that is not the word before the head ("Aba town hall")."""
    if doc[start].lower_ == "the":
        start += 1
    inner = [
        c for c in _longest_names(gaz, words, start, head_end)
        if any(e.kind == "city" for e, _ in c.entries)
    ]
    entries = [(e, m) for c in inner[:1] for e, m in c.entries if e.kind == "city"]
    site = _Candidate(start, head_end, "site", entries, words.span(start, head_end))
    if not doc[head_end - 1].is_title:  # "Almaty airport": the city, unless no place is named
        site.named_end = name_end or head_end - 1
        site.named_after = gaz.lookup(words.span(start, site.named_end))
    return site


def _area(gaz: Gazetteer, doc: Doc, start: int, name_end: int, end: int) -> _Candidate:
    """A district of a city ("Hlaing Tharyar Township", "the neighbourhood El Calipso")."""
    entries = [(e, m) for e, m in gaz.lookup(_text(doc, start, name_end)) if e.kind == "city"]
    return _Candidate(start, end, "area", entries, _text(doc, start, name_end))


def _in_area_list(doc: Doc, words: _Words, runs: list[tuple[int, int]], k: int) -> bool:
    """Whether run ``k`` is an item of a list introduced by an area noun ("in the
    neighbourhoods A and B", "townships – A, B and C")."""
    i = k
    while i > 0 and _joins_list(words, runs[i - 1][1], runs[i][0]):
        i -= 1
    start = runs[i][0]
    if i == k:
        return False
    head = start - 1
    if head >= 0 and doc[head].text in ("–", "—", "-", ":"):
        head -= 1
    return head >= 0 and doc[head].lower_ in _AREA_NOUNS


# --- step 3: country context ------------------------------------------------------------------


def _country_votes(doc: Doc, cands: list[_Candidate]) -> tuple[str | None, set[str]]:
    """The report's main country and the set of countries it names.

    Each name votes for its country: a country's own name 2, except when named as an actor
    ("Russia sent troops to Kazakhstan" is about Kazakhstan); a name spaCy calls a place 1, any
    other name 0.5 (it may be a word: "Police" is also a Polish town).
    """
    votes: dict[str, float] = defaultdict(float)
    spacy_places = {t.i for ent in doc.ents if ent.label_ in _PLACE_LABELS for t in ent}
    named: set[str] = set()
    for cand in cands:
        if cand.how not in ("gazetteer", "region"):
            continue
        mains = [e for e, main in cand.entries if main] or [e for e, _ in cand.entries]
        countries = [e for e in mains if e.kind == "country"]
        if countries:
            named.add(countries[0].country)
            if _role(doc, cand.start, cand.end) != "actor":
                votes[countries[0].country] += 2
        elif mains:
            weight = 1.0 if cand.start in spacy_places else 0.5
            votes[max(mains, key=lambda e: e.population).country] += weight
    main = max(votes, key=lambda c: votes[c]) if votes else None
    return main, named


def _choose(cand: _Candidate, main: str | None, named: set[str]) -> Entry | None:
    """The entry a name means, given the report's countries."""
    if not cand.entries:
        return None
    def rank(item: tuple[Entry, bool]) -> tuple[int, int, int, float, int, int]:
        e, is_main = item
        here = e.country == main
        return (
            int(e.kind == "country"),
            int(here),
            int(here or e.country in named),
            _kind_preference(e, cand),
            int(is_main),
            e.population,
        )

    return max(cand.entries, key=rank)[0]


def _kind_preference(entry: Entry, cand: _Candidate) -> float:
    """A bare name shared by a region and a big city means the city."""
    if cand.how == "region" or cand.among_regions:
        return 1.0 if entry.kind == "region" else 0.0
    if entry.kind == "city":
        return 1.0 if entry.population >= _NAMESAKE_CITY_POPULATION else 0.0
    return 0.5


# --- step 4: evidence -------------------------------------------------------------------------


def _entity_at(doc: Doc, start: int, end: int) -> Span | None:
    """The first named entity overlapping tokens ``start:end``, read from the tokens' entity
    tags (``doc.ents`` builds every entity span anew on each access)."""
    for i in range(start, end):
        token = doc[i]
        if token.ent_type:
            lo = i
            while lo > 0 and doc[lo].ent_iob_ == "I":
                lo -= 1
            hi = i + 1
            while hi < len(doc) and doc[hi].ent_iob_ == "I":
                hi += 1
            return Span(doc, lo, hi, label=token.ent_type)
    return None


def _preposition_before(doc: Doc, start: int) -> bool:
    """A locative preposition right before the name, or before "the (city|town) of"."""
    i = start - 1
    while i >= 0 and doc[i].lower_ in ("the", "of", "city", "town", "capital", "village", ","):
        i -= 1
    return i >= 0 and doc[i].lower_ in _LOCATIVE


def _inside_other_name(doc: Doc, ent: Span, start: int, end: int, gaz: Gazetteer) -> bool:
    """Whether an organisation's or person's name contains the place ("Kenya Police",
    "Interfax-Kazakhstan", "Lagos Concession Company"). Only the words joined to the place
    count: spaCy sometimes swallows a phrase ("Pan-American Highway near Arequipa")."""
    if ent.label_ not in _NOT_PLACE_LABELS:
        return False
    lo, hi = start, end
    while lo > ent.start and _joins_name(doc[lo - 1]):
        lo -= 1
    while hi < ent.end and _joins_name(doc[hi]):
        hi += 1
    extra = [
        t for t in doc[lo:hi]
        if not (start <= t.i < end) and (t.is_alpha and not t.is_stop) and t.lower_ != "the"
    ]
    return any(not gaz.lookup(t.text) or t.is_title is False for t in extra) if extra else False


def _joins_name(token: Token) -> bool:
    """Whether a token may be part of one multi-word name: a capitalised word, a name particle
    ("Bank of Lagos") or a hyphen."""
    return token.text[:1].isupper() or token.lower_ in _NAME_PARTICLES or token.text == "-"


def _looks_like_demonym(text: str, name: str, written: str | None = None) -> bool:
    """ "Kazakh" for Kazakhstan, "Russians" for Russia: a stem of the (folded) name, or the stem
    with a demonym ending. ``written`` is ``fold(text)`` when the caller has it."""
    written = fold(text) if written is None else written
    if written == name or len(written) < _FUZZY_MIN_LENGTH or written[:4] != name[:4]:
        return False
    return name.startswith(written) or text.lower().endswith(_DEMONYM_ENDINGS)


def _listed_with_place(doc: Doc, cand: _Candidate, anchors: set[int]) -> bool:
    """Whether the name is listed or in apposition with a place ("the largest city, Lagos, the
    capital, Abuja, and ... Asaba and Uyo")."""
    token = doc[cand.start:cand.end].root
    if token.dep_ == "pobj" and token.head.lower_ == "with" and token.head.head.i in anchors:
        return True  # a pair of places: "roads linking Kaduna with Zaria"
    for _ in range(6):  # a list of six places is reached through five conjuncts
        if token.dep_ not in ("conj", "appos") or token.head.i == token.i:
            return False
        token = token.head
        if token.i in anchors or token.lower_ in _SETTLEMENT_NOUNS:
            return True
    return False


def _anchors(doc: Doc, cands: list[_Candidate]) -> set[int]:
    """Tokens that surely name places: spaCy's places, and regions named with a kind word."""
    tokens = {t.i for ent in doc.ents if ent.label_ in _PLACE_LABELS for t in ent}
    tokens.update(i for c in cands if c.how == "region" for i in range(c.start, c.end))
    return tokens


def _believable(
    analysis: Analysis, gaz: Gazetteer, cand: _Candidate, entry: Entry, main: str | None,
    named: set[str], anchors: set[int],
) -> bool:
    """Whether a gazetteer or fuzzy name is a place here, not a word, person or organisation."""
    doc = analysis.doc
    ent = _entity_at(doc, cand.start, cand.end)
    label = ent.label_ if ent is not None else ""
    if (label in _TIME_LABELS and not _named_before_time(doc, ent, cand)) or (
        ent is not None and _inside_other_name(doc, ent, cand.start, cand.end, gaz)
    ):
        return False
    if cand.how == "region" or entry.kind == "country":
        return True  # "Edo state", "Nigeria": nothing else is called so
    first = doc[cand.start]
    spacy_place = label in _PLACE_LABELS
    prep = _preposition_before(doc, cand.start) or _listed_with_place(doc, cand, anchors)
    if not prep and (
        label == "NORP" or (label == "PERSON" and not _city_called_person(doc, cand, entry, main))
    ):
        return False
    text = _text(doc, cand.start, cand.end)
    written = fold(text)
    # only countries sharing the name's first letters can pass the stem test
    if any(_looks_like_demonym(text, key, written) for key, _ in gaz.country_keys_sharing(written)):
        return False
    if not any(main_name for e, main_name in cand.entries if e == entry) and not (
        spacy_place or prep
    ):
        return False  # an alternate name alone ("Kazakh" for Petropavl) is weak evidence
    if not (spacy_place or prep or first.pos_ == "PROPN" or first.is_upper) and (
        _capital_by_position(doc, first)
    ):
        return False  # "Police said", "Reading the statement"
    evident = spacy_place or prep
    if entry.country == main or entry.country in named:
        return evident or entry.kind == "region" or (
            entry.population >= _SELF_EVIDENT_POPULATION
        )
    return evident and entry.population >= _FOREIGN_MIN_POPULATION


def _named_before_time(doc: Doc, ent: Span | None, cand: _Candidate) -> bool:
    """Whether a time entity swallowed the place named at its start after a preposition ("in
    Varna ten years ago", "at Tarbes last week"): the name is neither a month nor a weekday."""
    return (
        ent is not None
        and ent.start == cand.start
        and ent.end > cand.end
        and doc[cand.start].lower_[:3] not in _CALENDAR_WORDS
        and _preposition_before(doc, cand.start)
    )


def _city_called_person(doc: Doc, cand: _Candidate, entry: Entry, main: str | None) -> bool:
    """Whether a name spaCy calls a person is rather a big city of the report's country: one
    word alone in its entity, not a subject, never part of a longer person's name."""
    ent = _entity_at(doc, cand.start, cand.end)
    if (
        ent is None
        or (ent.start, ent.end) != (cand.start, cand.end)
        or entry.kind != "city"
        or entry.country != main
        or entry.population < _PERSON_CITY_POPULATION
        or doc[cand.start:cand.end].root.dep_ in ("nsubj", "nsubjpass", "poss")
    ):
        return False
    name = ent.text
    return not any(
        e.label_ == "PERSON" and len(e) > len(ent) and name in e.text for e in doc.ents
    )


# A sentence is a headline when this share of its words is capitalised (a title-case headline
# capitalises every content word; running prose rarely reaches a third).
_HEADLINE_SHARE = 0.6


def _capital_by_position(doc: Doc, token: Token) -> bool:
    """Whether a word may be capitalised for its position, not for being a name: the first word
    of a sentence or quote, or any word of a title-case headline."""
    if token.is_sent_start or token.i == 0 or doc[token.i - 1].is_quote or (
        doc[token.i - 1].text in (":", "…", "-", "–", "—")
    ):
        return True
    words = [t for t in token.sent if t.is_alpha]
    capitals = sum(t.text[:1].isupper() for t in words)
    return capitals >= _HEADLINE_SHARE * len(words)


def _fuzzy(
    analysis: Analysis, gaz: Gazetteer, cand: _Candidate, main: str | None
) -> Entry | None:
    """A misspelt place of the report's country (or a misspelt country), only where spaCy or a
    preposition marks the name as a place."""
    doc = analysis.doc
    text = cand.site_name or _text(doc, cand.start, cand.end)
    key = fold(text)
    ent = _entity_at(doc, cand.start, cand.end)
    label = ent.label_ if ent is not None else ""
    if len(key) < _FUZZY_MIN_LENGTH or label in _NOT_PLACE_LABELS - {"ORG"}:
        return None
    if label not in _PLACE_LABELS and not _preposition_before(doc, cand.start):
        return None
    if doc[cand.start].pos_ != "PROPN":
        return None
    pool = gaz.country_keys()
    if main is not None:
        pool = pool + gaz.fuzzy_candidates(main)
    keys = [k for k, _ in pool]
    best = process.extract(key, keys, scorer=fuzz.ratio, limit=2)
    if not best or best[0][1] < _FUZZY_RATIO or keys[best[0][2]][:1] != key[:1]:
        return None
    if len(best) > 1 and best[0][1] - best[1][1] < _FUZZY_MARGIN:
        return None
    name, entry = pool[best[0][2]]
    return None if _looks_like_demonym(text, name) else entry


# --- step 5: roles ----------------------------------------------------------------------------


def _role(doc: Doc, start: int, end: int) -> str:
    """'locative' (in/at/to ... X, or in a list or apposition with one), 'object' (what a verb
    acts on: "cut Myanmar off"), 'actor' (subject, possessive, modifier: "Russia sent",
    "Colombia's", "Myanmar junta") or 'other' ("the people of Russia")."""
    token = doc[start:end].root
    for _ in range(4):
        dep = token.dep_
        if dep == "pobj":
            prep = token.head
            if prep.i > 0 and doc[prep.i - 1].lower_ in _EXCEPTING:  # "apart from Russia"
                return "other"
            return "locative" if prep.lower_ in _LOCATIVE else "other"
        if dep in _ACTOR_DEPS:
            return "actor"
        if dep in ("dobj", "nsubjpass"):
            return "object"
        if dep not in ("conj", "appos") or token.head.i == token.i:
            return "other"
        token = token.head
    return "other"


def _city_before(mentions: list[PlaceMention], offset: int, main: str | None) -> Place | None:
    """The report's city named nearest before ``offset`` (else the first one after)."""
    cities = [m.place for m in mentions if m.place.kind == "city" and m.place.country == main]
    before = [p for p in cities if p.end <= offset]
    if before:
        return before[-1]
    return cities[0] if cities else None


def _mention(doc: Doc, cand: _Candidate, entry: Entry, kind: str | None = None) -> PlaceMention:
    """A mention of ``entry``. A site, or a district GeoNames lacks (``entry`` is then the city
    it lies in, with id 0), keeps its own name as canonical and has no GeoNames id."""
    span = doc[cand.start:cand.end]
    kind = kind or entry.kind
    borrowed = kind == "site" or entry.geonameid == 0
    place = Place(
        name=span.text,
        canonical=(cand.site_name or span.text) if borrowed else entry.name,
        country=entry.country,
        kind=kind,
        lat=entry.lat,
        lon=entry.lon,
        geonameid=None if borrowed else entry.geonameid,
        start=span.start_char,
        end=span.end_char,
        precision=PRECISION_NEAR if borrowed and kind == "city" else _PRECISION[kind],
        admin1=entry.admin1,
    )
    return PlaceMention(span.start_char, span.end_char, span.text, place)


def _placed(
    doc: Doc, cand: _Candidate, mentions: list[PlaceMention], main: str | None
) -> PlaceMention | None:
    """A site or district, at the point of the place named in it or of the nearest city."""
    here = [e for e, _ in cand.named_after if e.country == main and e.kind != "country"]
    if here:  # "Almaty airport", "Lagos state governor": the place itself
        named = _Candidate(cand.start, cand.named_end, "gazetteer", cand.named_after)
        return _mention(doc, named, max(here, key=lambda e: e.population))
    if cand.chosen is not None and cand.chosen.country == main:
        return _mention(doc, cand, cand.chosen, "site" if cand.how == "site" else "city")
    city = _city_before(mentions, doc[cand.start].idx, main)
    if city is None or city.lat is None:
        return None
    entry = Entry(0, city.canonical, city.country or "", "city", city.lat, city.lon, 0,
                  city.admin1)
    return _mention(doc, cand, entry, "site" if cand.how == "site" else "city")


def _keep(
    doc: Doc, mentions: list[PlaceMention], main: str | None
) -> list[PlaceMention]:
    """Drop countries never named as a location or an object, sites named only as actors
    ("the White House said"), and foreign places named as locations fewer than twice."""
    roles: dict[tuple[str, str], list[str]] = defaultdict(list)
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        role = _role(doc, span.start, span.end) if span is not None else "other"
        roles[_key(m.place)].append(role)
    kept = []
    for m in mentions:
        found = roles[_key(m.place)]
        if m.place.country != main:
            if found.count("locative") < _FOREIGN_MIN_LOCATIVE:
                continue
        elif m.place.kind == "country" and not {"locative", "object"} & set(found):
            continue  # a country named only as an actor or an owner
        elif m.place.kind == "site" and all(r == "actor" for r in found):
            continue
        kept.append(m)
    return kept


def _key(place: Place) -> tuple[str, str]:
    return (place.kind, place.canonical)


def find_places(analysis: Analysis) -> list[PlaceMention]:
    """Every mention of a place where something in the report happens, in text order."""
    gaz = load_gazetteer()
    doc = analysis.doc
    words = _Words(analysis.text, doc)
    cands = _candidates(gaz, doc, words)
    main, named = _country_votes(doc, cands)
    if main is None:
        main = _fuzzy_main(analysis, gaz, cands)
    _mark_region_lists(words, cands)
    for cand in cands:
        if cand.how == "fuzzy" or (cand.how == "area" and not cand.entries):
            cand.chosen = _fuzzy(analysis, gaz, cand, main)
        else:
            cand.chosen = _choose(cand, main, named)
    names = [c for c in cands if c.how not in ("site", "area") and c.chosen is not None]
    anchors = _anchors(doc, cands)
    believed: set[int] = set()
    for _ in range(2):  # a name believed on its own is evidence for its list and pair mates
        for k, cand in enumerate(names):
            assert cand.chosen is not None
            if k not in believed and _believable(
                analysis, gaz, cand, cand.chosen, main, named, anchors
            ):
                believed.add(k)
                anchors.update(range(cand.start, cand.end))
    resolved = [
        _mention(doc, c, c.chosen) for k, c in enumerate(names) if k in believed and c.chosen
    ]
    for cand in (c for c in cands if c.how in ("site", "area")):
        mention = _placed(doc, cand, resolved, main)
        if mention is not None:
            resolved.append(mention)
    resolved.extend(_bare_capitals(analysis.text, resolved, main))
    resolved.sort(key=lambda m: m.start)
    return _keep(doc, resolved, main)


# "the capital" (or "the country's capital") with no name after it ("the capital, Abuja",
# "the capital of Kenya", "the capital city Minsk" name their own).
_BARE_CAPITAL = re.compile(
    r"\b[Tt]he (?:(?:country|nation)['’]s )?capital\b(?![ ,]*(?:city )?(?:of )?[A-Z])"
)


def _bare_capitals(
    text: str, mentions: list[PlaceMention], main: str | None
) -> list[PlaceMention]:
    """"The capital" as a mention of the capital city of the country the report is about."""
    capital = capital_of(main) if main else None
    if capital is None:
        return []
    found = []
    for m in _BARE_CAPITAL.finditer(text):
        if any(o.start < m.end() and m.start() < o.end for o in mentions):
            continue
        place = Place(
            name=m.group(), canonical=capital.name, country=capital.country, kind="city",
            lat=capital.lat, lon=capital.lon, geonameid=capital.geonameid, start=m.start(),
            end=m.end(), precision=_PRECISION["city"], admin1=capital.admin1,
        )
        found.append(PlaceMention(m.start(), m.end(), m.group(), place))
    return found


def _mark_region_lists(words: _Words, cands: list[_Candidate]) -> None:
    """Mark names listed with regions ("Imo, Ondo and Abia", "Enugu and Ebonyi state"): a
    name shared by a region and a city means the region there."""
    def only_regions(c: _Candidate) -> bool:
        return c.how == "region" or (bool(c.entries) and all(
            e.kind == "region" for e, _ in c.entries
        ))

    lists: list[list[_Candidate]] = []
    for k, cand in enumerate(cands):
        if lists and _joins_list(words, cands[k - 1].end, cand.start):
            lists[-1].append(cand)
        else:
            lists.append([cand])
    for members in lists:
        if len(members) > 1 and any(only_regions(c) for c in members):
            for c in members:
                c.among_regions = True


def _fuzzy_main(analysis: Analysis, gaz: Gazetteer, cands: Iterable[_Candidate]) -> str | None:
    """The main country when no name matched exactly: that of the first fuzzy country match."""
    for cand in cands:
        if cand.how == "fuzzy":
            entry = _fuzzy(analysis, gaz, cand, None)
            if entry is not None:
                return entry.country
    return None


def unique_places(mentions: list[PlaceMention]) -> list[Place]:
    """One place per distinct place (kind and canonical name), with its first mention."""
    seen: set[tuple[str, str]] = set()
    out: list[Place] = []
    for m in mentions:
        key = _key(m.place)
        if key not in seen:
            seen.add(key)
            out.append(m.place)
    return out


def main_country(places: Iterable[Place]) -> str | None:
    """The country a report is about: the one most of its distinct places lie in (the first
    named of those tied)."""
    counts = Counter(place.country for place in places if place.country)
    return counts.most_common(1)[0][0] if counts else None
