"""The working state of one document's extraction, passed from step to step.

Steps read what earlier steps found (sentences, place and time mentions, actors) and add
their own. Nothing here outlives the call to :func:`crisisdesk.extract.extract`; what leaves
extraction is a :class:`crisisdesk.records.DocumentFacts`.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from crisisdesk.records import Document, Place


@dataclass
class PlaceMention:
    """One occurrence of a resolved place in the text."""

    start: int
    end: int
    text: str
    place: Place


@dataclass
class TimeMention:
    """One time expression, resolved to a calendar date where possible."""

    start: int
    end: int
    text: str
    date: dt.date | None  # the day (or first day of the week/month/year) it points at
    precision: int  # ACLED time precision: 1 day, 2 week, 3 month or coarser
    historical: bool = False  # points before the crisis ("in 2011", "ten years ago")
    future: bool = False  # in a clause about the future ("would meet on Friday")


@dataclass
class ActorMention:
    """One occurrence of a person, organisation or group."""

    start: int
    end: int
    text: str
    canonical: str
    type: str  # person | organisation | group | state
    group: str | None = None  # protesters | security_forces | foreign_troops | government


@dataclass
class Analysis:
    """A parsed document and what the extraction steps have found in it so far."""

    document: Document
    doc: Doc
    published: dt.date | None = None
    published_estimated: bool = False
    places: list[PlaceMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    # Memo of ``anchors``: a time mention's start -> the token index of the word it modifies.
    time_heads: dict[int, int] = field(default_factory=dict, repr=False)
    # Memo of ``anchors.is_historical``: the start offsets of the sentences of past episodes,
    # computed on its first call (after the times step).
    past_sentences: frozenset[int] | None = field(default=None, repr=False)
    # Memo of ``labels.group_phrases``, read by both the actors and the labels steps.
    groups: list[Any] | None = field(default=None, repr=False)
    # Memo of ``times.candidates_of``, read by the publication date and the times steps.
    time_candidates: tuple[Any, ...] | None = field(default=None, repr=False)
    _sentence_starts: list[int] = field(default_factory=list, repr=False)
    _sentence_spans: list[tuple[int, int]] = field(default_factory=list, repr=False)
    # The tokens' lower-case string ids (``doc.to_array(LOWER)``), read on first use.
    _lower_ids: list[int] | None = field(default=None, repr=False)
    _segments: list[Span] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._sentence_spans = [(s.start_char, s.end_char) for s in self.doc.sents]
        self._sentence_starts = [start for start, _ in self._sentence_spans]

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """Character spans of the sentences, in order."""
        return self._sentence_spans

    def segments(self) -> list[Span]:
        """The sentences cut again at line breaks (a headline is not part of the sentence the
        parser runs it into), without blank ones: the units claims and events are read in.

        Texts are sliced from the document text: a Span's ``.text`` reads every token's text
        again, which was 80% of the claims step's segmenting (cProfile, demo + seed + dev)."""
        if self._segments is None:
            text, self._segments = self.text, []
            for start, end in self.sentences:
                at = start
                for piece in text[start:end].split("\n"):
                    span = self.doc.char_span(at, at + len(piece), alignment_mode="contract")
                    at += len(piece) + 1
                    if span is not None and text[span.start_char : span.end_char].strip():
                        self._segments.append(span)
        return self._segments

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The span of the sentence that contains ``offset``."""
        i = max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)
        return self._sentence_spans[i]

    def tokens_with_lower(self, words: frozenset[str]) -> list[int]:
        """The indices of the tokens whose lower-case form is one of ``words``, in order.

        Compares the doc's string ids (read once): looping over the doc makes a ``Token``
        object per token and reads its string, which cost the labels step 70% of its time
        (measured with cProfile on the demo, seed and dev texts)."""
        if self._lower_ids is None:
            self._lower_ids = self.doc.to_array(LOWER).tolist()
        ids = _string_ids(words)
        return [i for i, lower in enumerate(self._lower_ids) if lower in ids]

    def places_in(self, start: int, end: int) -> list[PlaceMention]:
        return [m for m in self.places if start <= m.start and m.end <= end]

    def times_in(self, start: int, end: int) -> list[TimeMention]:
        return [m for m in self.times if start <= m.start and m.end <= end]

    def actors_in(self, start: int, end: int) -> list[ActorMention]:
        return [m for m in self.actors if start <= m.start and m.end <= end]


@lru_cache(maxsize=256)
def _string_ids(words: frozenset[str]) -> frozenset[int]:
    """The spaCy string ids (hashes) of some words (computed once per word list)."""
    return frozenset(get_string_id(w) for w in words)
