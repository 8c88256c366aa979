"""Who said it: the source a report gives for a statement ("according to the Ministry of
Health", "police said", "said the ministry", "Amnesty International reported").

:class:`Attribution` reads a parsed document once and answers, for any token, the source of
the sentence it stands in: the speaker of the nearest reporting verb above it in the parse, else
the sentence's "according to X", else its first reporting verb's subject. A pronoun speaker
("it said", "she told AFP") is the last source named before; a sentence that continues a quote
or a count ("In particular, 500 were detained") keeps the previous sentence's source.

The speaker is the active subject or the passive agent ("reported by the Red Cross"), never the
passive subject ("20 were confirmed dead"), a relative pronoun, a misparsed figure, or a place
that merely counted ("Nairobi recorded 17 deaths"); a document speaks for its author ("a report
by Amnesty revealed" -> Amnesty); where the parser missed the subject, the noun right before a
finite reporting verb ("..., rights monitors said Friday") or the noun a reporting participle
describes ("with officials confirming that ...") stands in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from crisisdesk.text import word_set

# Reporting verbs of news English, in their inflected forms (the pipeline has no lemmatizer).
REPORTING_VERBS = word_set(
    "say says said saying tell tells told telling report reports reported reporting "
    "announce announces announced announcing confirm confirms confirmed confirming "
    "state states stated estimate estimates estimated claim claims claimed add adds "
    "added charge charges charged show shows showed shown note notes noted read reads "
    "allege alleges alleged count counts counted put puts record records recorded "
    "accuse accuses accused insist insists insisted write writes wrote declare "
    "declares declared tweet tweets tweeted publish publishes published reveal reveals "
    "revealed suggest suggests suggested document documents documented register registers "
    "registered"
)
# Reporting verbs that also say where something was counted: "Nairobi recorded 17 deaths" names
# a place, not a source, so a place as their subject is no speaker.
_COUNTING_VERBS = word_set(
    "record records recorded register registers registered report reports reported count "
    "counts counted document documents documented see sees saw"
)
_PLACE_ENTITIES = ("GPE", "LOC", "FAC")
# Documents that speak for their authors: "a report by Amnesty said", "figures from the ministry
# show".
_DOCUMENTS = word_set("report reports statement statements data figures tally count study survey")
_PRONOUNS = word_set("he she it they we i you this")

# The string ids of the words a sentence is scanned for: comparing the ids of doc.to_array(LOWER)
# instead of each Token's ``lower_`` (two Token objects per token) nearly halved the cost of
# building an Attribution (cProfile, demo + seed + dev texts).
_ACCORDING_ID = get_string_id("according")
_REPORTING_IDS = frozenset(get_string_id(w) for w in REPORTING_VERBS)
_RELATIVES = word_set("which who that what")
# Dependents that do not belong in a source's name: "Amnesty International, which accuses ..."
_DROP = ("relcl", "acl", "appos", "punct", "cc", "advcl")
_CONTINUATION = re.compile(
    r"^\s*(?:[\"“‘']|in particular\b|of (?:them|those|these|whom)\b|among them\b)", re.I
)


def _phrase(head: Token) -> str:
    """The name a source is given: ``head`` with its modifiers, without clauses about it."""
    keep = {head.i}
    stack = [head]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ in _DROP or (child.dep_ == "det" and child.lower_ in ("which", "that")):
                continue
            keep.add(child.i)
            stack.append(child)
    lo, hi = min(keep), max(keep)
    doc = head.doc
    for i in range(head.i + 1, hi + 1):  # cut at the first comma after the head
        if doc[i].text in (",", ";", "(", "—", "–"):
            hi = i - 1
            break
    return doc[lo : hi + 1].text.strip(" \"'“”‘’")


def _according_to(sentence: Span, lowers: list[int]) -> str | None:
    """The source named by "according to" in the sentence (``lowers``: the doc's LOWER ids)."""
    doc = sentence.doc
    for i in range(sentence.start, sentence.end):
        if lowers[i] == _ACCORDING_ID and i + 1 < len(doc):
            to = doc[i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if to.lower_ == "to" and objects:
                return _phrase(objects[0])
    return None


def _author(subject: Token) -> Token:
    """The author of a document named as the subject: "a report by Amnesty" -> Amnesty."""
    if subject.lower_ in _DOCUMENTS:
        for child in subject.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if objects:
                    return objects[0]
    return subject


def _unparsed_subject(verb: Token) -> list[Token]:
    """The subject the parser missed: "with authorities confirming that ..." (the noun a
    reporting participle describes), "..., human rights defenders said Friday." (the noun
    right before an active reporting verb)."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "auxpass") for c in verb.children):
        return []
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and verb.head.i < verb.i:
        return [verb.head]
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or not verb.is_lower:
        return []  # "to show", "the Kazakh State": no finite reporting verb
    before = verb.i - 1
    while before >= verb.sent.start and verb.doc[before].pos_ in ("ADV", "AUX"):
        before -= 1
    if before >= verb.sent.start and verb.doc[before].pos_ in ("NOUN", "PROPN"):
        return [verb.doc[before]]
    return []


def _speaker(verb: Token, places: frozenset[int] = frozenset()) -> str | None:
    """Who the reporting verb says spoke: its active subject ("police said"), or the agent of a
    passive ("was reported by the ministry"); never the passive subject, which is the thing
    reported ("20 were confirmed dead"), nor a place that merely counted ("Nairobi recorded 17
    deaths"). ``places``: indices of tokens the gazetteer knows as places."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    subjects += [g for c in verb.children if c.dep_ == "agent"
                 for g in c.children if g.dep_ == "pobj"]
    subjects += _unparsed_subject(verb)
    if not subjects:
        return None
    subject = _author(subjects[0])
    if subject.lower_ in _RELATIVES:  # "the unrest, which has claimed the lives of ..."
        return None
    if subject.pos_ not in ("NOUN", "PROPN", "PRON") or subject.ent_type_ == "CARDINAL":
        return None  # "Over 10 [killed] ... said", "hundreds [injured] ... announced": misparses
    if verb.lower_ in _COUNTING_VERBS and (
        subject.ent_type_ in _PLACE_ENTITIES or subject.i in places
    ):
        return None
    return _phrase(subject)


class Attribution:
    """The sources of one parsed document's sentences (see the module docstring)."""

    def __init__(
        self, doc: Doc, places: Iterable[tuple[int, int]] = (), text: str | None = None
    ) -> None:
        """``places``: character spans of the place names found in ``doc``, which are never
        speakers of a counting verb; ``text``: the doc's text, when the caller has it (spaCy
        builds ``doc.text`` and each sentence's text anew from its tokens)."""
        self.doc = doc
        self._places = frozenset(
            token.i
            for start, end in places
            if (span := doc.char_span(start, end, alignment_mode="expand")) is not None
            for token in span
        )
        self._sources: dict[int, str | None] = {}
        self._last: str | None = None  # the last named source, for pronouns
        previous: str | None = None
        lowers: list[int] = doc.to_array(LOWER).tolist()
        text = doc.text if text is None else text
        for sentence in doc.sents:
            own = _according_to(sentence, lowers) or self._first_speaker(sentence, lowers)
            if own is None and _CONTINUATION.match(text[sentence.start_char : sentence.end_char]):
                own = previous
            self._sources[sentence.start] = own
            previous = own

    def _resolve(self, name: str | None) -> str | None:
        if name is None:
            return None
        if name.lower() in _PRONOUNS:
            return self._last
        self._last = name
        return name

    def _first_speaker(self, sentence: Span, lowers: list[int]) -> str | None:
        for i in range(sentence.start, sentence.end):
            if lowers[i] in _REPORTING_IDS and (
                name := self._resolve(_speaker(sentence.doc[i], self._places))
            ):
                return name
        return None

    def source_of(self, token: Token) -> str | None:
        """The source of the statement ``token`` is part of, as the text names it; None when
        the report does not say."""
        for ancestor in token.ancestors:
            if ancestor.lower_ in REPORTING_VERBS and (name := _speaker(ancestor, self._places)):
                if name.lower() not in _PRONOUNS:
                    return name
                break
        return self._sources.get(token.sent.start)
