"""Terminal tables: figures with their qualifiers, width-aware cells, the demo summary."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crisisdesk.present.tables import (
    _span,
    claims_table,
    display_width,
    events_table,
    fit,
    format_value,
    summary,
)
from crisisdesk.store import Store, open_store
from tests.factories import TEXT, sample


@pytest.mark.parametrize(
    ("claim", "shown"),
    [
        ({"value": 13.0, "qualifier": "at_least"}, "≥13"),
        ({"value": 400.0, "qualifier": "about"}, "~400"),
        ({"value": 1000.0, "qualifier": "more_than"}, ">1,000"),
        ({"value": 50.0, "qualifier": "up_to"}, "≤50"),
        ({"value": 40.0, "value_max": 50.0, "qualifier": "exact"}, "40–50"),
        ({"value": 389.0, "value_max": 349.0, "qualifier": "exact", "change": True,
          "unit": "pesos"}, "389 → 349 pesos"),
        ({"value": 2.5, "qualifier": "exact", "unit": "percent"}, "2.5 percent"),
        ({"value": 12.0, "qualifier": "vague", "quote": "Dozens of people were hurt"},
         "dozens (12)"),
        ({"value": 10000.0, "qualifier": "vague", "quote": "tens of thousands marched"},
         "tens of thousands (10,000)"),
        ({"value": 12.0, "qualifier": "vague", "quote": "a crowd gathered"}, "vague (12)"),
        ({"value": 1_500_000.0, "qualifier": "exact"}, "1,500,000"),
    ],
)
def test_values_show_their_qualifier(claim: dict[str, object], shown: str) -> None:
    assert format_value(claim) == shown


def _price(value: float, value_max: float | None = None, change: bool = False) -> dict[str, object]:
    return {"value": value, "value_max": value_max, "qualifier": "exact", "change": change,
            "unit": "pesos per litre"}


def test_a_figure_range_spans_both_ends_of_price_changes() -> None:
    assert _span([_price(299, 389, True), _price(389, 349, True), _price(349)]) == (
        "299 to 389 pesos per litre")
    assert _span([_price(389, 349, True)]) == "389 → 349 pesos per litre"
    assert _span([_price(40), _price(60, 80)]) == "40 to 60–80 pesos per litre"


def test_cells_are_cut_by_display_width() -> None:
    assert fit("Springfield", 6) == "Sprin…"
    assert fit("short", 8) == "short   "
    assert fit("two\nlines", 20).startswith("two lines")
    assert fit(None, 3) == "   "
    assert fit("red\x1b[31malert", 12) == "red[31malert"  # no terminal escapes get through
    wide = fit("東京都で抗議デモ", 7)  # two columns per character
    assert display_width(wide) == 7 and wide.startswith("東京都") and "…" in wide
    assert fit("Cafe\u0301", 4) == "Cafe\u0301"  # a combining accent takes no column


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as s:
        first = sample("a", source="Wire")
        second = sample("b", TEXT + " Later that week the count rose.", source="Daily Post")
        second[1].claims[0].value = 200.0
        second[1].claims[0].qualifier = "more_than"
        second[1].events[0].quote = "Police detained more than 200 people " * 5
        s.add([first, second])
        s.add_failure("broken.html", "no text found")
        yield s


def test_events_table_aligns_and_truncates(store: Store) -> None:
    lines = events_table(store.events(), width=100).splitlines()
    assert lines[0].split() == ["date", "kind", "location", "source", "quote"]
    assert all(display_width(line) <= 100 for line in lines)
    assert lines[2].startswith("2024-03-04  arrests") and "Springfield" in lines[2]
    assert lines[3].endswith("…")
    assert events_table([]).startswith("no events match")


def test_claims_table_shows_qualified_values(store: Store) -> None:
    table = claims_table(store.claims())
    assert table.splitlines()[0].split() == [
        "measure", "value", "who", "attributed_to", "location", "as_of", "source"]
    assert ">200" in table and "the ministry" in table and "Daily Post" in table
    assert claims_table([]).startswith("no claims match")


def test_summary_gives_sources_kinds_and_figure_ranges(store: Store) -> None:
    text = summary(store)
    assert text.splitlines()[0] == (
        "2 documents, 2 event mentions, 2 figures; 1 inputs failed (see `crisisdesk ingest` "
        "output)")
    assert "Daily Post" in text and "Wire" in text
    [kinds] = [line for line in text.splitlines() if line.endswith("arrests")]
    assert kinds.split() == ["2", "2", "arrests"]
    [figures] = [line for line in text.splitlines() if line.startswith("arrested")]
    assert figures.split() == ["arrested", "people", "2", "2", "2", "40", "to", ">200"]


def test_figure_ranges_keep_qualifiers_and_units() -> None:
    with open_store(":memory:") as s:
        reports = [sample(f"r{n}", f"{TEXT} {n}.", source=f"Outlet {n}") for n in range(3)]
        for (_, facts), (value, qualifier, quote) in zip(
            reports,
            [(13.0, "at_least", "at least 13"), (100.0, "vague", "hundreds died"),
             (13.0, "exact", "13 died")],
            strict=True,
        ):
            facts.claims[0].measure, facts.claims[0].who = "killed", "civilians"
            facts.claims[0].value, facts.claims[0].qualifier = value, qualifier
            facts.claims[0].quote = quote
        price = sample("p", TEXT + " Fuel.", source="Outlet 9")
        price[1].claims[0].measure, price[1].claims[0].unit = "price", "rupees per litre"
        price[1].claims[0].value, price[1].claims[0].value_max = 299.0, 389.0
        s.add([*reports, price])
        lines = summary(s).splitlines()
    [killed] = [line for line in lines if line.startswith("killed")]
    assert killed.split()[1:5] == ["civilians", "3", "3", "3"]
    assert killed.endswith("≥13 to hundreds (100)")
    [fuel] = [line for line in lines if line.startswith("price")]
    assert fuel.endswith("299–389 rupees per litre")
