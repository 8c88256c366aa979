"""The claims ledger on figures written here (an invented crisis in an invented country), and
what issue 3 asks of it on the five seed reports."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisisdesk.evaluate.gold import load_gold
from crisisdesk.extract import extract
from crisisdesk.reconcile import ClaimGroup, ReconcileItem
from crisisdesk.reconcile.ledger import claim_groups, claimant, interval
from crisisdesk.records import Claim, Document, DocumentFacts, Place

CITY = Place("Port Verda", "Port Verda", "XV", "city", 10.0, 20.0, None, 0, 1)
COUNTRY = Place("Verdania", "Verdania", "XV", "country", 11.0, 21.0, None, 0, 1)


def claim(measure: str, value: float, qualifier: str = "exact", *, who: str | None = "people",
          location: str | None = "Port Verda", as_of: str | None = None,
          value_max: float | None = None, unit: str | None = None,
          attributed_to: str | None = None, change: bool = False) -> Claim:
    quote = f"{measure} {value}"
    return Claim(measure, value, qualifier, quote, 0, len(quote), value_max=value_max, who=who,
                 attributed_to=attributed_to, location=location, as_of=as_of, unit=unit,
                 change=change)


def item(doc_id: str, *claims: Claim, published: str | None = "2031-05-10",
         copy_of: str | None = None) -> ReconcileItem:
    document = Document(id=doc_id, text=f"Report {doc_id}.", source=f"Outlet {doc_id}",
                        published=published, language="en")
    facts = DocumentFacts(id=doc_id, source=document.source, url=None, title=None,
                          published=published, published_estimated=False, language="en",
                          hash=document.hash, places=[CITY, COUNTRY], claims=list(claims))
    return ReconcileItem(document, facts, independent_of=copy_of)


def only(groups: list[ClaimGroup], measure: str) -> ClaimGroup:
    found = [g for g in groups if g.measure == measure]
    assert len(found) == 1, [(g.measure, g.who, g.location) for g in groups]
    return found[0]


def test_a_cumulative_count_that_rises_between_days_grows() -> None:
    groups = claim_groups([
        item("b", claim("arrested", 2000, "at_least"), published="2031-05-07"),
        item("a", claim("arrested", 200, "more_than", attributed_to="the interior\n ministry"),
             published="2031-05-05"),
    ])
    group = only(groups, "arrested")
    assert group.status == "grows"
    assert (group.low, group.high, group.conservative) == (200, 2000, 2000)
    assert group.explanation == (
        "interior ministry more than 200 (May 5) vs Outlet b at least 2,000 (May 7): grows"
    )
    assert [c.doc for c in group.claims] == ["a", "b"]


def test_a_contradiction_still_names_each_claimants_rising_count() -> None:
    groups = claim_groups([
        item("a", claim("arrested", 120, attributed_to="a police spokeswoman"),
             published="2031-05-05"),
        item("b", claim("arrested", 450, attributed_to="The Police"), published="2031-05-06"),
        item("c", claim("arrested", 1500, "more_than", attributed_to="defence lawyers"),
             claim("arrested", 700, attributed_to="the police media office"),
             published="2031-05-07"),
        item("d", claim("arrested", 1600, attributed_to="lawyers"), published="2031-05-08"),
    ])
    group = only(groups, "arrested")
    assert group.status == "contradicts"  # 700 (police) vs more than 1,500 (lawyers), May 7
    assert group.explanation.endswith(
        ": contradicts; rising: police 120 (May 5) → 700 (May 7)"
    )  # the lawyers' 1,500 -> 1,600 is one figure, not a rise


def test_a_claimant_is_the_body_behind_an_attribution() -> None:
    assert claimant("Police Spokesman Inspector Ana Ruiz", "doc-1") == "police"
    assert claimant("doctors at the district hospital", "doc-1") == "medical"
    assert claimant("the health ministry", "doc-1") == "medical"
    assert claimant("Ana  Ruiz", "doc-1") == "ana ruiz"
    assert claimant(None, "doc-1") == "doc-1"


def test_undated_figures_that_differ_read_as_a_rising_count() -> None:
    groups = claim_groups([item("a", claim("killed", 5), published=None),
                           item("b", claim("killed", 40), published=None)])
    assert only(groups, "killed").status == "grows"


def test_a_long_explanation_names_the_first_and_last_figures() -> None:
    days = ["2031-05-0" + str(day) for day in range(1, 8)]
    groups = claim_groups([item(f"d{i}", claim("killed", 10 * 2**i), published=day)
                           for i, day in enumerate(days)])
    assert only(groups, "killed").explanation == (
        "Outlet d0 10 (May 1) vs Outlet d1 20 (May 2) vs 3 more vs "
        "Outlet d5 320 (May 6) vs Outlet d6 640 (May 7): grows"
    )


@pytest.mark.parametrize(("first", "second"), [
    (claim("killed", 10), claim("killed", 100)),  # the same day, far apart
    (claim("killed", 50, as_of="2031-05-05"), claim("killed", 20, as_of="2031-05-07")),  # falls
])
def test_incompatible_figures_of_one_time_or_a_falling_count_contradict(
    first: Claim, second: Claim
) -> None:
    group = only(claim_groups([item("a", first), item("b", second)]), "killed")
    assert group.status == "contradicts"
    assert group.explanation.endswith(": contradicts")


@pytest.mark.parametrize(("first", "second"), [
    (claim("killed", 10, "at_least"), claim("killed", 12)),
    (claim("injured", 100, "about"), claim("injured", 12, "vague")),  # "dozens"
    (claim("injured", 190), claim("injured", 200)),  # rounding
    (claim("participants", 1000, "vague", who="protesters"),
     claim("participants", 5000, "about", who="protesters")),
])
def test_compatible_figures_agree(first: Claim, second: Claim) -> None:
    groups = claim_groups([item("a", first), item("b", second)])
    assert [g.status for g in groups] == ["agree"]


def test_the_lowest_figure_of_the_latest_day_is_the_conservative_one() -> None:
    groups = claim_groups([
        item("a", claim("killed", 8), published="2031-05-05"),
        item("b", claim("killed", 12, "vague"), published="2031-05-07"),
        item("c", claim("killed", 15, "at_least"), published="2031-05-07"),
    ])
    group = only(groups, "killed")
    assert group.status == "grows"
    assert (group.low, group.high, group.conservative) == (8, 15, 12)


def test_one_figure_or_one_source_and_its_copies_is_single() -> None:
    lone = claim_groups([item("a", claim("missing", 4))])
    assert only(lone, "missing").status == "single"
    copied = claim_groups([
        item("a", claim("killed", 7, as_of="2031-05-09")),
        item("b", claim("killed", 7, as_of="2031-05-09"), copy_of="a"),
        item("c", claim("killed", 70, as_of="2031-05-09"), copy_of="a"),
    ])
    group = only(copied, "killed")
    assert group.status == "single"
    assert len(group.claims) == 3
    assert group.explanation.count("7 (May 9)") == 1  # the copy's figure is named once


def test_a_copy_does_not_turn_agreement_into_a_second_source() -> None:
    groups = claim_groups([item("a", claim("killed", 7)),
                           item("b", claim("killed", 7), copy_of="a"),
                           item("c", claim("killed", 7))])
    group = only(groups, "killed")
    assert group.status == "agree"
    assert group.explanation == "Outlet a 7 (May 10) vs Outlet c 7 (May 10): agree"


def test_a_doubling_contradicts_a_rise_from_70_to_120() -> None:
    groups = claim_groups([
        item("a", claim("price", 2, who="cooking gas", location="Verdania", unit="ratio")),
        item("b", claim("price", 70, who="liquefied gas", location="Verdania", value_max=120,
                        unit="crowns per liter", as_of="2031-05-02", change=True)),
    ])
    group = only(groups, "price")
    assert (group.who, group.location, group.unit) == ("gas", "Verdania", "ratio")
    assert group.status == "contradicts"
    assert group.low == pytest.approx(120 / 70)
    assert group.high == 2


@pytest.mark.parametrize(("percent", "status"), [(70, "agree"), (100, "contradicts")])
def test_a_percent_rise_is_compared_with_a_from_to_pair(percent: float, status: str) -> None:
    groups = claim_groups([
        item("a", claim("price", percent, who="bread", location=None, unit="percent")),
        item("b", claim("price", 70, who="bread", location=None, value_max=120,
                        unit="crowns per loaf", change=True)),
    ])
    assert only(groups, "price").status == status


@pytest.mark.parametrize(("new", "status"), [(130, "agree"), (160, "contradicts")])
def test_a_range_of_prices_is_a_level_not_a_change(new: float, status: str) -> None:
    groups = claim_groups([
        item("a", claim("price", 100, who="rice", unit="pesos per kilo", value_max=140)),
        item("b", claim("price", 60, who="rice", unit="pesos per kilo", value_max=new,
                        change=True)),
    ])
    group = only(groups, "price")
    assert (group.unit, group.status) == ("ratio", status)
    assert group.low == group.high == pytest.approx(new / 60)


def test_bare_prices_compare_only_in_the_same_unit() -> None:
    groups = claim_groups([
        item("a", claim("price", 120, who="diesel", unit="crowns per liter")),
        item("b", claim("price", 150, who="diesel", unit="crowns per liter")),
        item("c", claim("price", 2, who="diesel", unit="dollars per gallon")),
    ])
    prices = [(g.unit, g.status) for g in groups]
    assert prices == [("crowns per liter", "contradicts"), ("dollars per gallon", "single")]


def test_groups_separate_scopes_and_armed_groups_and_join_generic_counts() -> None:
    groups = claim_groups([
        item("a", claim("killed", 8, who="protesters"),
             claim("killed", 3, who="security_forces"),
             claim("killed", 40, location="Verdania")),
        item("b", claim("killed", 8, who="people"), claim("killed", 3, who="security_forces",
                                                         location=None)),
    ])
    keys = [(g.who, g.location, g.status) for g in groups]
    assert keys == [
        ("people", "Verdania", "single"),
        ("protesters", "Port Verda", "agree"),
        ("security_forces", "Port Verda", "agree"),
    ]


def test_crowds_of_different_days_are_different_groups() -> None:
    groups = claim_groups([
        item("a", claim("participants", 500, who="protesters", as_of="2031-05-08")),
        item("b", claim("participants", 5000, who="protesters", as_of="2031-05-09")),
    ])
    assert [g.status for g in groups] == ["single", "single"]
    assert len({g.id for g in groups}) == 2


def test_intervals_follow_the_qualifiers() -> None:
    assert interval(10, "at_least") == (10, 15)
    assert interval(12, "vague") == (12, 100)  # "dozens": fewer than "hundreds"
    assert interval(1000, "vague") == (1000, 10000)
    assert interval(100, "about") == (75, 125)
    assert interval(40, "exact", 60) == (40, 60)


CORPUS = [
    item("a", claim("killed", 10), claim("arrested", 50, "about"),
         claim("price", 2, who="fuel", unit="ratio"), published="2031-05-05"),
    item("b", claim("killed", 30, "at_least"), claim("arrested", 12, "vague"),
         published="2031-05-06"),
    item("c", claim("killed", 31), claim("price", 50, who="fuel", unit="percent"),
         published="2031-05-06"),
    item("d", claim("killed", 10), published=None, copy_of="a"),
]


@settings(max_examples=25, deadline=None)
@given(st.permutations(CORPUS))
def test_the_same_documents_in_any_order_give_the_same_ledger(
    order: list[ReconcileItem],
) -> None:
    assert [g.to_dict() for g in claim_groups(order)] == [
        g.to_dict() for g in claim_groups(CORPUS)
    ]


def test_ids_are_stable_and_distinct() -> None:
    groups = claim_groups(CORPUS)
    assert [g.status for g in groups] == ["grows", "agree", "contradicts"]
    assert len({g.id for g in groups}) == len(groups)
    assert all(g.id.startswith("g-") and len(g.id) == 14 for g in groups)
    shuffled = CORPUS[:]
    random.Random(7).shuffle(shuffled)
    assert [g.id for g in claim_groups(shuffled)] == [g.id for g in groups]


# The seed reports, extracted for real (issue 3, "What it must show").


@pytest.fixture(scope="module")
def seeds(shared_dir: Path) -> list[ReconcileItem]:
    return [
        ReconcileItem(gold.document, extract(gold.document))
        for gold in load_gold(shared_dir / "gold" / "seeds.json")
    ]


def _group(groups: list[ClaimGroup], measure: str, who: str | None = None) -> ClaimGroup:
    found = [g for g in groups if g.measure == measure and (who is None or g.who == who)]
    assert len(found) == 1, [(g.measure, g.who, g.location, g.status) for g in groups]
    return found[0]


def test_seed_arrests_grow_and_security_deaths_agree(seeds: list[ReconcileItem]) -> None:
    groups = claim_groups(seeds)
    arrests = _group(groups, "arrested")
    assert arrests.status == "grows"
    assert (arrests.low, arrests.high) == (200, 2000)
    killed = _group(groups, "killed", "security_forces")
    assert killed.status == "agree"
    assert [c.value for c in killed.claims] == [13, 13]


def test_seed_gas_price_contradicts(seeds: list[ReconcileItem]) -> None:
    assert _group(claim_groups(seeds), "price").status == "contradicts"


def test_seed_gas_price_contradicts_with_the_from_price_as_gold_codes_it(
    seeds: list[ReconcileItem], shared_dir: Path
) -> None:
    """The ledger's half: with each extracted price carrying the from -> to pair the gold file
    gives for the same quote, the doubling and the rise to 120 disagree."""
    gold = json.loads((shared_dir / "gold" / "seeds.json").read_text(encoding="utf-8"))
    pairs = {
        (doc_id, c["quote"]): (c["value"], c["value_max"])
        for doc_id, entry in gold["documents"].items()
        for c in entry["claims"]
        if c["measure"] == "price" and c.get("value_max")
    }
    assert pairs
    fixed = []
    for seed in seeds:
        claims = []
        for c in seed.facts.claims:
            for (doc_id, quote), (low, high) in pairs.items():
                if doc_id == seed.facts.id and c.measure == "price" and c.quote in quote:
                    c = dataclasses.replace(c, value=low, value_max=high)
            claims.append(c)
        fixed.append(dataclasses.replace(
            seed, facts=dataclasses.replace(seed.facts, claims=claims)))
    assert _group(claim_groups(fixed), "price").status == "contradicts"
