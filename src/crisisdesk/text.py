"""Plain-text helpers shared by stages that must agree on them (eval and the CSV export) and
by the extractors' word lists."""

from __future__ import annotations

import bisect
import re

_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep",
        "prof", "jr", "sr", "inc", "ltd", "co", "corp", "no", "vs", "etc", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "e.g",
        "i.e",
    }
)
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")


def word_set(text: str) -> frozenset[str]:
    """A word list written as one string: ``word_set("police army")``."""
    return frozenset(text.split())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by punctuation and line breaks, skipping common abbreviations."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group().strip() and m.group()[0] == ".":
            word = text[max(0, m.start() - 6) : m.start()].split()
            last = word[-1].lower() if word else ""
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
        end = m.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


class Sentences:
    """Which sentence of a text an offset falls in (sentences by :func:`split_sentences`)."""

    def __init__(self, text: str) -> None:
        self.spans = split_sentences(text) or [(0, len(text))]
        self._starts = [start for start, _ in self.spans]

    def index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._starts, offset) - 1)
