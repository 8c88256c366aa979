"""Actors: the people, organisations, states and groups a report tells of, with one canonical
name each within the document.

Reads the parse (``analysis.doc``) and place mentions; adds
:class:`crisisdesk.extract.context.ActorMention` s (and, for the facts,
:class:`crisisdesk.records.Actor` records). The steps:

1. take spaCy's PERSON, ORG and GPE entities, trimmed of articles, titles, possessives,
   datelines ("CAIRO-") and common nouns that open a sentence ("Rights group ..."), person
   names the tagger cut short extended ("Aung San [Suu Kyi]"); drop what is not an actor:
   place names (those the gazetteer resolved, and names spaCy tags as places elsewhere in
   the text), demonyms tagged as names, headline fragments, hashtags, time zones,
   departments run into a title ("Defense Minister"), common nouns taken for names;
2. people: cluster the person names by :func:`crisisdesk.names.same_person` from the fullest
   form down, so that spellings across transliterations and partial mentions share the
   fullest form as canonical (a lone given name joins the one person whose name starts
   with it); names tagged as organisations or places that match a person, or follow or
   have a title ("President ...", "..., the interior minister"), are people too;
3. organisations: link acronyms to their expansions ("the Collective Security Treaty
   Organization (CSTO)", "the National Liberation Front-NLF", or an acronym whose letters
   are the initials of an organisation named in the report), canonical the expansion;
   acronyms spaCy missed are found by form;
4. states: countries named as agents ("Russia sent troops"), not as places or modifiers;
5. groups: the noun phrases of :mod:`crisisdesk.extract.labels` that name actors
   ("protesters", "riot police", "the government"), with their actor group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from crisisdesk.extract.context import ActorMention, Analysis
from crisisdesk.extract.labels import GroupPhrase, group_phrases, is_country
from crisisdesk.names import (
    acronym_of,
    is_acronym_of,
    name_tokens,
    normalise_name,
    same_person,
)
from crisisdesk.records import Actor

_ENTITY_LABELS = frozenset(("PERSON", "ORG", "GPE"))
_DASHES = frozenset(("-", "–", "—"))
# Lower-case words that may join the words of a name ("Ministry of Health").
_JOINERS = frozenset(("of", "for", "and", "the", "on", "in", "de", "la", "del", "du", "al"))
# Acronyms tagged as organisations that name no actor: time zones.
_NOT_ACTORS = frozenset(("UTC", "GMT", "CET", "EST", "EDT", "PST"))
# Capitalised words that join a headline's words, never a name's ("Rally As Army Warns").
_HEADLINE_JOINERS = frozenset((
    "As", "After", "Amid", "Over", "With", "Against", "While", "Despite", "Before", "Says",
    "Say", "Into", "Vs", "Versus",
))
_LEADING = frozenset(("the", "a", "an"))
_POSSESSIVE = frozenset(("'s", "’s", "'", "’"))
# An acronym: 2 to 8 capitals (digits and "&" allowed after the first).
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
# "Expansion-ACR": an acronym run onto its expansion with a dash ("Liberation Front-NLF").
_JOINED_ACRONYM = re.compile(r"^(\S.*\S)\s?[-–—]\s?([A-Z][A-Z0-9&]{1,7})$")
# "Expansion (ACR)" or "ACR (Expansion)": the text in brackets.
_BRACKETED = re.compile(r"\(([^()\n]{2,120})\)")
# Verbs that say what a thing is, not what it does: their subject is no agent.
_COPULAS = frozenset((
    "is", "are", "was", "were", "be", "been", "being", "'s", "’s", "seems", "seemed",
    "remains", "remained", "becomes", "became", "has", "have", "had", "lies", "borders",
))
# A demonym tagged as a name shares this many leading letters with a place of the report
# ("Uzbek" / "Uzbekistan"), as in labels._DEMONYM_PREFIX.
_DEMONYM_PREFIX = 4
# ... and the place is at least this much longer ("Uzbek"/"Uzbekistan", but not a name
# and its plural: "Mirziyoyev"/"Mirziyoyevs").
_CUT_SHORT = 2
_DEMONYM_ENDINGS = frozenset(("n", "an", "ian", "ese", "i", "ish", "ns", "ans", "ians", "is"))
# Last words that make a "name" an organisation ("Kenyan State", "Security Council") or a
# place ("Mangistau Oblast") whatever spaCy tagged it.
_ORGANISATION_HEADS = frozenset((
    "state", "government", "ministry", "council", "party", "army", "police", "department",
    "agency", "committee", "commission", "office", "union", "front", "movement", "media",
    "news", "service", "services", "court", "parliament", "assembly", "bank", "company",
    "group", "organization", "organisation", "institute", "university", "network",
))
_PLACE_HEADS = frozenset((
    "oblast", "region", "province", "district", "county", "city", "republic", "territory",
    "prefecture", "governorate", "municipality", "township", "village", "headquarters",
    "airport", "palace", "hotel", "square", "station", "bridge", "building", "stadium",
    "market", "mall", "tower", "street", "road", "avenue", "plaza", "secretariat",
))


@dataclass
class _Candidate:
    """A named entity trimmed to the name, before it is typed and made canonical."""

    start: int  # token indices
    end: int
    text: str
    label: str
    after_title: bool


def _trim(span: Span) -> tuple[int, int, bool]:
    """Token bounds of an entity without leading articles and titles and a trailing
    possessive, and whether a title preceded the name."""
    doc = span.doc
    start, end = span.start, span.end
    after_title = (start > 0 and _is_title(doc[start - 1])) or (
        span.root.dep_ == "appos" and _is_title(span.root.head))  # "the president, X"
    after_title = after_title or any(  # "X, the city's secretary for peace"
        c.dep_ == "appos" and _is_title(c) for c in span.root.children)
    if end - start > 2 and doc[start].is_upper and doc[start + 1].text in _DASHES:
        start += 2  # a dateline run into the name: "CAIRO-Agence France-Presse"
    if _opens_sentence(doc[start]):  # "Monitoring group NetBlocks": keep the name only
        common = [t.i for t in doc[start:end] if t.is_lower and t.lower_ not in _JOINERS]
        start = common[-1] + 1 if common else start
    while start < end and (doc[start].lower_ in _LEADING or _is_title(doc[start])):
        after_title = after_title or _is_title(doc[start])
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    if span.label_ == "PERSON":  # the tagger cut a long name short: "Aung San [Suu Kyi]"
        while end < len(doc) and _continues_name(doc[end]):
            end += 1
    return start, end, after_title


def _continues_name(token: Token) -> bool:
    """A capitalised proper noun outside any entity that can continue a person's name."""
    return (
        token.tag_ == "NNP" and token.is_title and not token.ent_type_
        and not token.is_sent_start and not _is_title(token)
    )


