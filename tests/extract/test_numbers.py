"""Amounts in running text: values, ranges, qualifiers, and what is not a count."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.extract.numbers import QUALIFIER_WORDS, find_amounts, parse_number
from crisisdesk.vocab import QUALIFIERS

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _in_words(n: int) -> str:
    """An independent English spelling of 0 <= n < 1,000,000 ("two hundred and five")."""
    if n < 20:
        return _UNITS[n]
    if n < 100:
        return _TENS[n // 10] + (f"-{_UNITS[n % 10]}" if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return f"{_UNITS[n // 100]} hundred" + (f" and {_in_words(rest)}" if rest else "")
    rest = n % 1000
    return f"{_in_words(n // 1000)} thousand" + (f" {_in_words(rest)}" if rest else "")


def _only(text: str) -> tuple[float, str, float | None]:
    amounts = find_amounts(text)
    assert len(amounts) == 1, amounts
    return amounts[0].value, amounts[0].qualifier, amounts[0].value_max


@given(st.integers(min_value=0, max_value=10**12))
def test_any_integer_with_commas_parses_back(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=1, max_value=999_999))
def test_any_integer_in_words_parses_back(n: int) -> None:
    assert parse_number(_in_words(n)) == n
    assert _only(f"Police said {_in_words(n)} people were held.")[0] == n


@given(st.sampled_from(sorted(QUALIFIER_WORDS)), st.integers(min_value=2, max_value=99_999))
def test_qualifier_words_map_to_their_qualifier(words: str, n: int) -> None:
    value, qualifier, _ = _only(f"Officials said {words} {n:,} residents fled.")
    assert (value, qualifier) == (n, QUALIFIER_WORDS[words])
    assert qualifier in QUALIFIERS


@given(st.text())
def test_random_text_never_raises(text: str) -> None:
    for amount in find_amounts(text):
        assert 0 <= amount.start < amount.end <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at least 3,500 miners", (3500, "at_least", None)),
        ("upwards of 70 nurses", (70, "more_than", None)),
        ("a good 250 marchers", (250, "about", None)),
        ("between 15 and 20 villagers", (15, "exact", 20)),
        ("15-20 villagers", (15, "exact", 20)),
        ("1.5 million voters", (1_500_000, "exact", None)),
        ("dozens of farmers", (12, "vague", None)),
        ("tens of thousands of teachers", (10_000, "vague", None)),
        ("several hundred dockers", (100, "vague", None)),
        ("300 or more students", (300, "at_least", None)),
        ("as many as 90 taxi drivers", (90, "up_to", None)),
    ],
)
def test_amounts(text: str, expected: tuple[float, str, float | None]) -> None:
    assert _only(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The strike began on 3 March 2019 at 10:30 am.",
        "a 31-year-old nurse and a 48-hour stoppage",
        "the 12th day of the walkout, on May 4",
        "COVID-19 rules; no one was there",
    ],
)
def test_not_counts(text: str) -> None:
    assert find_amounts(text) == []


def test_a_change_keeps_both_figures_and_the_from_in_its_text() -> None:
    [amount] = find_amounts("Bread went from 40 to 65 rupees a loaf.")
    assert (amount.value, amount.value_max, amount.unit, amount.change) == (40, 65, "rupees", True)
    assert amount.text == "from 40 to 65 rupees"
    [dollars] = find_amounts("Diesel went from $3.10 to $4.25 a gallon.")
    assert (dollars.value, dollars.value_max, dollars.unit, dollars.text) == (
        3.1, 4.25, "dollars", "from $3.10 to $4.25")


@pytest.mark.parametrize(
    "text", ["Rice sells for 30 to 35 pesos a kilo.", "Rice sells for between 30 and 35 pesos."]
)
def test_a_range_of_money_is_no_change(text: str) -> None:
    [amount] = find_amounts(text)
    assert (amount.value, amount.value_max, amount.unit, amount.change) == (30, 35, "pesos", False)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("a litre now costs 60 crowns", "crowns"),
        ("sugar at 12 zlotys a kilo", "zlotys"),
        ("bread at 3.5 lei", "lei"),
        ("petrol at ₹104 a litre", "rupees"),
        ("a loaf for ₴40", "hryvnias"),
        ("up to 90 hryvnia", "hryvnia"),
        ("10,000 kyat a bag", "kyat"),
    ],
)
def test_currency_words_and_signs(text: str, unit: str) -> None:
    [amount] = find_amounts(text)
    assert amount.unit == unit


def test_percent_and_money_carry_a_unit() -> None:
    units = [a.unit for a in find_amounts("Fares rose 25% to $3 while 40 percent struck.")]
    assert units == ["percent", "dollars", "percent"]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("petrol at LKR 338 per litre", "LKR"),
        ("raised to Rs. 289", "rupees"),
        ("a fare of KSh 120", "shillings"),
        ("try 5 times", None),
    ],
)
def test_currency_codes_before_the_amount(text: str, unit: str | None) -> None:
    [amount] = find_amounts(text)
    assert amount.unit == unit


def test_a_vague_word_in_a_name_is_no_amount() -> None:
    assert find_amounts("They joined the March of the Millions.") == []
    assert [a.value for a in find_amounts("Millions marched.")] == [1_000_000]
