"""Near-duplicate documents: syndicated copies and light rewrites, found with MinHash + LSH.

A wire story reprinted by ten outlets is one source, not ten. Each document becomes the set of
its word shingles (runs of :data:`SHINGLE` words); two documents are near-duplicates when the
Jaccard resemblance of those sets is at least :data:`THRESHOLD`.

1. **Signature.** One-permutation MinHash (Li, Owen & Zhang 2012): every shingle is hashed once
   to 64 bits; the hash modulo :data:`BINS` picks one of :data:`BINS` bins and each bin keeps its
   smallest value. Empty bins borrow from the next non-empty one (rotation densification,
   Shrivastava & Li 2014), so the bins behave like :data:`BINS` independent MinHash values at
   the cost of one hash per shingle.
2. **Candidates.** LSH banding: the signature is cut into :data:`BANDS` bands of
   :data:`ROWS` values; documents that share one whole band are candidates, so only pairs
   likely to be near-duplicates are compared and the work stays near linear.
3. **Check.** A candidate pair counts when the exact resemblance of its shingle sets,
   recomputed for candidates only, reaches :data:`THRESHOLD` (the signatures' estimate has a
   standard error of 0.05 on short texts, too coarse to decide on its own).
4. **Groups.** Pairs are joined transitively; each group's original is its earliest document
   (publication date, then id), and every other member is a duplicate of it.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Words per shingle. Three-word shingles keep a rewrite (new lead, sentences reordered, a
# paragraph added) at resemblance ~0.5 to its original, where five-word ones drop it to ~0.45,
# while independent reports stay far apart: the most similar pair among the 17 development
# reports of ../shared (five of one crisis, three or four of each other) measures 0.015.
SHINGLE = 3
# MinHash bins, and their LSH bands x rows (BANDS * ROWS == BINS). The banding's S-curve is
# steepest near (1/BANDS)^(1/ROWS) = 0.29, under the threshold: a pair at 0.4 becomes a
# candidate with probability 1-(1-0.4^3)^40 = 0.93, at 0.5 with 0.99, and one at the 0.015 of
# independent reports with 1.4e-4, so the number of pairs checked stays near linear.
BINS = 120
BANDS = 40
ROWS = 3
# Resemblance at or above which two documents are one source. On the test documents a
# syndicated copy measures 0.86 and a rewrite 0.53 (tests/reconcile/test_duplicates.py), and
# independent reports at most 0.015 (above): 0.4 sits in that gap, nearer the rewrites, since
# a missed rewrite inflates a source count while a false match needs texts sharing 40% of
# their three-word runs, which independent writing does not.
THRESHOLD = 0.4
# Documents shorter than this many words are not compared: a two-line item shares most of its
# shingles with any other two-line item on the same story, so resemblance says little.
MIN_WORDS = 25

_WORD = re.compile(r"\w+")
_MASK64 = (1 << 64) - 1
_EMPTY = _MASK64 + 1  # larger than any hash: marks a bin no shingle fell into


@dataclass
class DuplicateInput:
    """What duplicate detection needs of a document: its id, text and publication date."""

    id: str
    text: str
    published: str | None = None


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    """A stable 64-bit hash of one word (Python's ``hash`` changes from run to run)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "big")


def _shingles(words: list[str]) -> set[int]:
    """The 64-bit hashes of the shingles of lower-cased words.

    A shingle's hash is Python's hash of the tuple of its word hashes: computed in C, and
    the same in every process of one Python version, since integers hash to themselves
    whatever PYTHONHASHSEED says (signatures are compared within one run, never stored)."""
    hashes = [_word_hash(w) for w in words]
    runs = zip(*(hashes[i:] for i in range(SHINGLE)), strict=False)
    return {hash(run) & _MASK64 for run in runs}


def shingle_hashes(text: str) -> set[int]:
    """The 64-bit hashes of the text's word shingles (lower case, punctuation ignored)."""
    return _shingles(_WORD.findall(text.lower()))


def signature(text: str) -> array[int] | None:
    """The MinHash signature of a text (:data:`BINS` unsigned 64-bit values, compact in
    memory), None if the text is too short to compare."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    bins = [_EMPTY] * BINS
    for h in _shingles(words):
        b = h % BINS
        value = h // BINS
        if value < bins[b]:
            bins[b] = value
    # rotation densification: an empty bin takes the value of the next non-empty one (cyclic),
    # offset by the distance so that borrowed values differ from owned ones (still < 2**64)
    filled = list(bins)
    for b in range(BINS):
        if bins[b] == _EMPTY:
            step = 1
            while bins[(b + step) % BINS] == _EMPTY:
                step += 1
            filled[b] = bins[(b + step) % BINS] + step * (_MASK64 // BINS + 1)
    return array("Q", filled)


def _candidate_pairs(signatures: dict[str, array[int]]) -> set[tuple[str, str]]:
    """Pairs of ids (sorted) that share at least one whole band of their signatures."""
    pairs: set[tuple[str, str]] = set()
    for band in range(BANDS):
        buckets: dict[bytes, list[str]] = defaultdict(list)
        lo = band * ROWS
        for doc_id, sig in signatures.items():
            buckets[sig[lo : lo + ROWS].tobytes()].append(doc_id)
        for members in buckets.values():
            if len(members) > 1:
                members.sort()
                for i, a in enumerate(members):
                    for b in members[i + 1 :]:
                        pairs.add((a, b))
    return pairs


def jaccard(a: set[int], b: set[int]) -> float:
    """The exact resemblance of two shingle sets."""
    return len(a & b) / len(a | b) if a or b else 0.0


def find_duplicates(documents: Iterable[DuplicateInput]) -> dict[str, str]:
    """Each near-duplicate document's id -> its group's original (earliest published, then
    smallest id). Documents that copy nothing are not in the result."""
    order: dict[str, tuple[bool, str, str]] = {}
    texts: dict[str, str] = {}
    signatures: dict[str, array[int]] = {}
    for doc in documents:
        order[doc.id] = (doc.published is None, doc.published or "", doc.id)
        sig = signature(doc.text)
        if sig is not None:
            signatures[doc.id] = sig
            texts[doc.id] = doc.text

    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    shingles: dict[str, set[int]] = {}  # of candidates only: few, recomputed from the text
    for a, b in sorted(_candidate_pairs(signatures)):
        for doc_id in (a, b):
            if doc_id not in shingles:
                shingles[doc_id] = shingle_hashes(texts[doc_id])
        if jaccard(shingles[a], shingles[b]) >= THRESHOLD:
            ra, rb = root(a), root(b)
            if ra != rb:
                first, second = sorted((ra, rb), key=order.__getitem__)
                parent[second] = first
    return {doc_id: root(doc_id) for doc_id in sorted(parent) if root(doc_id) != doc_id}
