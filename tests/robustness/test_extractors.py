"""Hostile text to the extractor: no crash, no hang, every fact's span inside the text.

Each extraction runs in a worker process with a time budget (``budget.Worker``), forked after
the spaCy pipeline is loaded so that every call pays only for its own text.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisdesk.extract import extract
from crisisdesk.extract.nlp import load_nlp
from crisisdesk.records import Document
from tests.robustness.budget import Worker

# Seconds one document may take. A 50,000-character news text extracts in ~10 s on this
# 2-core machine (spaCy's parse is most of it); three times that is a hang.
BUDGET = 30.0

FUZZ = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def loaded(worker: Worker) -> Iterator[Worker]:
    load_nlp()  # in the parent, so the forked worker inherits it
    yield worker


def facts_summary(text: str) -> tuple[int, list[tuple[int, int]]]:
    """Extract ``text`` as an English document (runs in the worker): the number of facts and
    every span."""
    facts = extract(Document(id="hostile", text=text, language="en"))
    spans = [
        (item.start, item.end)
        for section in (facts.places, facts.claims, facts.events, facts.labels)
        for item in section
    ]
    return len(spans), spans


def _check(worker: Worker, text: str) -> int:
    count, spans = worker.run(BUDGET, facts_summary, text)
    for start, end in spans:
        assert 0 <= start <= end <= len(text), (start, end)
    return count


@FUZZ
@given(text=st.text(max_size=2000))
def test_random_unicode(loaded: Worker, text: str) -> None:
    _check(loaded, text)


_NEWSY = st.lists(
    st.sampled_from([
        "Police", "said", "at least", "12", "1,200", "were killed", "in", "Valmora", "on Monday",
        "hundreds", "of", "protesters", ",", ".", "-", "(", ")", "“", "”", "\n", "March 3",
        "2021", "dozens", "arrested", "tear gas", "the", "ministry", "Dr.", "U.S.", "%", "$",
    ]),
    max_size=300,
).map(" ".join)


@FUZZ
@given(text=_NEWSY)
def test_shuffled_news_vocabulary(loaded: Worker, text: str) -> None:
    _check(loaded, text)


# 50,000 characters of what makes regexes backtrack: long runs of one class of character,
# repeated separators, words a pattern can split many ways.
HOSTILE = {
    "digits": "7" * 50_000,
    "digits and spaces": "7 " * 25_000,
    "thousands commas": "1," * 25_000,
    "commas": "," * 50_000,
    "capitals": "A" * 50_000,
    "capitalised words": "North " * 8_000,
    "a a a": "a " * 25_000,
    "punctuation": "!?.-;:'\"()[]" * 4_000,
    "dots": "." * 50_000,
    "hyphens": "-" * 50_000,
    "number words": "one hundred and " * 3_000,
    "dates": "Monday, March 3, 2021 and " * 2_000,
    "money": "$1,000.50 " * 5_000,
    "no spaces": "killedarrestedprotesters" * 2_000,
    "newlines": "Police said 5.\n" * 3_500,
}


# Over budget today, reported to the extraction engineers (extract/ is theirs): spaCy's parse of
# one 50,000-character "sentence" and per-figure/per-place scans of the whole sentence or
# document (extract/claims.py ``_by_parse``/``_toll_noun``, extract/places.py ``_entity_at``)
# grow with the square of the text. Not run by default (each would burn the whole budget); run
# them with ``pytest --runxfail tests/robustness``. Remove an entry once it passes.
KNOWN_SLOW = {
    "digits and spaces": "extract/claims.py _by_parse/_toll_noun: O(figures x sentence)",
    "newlines": "extract/places.py _entity_at and _believable: O(places x ents)",
    "capitalised words": "20 s for 48 KB of \"North North ...\": too close to the budget",
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(run=False, reason=KNOWN_SLOW[n]))
        if n in KNOWN_SLOW
        else n
        for n in sorted(HOSTILE)
    ],
)
def test_regex_hostile_text(loaded: Worker, name: str) -> None:
    _check(loaded, HOSTILE[name])