def _is_title(token: Token) -> bool:
    """A title or honorific ("President", "Gen.", "Mr"): a word that is no part of a name."""
    return token.is_alpha and normalise_name(token.text) == ""


def _not_a_name(span: Span, label: str, name: str) -> bool:
    """Entities that are no actor's name: a hashtag ("#EndSARS"), a time zone, a headline
    fragment ("Rally As Army"), a department run into a title ("Defense [Minister]"), a common noun
    taken for a name ("Debris are seen", "Messenger services"). ``name``: the span's text."""
    doc = span.doc
    first = span[0]
    if (first.i > 0 and doc[first.i - 1].text == "#") or name in _NOT_ACTORS:
        return True
    if any(t.text in _HEADLINE_JOINERS for t in span[1:]):
        return True
    following = doc[span.end] if span.end < len(doc) else None
    if len(span) == 1 and not _ACRONYM.match(first.text) and following is not None:
        if _is_title(following) and following.is_title:
            return True
        return _opens_sentence(first) and label == "PERSON" and (
            following.tag_ in ("VBP", "NNS") or (following.tag_ == "NN" and first.dep_
                                                  == "compound"))
    return False


def _opens_sentence(token: Token) -> bool:
    """Whether a token is capitalised by its place: first of a sentence, line or text."""
    return token.is_sent_start or token.i == 0 or token.doc[token.i - 1].is_space


