"""Who said it: the source a report gives for a statement ("according to the Ministry of
Health", "police said", "said the ministry", "Amnesty International reported").

:class:`Attribution` reads a parsed document once and answers, for any token, the source of
the sentence it stands in: the speaker of the nearest reporting verb above it in the parse, else
the sentence's "according to X", else its first reporting verb's subject. A pronoun speaker
("it said", "she told AFP") is the last source named before; a sentence that continues a quote
or a count ("In particular, 500 were detained") keeps the previous sentence's source.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())

# Reporting verbs of news English, in their inflected forms (the pipeline has no lemmatizer).
REPORTING_VERBS = _wordset(
    "say says said saying tell tells told telling report reports reported reporting "
    "announce announces announced announcing confirm confirms confirmed confirming "
    "state states stated estimate estimates estimated claim claims claimed add adds "
    "added charge charges charged show shows showed shown note notes noted read reads "
    "allege alleges alleged count counts counted put puts record records recorded "
    "accuse accuses accused insist insists insisted write writes wrote declare "
    "declares declared tweet tweets tweeted publish publishes published"
)
_PRONOUNS = _wordset("he she it they we i you this that")
_SUBJECTS = ("nsubj", "nsubjpass")
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


def _according_to(sentence: Span) -> str | None:
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            to = token.doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if to.lower_ == "to" and objects:
                return _phrase(objects[0])
    return None


def _speaker(verb: Token) -> str | None:
    subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
    return _phrase(subjects[0]) if subjects else None


class Attribution:
    """The sources of one parsed document's sentences (see the module docstring)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._sources: dict[int, str | None] = {}
        self._last: str | None = None  # the last named source, for pronouns
        previous: str | None = None
        for sentence in doc.sents:
            own = _according_to(sentence) or self._first_speaker(sentence)
            if own is None and _CONTINUATION.match(sentence.text):
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

    def _first_speaker(self, sentence: Span) -> str | None:
        for token in sentence:
            if token.lower_ in REPORTING_VERBS and (name := self._resolve(_speaker(token))):
                return name
        return None

    def source_of(self, token: Token) -> str | None:
        """The source of the statement ``token`` is part of, as the text names it; None when
        the report does not say."""
        for ancestor in token.ancestors:
            if ancestor.lower_ in REPORTING_VERBS and (name := _speaker(ancestor)):
                if name.lower() not in _PRONOUNS:
                    return name
                break
        return self._sources.get(token.sent.start)
