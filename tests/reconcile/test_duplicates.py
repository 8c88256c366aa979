"""Near-duplicate detection on invented reports: copies and rewrites found, others not."""

from __future__ import annotations

import random
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.reconcile.duplicates import (
    THRESHOLD,
    DuplicateInput,
    find_duplicates,
    jaccard,
    shingle_hashes,
    signature,
)
from tests.reconcile.builders import COPY, INDEPENDENT, REWRITE, WIRE


def _jaccard(a: str, b: str) -> float:
    return jaccard(shingle_hashes(a), shingle_hashes(b))


def test_copy_and_rewrite_resemble_the_original_independent_report_does_not() -> None:
    assert _jaccard(WIRE, COPY) > 0.8
    assert _jaccard(WIRE, REWRITE) > THRESHOLD
    assert _jaccard(WIRE, INDEPENDENT) < 0.05


def test_copies_point_at_the_earliest_document() -> None:
    docs = [
        DuplicateInput("b-copy", COPY, "2031-03-11"),
        DuplicateInput("c-rewrite", REWRITE, "2031-03-12"),
        DuplicateInput("z-wire", WIRE, "2031-03-10"),
        DuplicateInput("d-own", INDEPENDENT, "2031-03-10"),
    ]
    assert find_duplicates(docs) == {"b-copy": "z-wire", "c-rewrite": "z-wire"}


def test_undated_documents_come_after_dated_ones_then_by_id() -> None:
    docs = [DuplicateInput("a", WIRE, None), DuplicateInput("b", COPY, "2031-01-01")]
    assert find_duplicates(docs) == {"a": "b"}
    docs = [DuplicateInput("b", WIRE), DuplicateInput("a", COPY)]
    assert find_duplicates(docs) == {"b": "a"}


def test_short_texts_are_not_compared() -> None:
    short = "Police fired tear gas in Lyon on Tuesday."
    assert signature(short) is None
    assert find_duplicates([DuplicateInput("a", short), DuplicateInput("b", short)]) == {}


def test_signature_is_the_same_on_every_run() -> None:
    assert signature(WIRE) == signature(" ".join(WIRE.split()))
    assert signature(WIRE) == signature(WIRE.upper())


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(rnd: random.Random) -> None:
    docs = [
        DuplicateInput("wire", WIRE, "2031-03-10"),
        DuplicateInput("copy", COPY, "2031-03-10"),
        DuplicateInput("rewrite", REWRITE, "2031-03-10"),
        DuplicateInput("own", INDEPENDENT, "2031-03-10"),
    ]
    expected = find_duplicates(docs)
    rnd.shuffle(docs)
    assert find_duplicates(docs) == expected
    assert expected == {"rewrite": "copy", "wire": "copy"}


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.sampled_from(WIRE.split()), min_size=40, max_size=120),
    st.text(alphabet=string.ascii_letters, min_size=1, max_size=12),
)
def test_a_text_with_a_word_added_is_found(words: list[str], extra: str) -> None:
    text = " ".join(words)
    copy = f"{text} {extra}"
    assert find_duplicates([DuplicateInput("a", text), DuplicateInput("b", copy)]) == {"b": "a"}