def _looks_like_demonym(text: str, place_words: set[str]) -> bool:
    """A single word that is a place of the report cut short or given a demonym ending:
    "Uzbek", "Uzbeks" (Uzbekistan), "Russian" (Russia)."""
    word = text.lower()
    stem = word.removesuffix("s")
    if " " in word or len(stem) < _DEMONYM_PREFIX:
        return False
    return any(
        (place.startswith(stem) and len(place) - len(stem) >= _CUT_SHORT)
        or (word.startswith(place) and word[len(place) :] in _DEMONYM_ENDINGS)
        for place in place_words
    )


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _candidates(analysis: Analysis) -> list[_Candidate]:
    """Named entities that may be actors, trimmed, with place names and junk dropped."""
    # Texts are sliced from analysis.text: a span's .text joins its tokens anew, and this loop
    # read it six times per entity (a third of the actors step, cProfile on demo + seed + dev).
    doc, text = analysis.doc, analysis.text
    place_spans = [(m.start, m.end) for m in analysis.places]
    ents = list(doc.ents)
    gpe_texts = {text[e.start_char : e.end_char].lower() for e in ents
                 if e.label_ in ("GPE", "LOC")}
    place_words = gpe_texts | {m.text.lower() for m in analysis.places}
    found: list[_Candidate] = []
    for ent in ents:
        written = text[ent.start_char : ent.end_char]
        if ent.label_ not in _ENTITY_LABELS or "\n" in written or ":" in written:
            continue
        start, end, after_title = _trim(ent)
        if start >= end:
            continue
        span = doc[start:end]
        name = text[span.start_char : span.end_char]
        if _not_a_name(span, ent.label_, name):
            continue
        country = is_country(name)
        if _overlaps(span.start_char, span.end_char, place_spans) and not country:
            continue
        if ent.label_ != "GPE" and not country and (
            name.lower() in gpe_texts or _looks_like_demonym(name, place_words)
        ):
            continue
        last = span[-1].lower_
        if last in _PLACE_HEADS or (len(span) == 1 and span[0].tag_ in ("NN", "NNS")):
            continue
        label = ent.label_
        if label == "PERSON" and (last in _ORGANISATION_HEADS or any(is_country(t.text)
                                                                     for t in span)):
            label = "ORG"
        found.append(_Candidate(start, end, name, label, after_title))
    return found


def _acronym_links(text: str, organisations: list[str]) -> dict[str, str]:
    """Acronym -> expansion: bracketed pairs in the text, then acronyms whose letters are
    the initials of an organisation named in the report."""
    links: dict[str, str] = {}
    for match in _BRACKETED.finditer(text):
        inner = match.group(1).strip()
        before = text[max(0, match.start() - 120) : match.start()].rstrip()
        if _ACRONYM.match(inner):
            for expansion in organisations:
                if before.endswith(expansion) and is_acronym_of(inner, expansion):
                    links.setdefault(inner, expansion)
        else:
            words = before.split()
            if words and _ACRONYM.match(words[-1].strip(",;")):
                acronym = words[-1].strip(",;")
                if is_acronym_of(acronym, inner):
                    links.setdefault(acronym, _strip_article(inner))
    for name in organisations:  # "National Liberation Front-NLF"
        joined = _JOINED_ACRONYM.match(name)
        if joined and is_acronym_of(joined.group(2), joined.group(1)):
            links.setdefault(name, joined.group(1))
            links.setdefault(joined.group(2), joined.group(1))
    by_initials = {acronym_of(o): o for o in organisations if len(o.split()) > 1}
    for name in organisations:
        if _ACRONYM.match(name) and name in by_initials:
            links.setdefault(name, by_initials[name])
    return links


def _strip_article(name: str) -> str:
    words = name.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() in _LEADING else name


def _is_agent(span: Span) -> bool:
    """Whether a name is the doer of its clause: the subject of a verb that is not a
    copula, a coordinated subject ("Russia, Armenia and Belarus sent ..."), or the agent
    of a passive ("... sent by Russia")."""
    token = span.root
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return (
        token.dep_ == "nsubj" and token.head.pos_ in ("VERB", "AUX")
        and token.head.lower_ not in _COPULAS
    ) or (token.dep_ == "pobj" and token.head.dep_ == "agent")


def _person_canonicals(names: list[str]) -> dict[str, str]:
    """Each written person name -> its cluster's fullest form (most words, then first
    written)."""
    order = sorted(
        dict.fromkeys(names), key=lambda n: (-len(normalise_name(n).split()), names.index(n))
    )
    clusters: list[str] = []
    canonical: dict[str, str] = {}
    for name in order:
        rep = next((c for c in clusters if same_person(c, name)), None)
        if rep is None:
            clusters.append(name)
            rep = name
        canonical[name] = rep
    return _link_given_names(canonical, clusters)


def _link_given_names(canonical: dict[str, str], clusters: list[str]) -> dict[str, str]:
    """A lone given name ("David" in an author's note) is the one person of the report whose
    name starts with it, when no other person's name holds it."""
    tokens = {rep: name_tokens(rep) for rep in clusters}
    for name, rep in canonical.items():
        if len(tokens[rep]) != 1:
            continue
        given = tokens[rep][0]
        holders = [r for r, ts in tokens.items() if r != rep and given in ts]
        if len(holders) == 1 and tokens[holders[0]][0] == given:
            canonical[name] = holders[0]
    return canonical


def _person_names(candidates: list[_Candidate]) -> list[str]:
    """The names of people: PERSON entities and names after a title, then names spaCy
    tagged otherwise that match one of them ("Lukashenko" tagged ORG)."""
    names = [c.text for c in candidates
             if (c.label == "PERSON" or c.after_title) and not is_country(c.text)]
    others = [c.text for c in candidates if c.text not in names and not is_country(c.text)
              and c.text.split()[-1].lower() not in _ORGANISATION_HEADS]
    return names + [o for o in others if any(same_person(o, n) for n in names)]


def _untagged_organisations(
    analysis: Analysis, links: dict[str, str], taken: set[int]
) -> list[_Candidate]:
    """Linked acronyms, and bracketed expansions ("the OSCE (Organization for
    Security and Co-operation in Europe)"), that spaCy did not tag."""
    if not links:  # nothing to find; saves a pass over every token (most reports)
        return []
    doc = analysis.doc
    # only tokens whose lower-case form is a linked name's can be one (a pass over every
    # token's text was a quarter of the actors step, cProfile on demo + seed + dev texts)
    found = [
        _Candidate(i, i + 1, doc[i].text, "ORG", False)
        for i in analysis.tokens_with_lower(frozenset(name.lower() for name in links))
        if doc[i].text in links and i not in taken
    ]
    expansions = set(links.values())
    for match in _BRACKETED.finditer(analysis.text):
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if span is None or _strip_article(span.text) not in expansions:
            continue
        if not any(i in taken for i in range(span.start, span.end)):
            found.append(_Candidate(span.start, span.end, span.text, "ORG", False))
    return found


def find_actors(analysis: Analysis) -> list[ActorMention]:
    """Every actor mention of the report, in text order (see the module docstring)."""
    doc = analysis.doc
    candidates = _candidates(analysis)
    canonical = _person_canonicals(_person_names(candidates))
    organisations = [_strip_article(c.text) for c in candidates if c.label == "ORG"]
    # analysis.text, not doc.text: spaCy joins every token's text anew on each doc.text, which
    # was 40% of the actors step (cProfile, demo + seed + dev texts)
    links = _acronym_links(analysis.text, organisations)
    taken = {i for c in candidates for i in range(c.start, c.end)}
    candidates += _untagged_organisations(analysis, links, taken)
    phrases = group_phrases(analysis)
    group_of_head = {p.head: p.group for p in phrases}

    mentions: list[ActorMention] = []
    for c in candidates:
        span = doc[c.start : c.end]
        person = canonical.get(c.text)
        if person is not None:
            mentions.append(ActorMention(span.start_char, span.end_char, c.text, person,
                                         "person"))
        elif is_country(c.text):
            if _is_agent(span):
                name = _strip_article(c.text)
                mentions.append(ActorMention(span.start_char, span.end_char, c.text, name,
                                             "state"))
        elif c.label == "ORG":
            name = _strip_article(c.text)
            mentions.append(ActorMention(
                span.start_char, span.end_char, c.text, links.get(name, name),
                "organisation", group_of_head.get(span.root.i),
            ))
    mentions += _group_mentions(analysis, phrases, mentions)
    mentions.sort(key=lambda m: (m.start, m.end))
    return _unify_organisations(mentions)


def _group_mentions(
    analysis: Analysis, phrases: list[GroupPhrase], named: list[ActorMention]
) -> list[ActorMention]:
    """Noun phrases naming actor groups, except where a named actor covers their head
    ("the Kenyan Government" is an organisation of the government group)."""
    doc = analysis.doc
    groups: list[ActorMention] = []
    for phrase in phrases:
        head = doc[phrase.head]
        if not phrase.agent or any(m.start <= head.idx < m.end for m in named):
            continue
        groups.append(ActorMention(
            phrase.start, phrase.end, analysis.text[phrase.start : phrase.end], phrase.label,
            "group", phrase.group,
        ))
    return groups


def _unify_organisations(mentions: list[ActorMention]) -> list[ActorMention]:
    """One canonical per organisation across case, articles and short forms: "the Interior
    Ministry" and "Interior ministry" are the first written form; a one-word short form is the
    shortest organisation of the report whose name starts with it ("Amnesty" for "Amnesty
    International", not "Amnesty International Nigeria")."""
    names: dict[str, str] = {}
    for m in mentions:
        if m.type == "organisation":
            names.setdefault(normalise_name(m.canonical), m.canonical)
    for m in mentions:
        if m.type != "organisation":
            continue
        key = normalise_name(m.canonical)
        longer = [k for k in names if " " not in key and k.startswith(key + " ")]
        m.canonical = names[min(longer, key=len)] if longer else names[key]
    return mentions


def actor_records(mentions: list[ActorMention]) -> list[Actor]:
    """One actor per distinct canonical name, named as first mentioned, in order of first
    mention."""
    records: dict[str, Actor] = {}
    for m in mentions:
        if m.canonical not in records:
            records[m.canonical] = Actor(name=m.text, canonical=m.canonical, type=m.type)
    return list(records.values())
