"""Event clustering across invented reports: one happening, many mentions; apart what differs."""

from __future__ import annotations

from crisisdesk.reconcile import Situation, SituationEvent, reconcile
from crisisdesk.reconcile.clusters import merge_key
from tests.reconcile.builders import COPY, INDEPENDENT, WIRE, event, item


def _only(situation: Situation, kind_prefix: str = "") -> SituationEvent:
    events = [e for e in situation.events if e.kind.startswith(kind_prefix)]
    assert len(events) == 1, [(e.kind, e.location, e.sources) for e in events]
    return events[0]


def test_one_happening_across_reports_is_one_event() -> None:
    situation = reconcile([
        item("a", published="2031-03-10",
             events=[event("riot", "strikers set tyres on fire", "Lyon", "2031-03-10")]),
        item("b", published="2031-03-11",
             events=[event("clash", "police clashed with strikers", "Villeurbanne",
                           "2031-03-10")]),
        item("c", published="2031-03-12",
             events=[event("clash", "unrest in the transport strike", "France")]),
    ])
    ev = _only(situation)
    assert ev.sources == ["a", "b", "c"]
    assert ev.independent_sources == 3
    assert ev.location == "Lyon" and ev.country == "FR"
    assert ev.date == "2031-03-10" and ev.first_reported == "2031-03-10"
    assert [m.doc for m in ev.mentions] == ["a", "b", "c"]


def test_two_reports_of_one_outlet_count_once() -> None:
    situation = reconcile([
        item("mon", published="2031-03-10", source="Rhone Wire",
             events=[event("riot", "strikers set tyres on fire", "Lyon", "2031-03-10")]),
        item("tue", published="2031-03-11", source="Rhone Wire",
             events=[event("riot", "Monday's rioting in Lyon", "Lyon", "2031-03-10")]),
        item("other", published="2031-03-11",
             events=[event("riot", "burning tyres", "Lyon", "2031-03-10")]),
    ])
    ev = _only(situation)
    assert ev.sources == ["mon", "other", "tue"]
    assert ev.independent_sources == 2


def test_a_copy_counts_once() -> None:
    situation = reconcile([
        item("wire", WIRE, "2031-03-10",
             events=[event("riot", "set tyres on fire", "Lyon", "2031-03-10")]),
        item("copy", COPY, "2031-03-11",
             events=[event("riot", "set tyres on fire", "Lyon", "2031-03-10")]),
        item("own", INDEPENDENT, "2031-03-11",
             events=[event("riot", "burning tyres", "Lyon", "2031-03-10")]),
    ])
    ev = _only(situation)
    assert ev.sources == ["wire", "copy", "own"]
    assert ev.independent_sources == 2
    assert {d.id: d.duplicate_of for d in situation.documents} == {
        "wire": None, "copy": "wire", "own": None
    }


def test_distant_towns_stay_apart() -> None:
    situation = reconcile([
        item("a", events=[event("protest", "rally", "Lyon", "2031-03-10")]),
        item("b", events=[event("protest", "rally", "Marseille", "2031-03-10")]),
    ])
    assert sorted(e.location or "" for e in situation.events) == ["Lyon", "Marseille"]


def test_dates_beyond_the_window_stay_apart() -> None:
    situation = reconcile([
        item("a", events=[event("protest", "rally", "Lyon", "2031-03-02")]),
        item("b", events=[event("protest", "rally", "Lyon", "2031-03-09")]),
        item("c", events=[event("protest", "rally", "Lyon", "2031-03-03")]),
    ])
    assert [(e.date, e.sources) for e in situation.events] == [
        ("2031-03-02", ["a", "c"]),
        ("2031-03-09", ["b"]),
    ]


def test_a_historical_mention_never_merges_with_a_current_one() -> None:
    situation = reconcile([
        item("a", events=[
            event("killing", "troops shot strikers dead", "Lyon", "2031-03-10"),
            event("killing", "as in the massacre of 2019", "Lyon", "2019-05-01",
                  start=40, precision=3, historical=True),
        ]),
        item("b", events=[event("killing", "a striker was shot", "Lyon")]),
        item("c", events=[event("killing", "the massacre", "Lyon", historical=True)]),
        item("d", events=[event("killing", "a massacre back then", "Villeurbanne",
                                historical=True)]),
    ])
    current = [e for e in situation.events if not e.historical]
    past = [e for e in situation.events if e.historical]
    assert [e.sources for e in current] == [["a", "b"]]
    # undated past happenings join each other, not the dated one (which may be another)
    assert sorted(e.sources for e in past) == [["a"], ["c", "d"]]
    assert all(e.date in (None, "2019-05-01") for e in past)


def test_a_mention_dated_years_earlier_stays_apart_even_if_not_marked_historical() -> None:
    situation = reconcile([
        item("a", published=None, events=[
            event("government_resignation", "the cabinet resigned", "France"),
            event("government_resignation", "in 2025 he resigned", "France", "2025-01-01",
                  precision=3),
        ]),
        item("b", published="2031-03-10",
             events=[event("government_resignation", "the cabinet quit", "France")]),
    ])
    assert sorted(e.sources for e in situation.events) == [["a"], ["b", "a"]]


def test_strategic_kinds_merge_only_with_their_own_kind() -> None:
    situation = reconcile([
        item("a", events=[event("curfew", "a night curfew", "Lyon", "2031-03-10")]),
        item("b", events=[event("internet_shutdown", "mobile data cut", "Lyon", "2031-03-10")]),
        item("c", events=[event("looting", "shops looted", "Lyon", "2031-03-10")]),
        item("d", events=[event("arson_or_property_destruction", "a depot burned", "Lyon",
                                "2031-03-10")]),
    ])
    assert sorted((e.kind, len(e.sources)) for e in situation.events) == [
        ("arson_or_property_destruction", 2), ("curfew", 1), ("internet_shutdown", 1)
    ]
    assert merge_key("riot") == merge_key("clash")
    assert merge_key("curfew") != merge_key("state_of_emergency")


def test_a_region_joins_an_event_in_one_of_its_towns_but_two_towns_do_not_chain() -> None:
    situation = reconcile([
        item("a", events=[event("protest", "march", "Lyon", "2031-03-10")]),
        item("b", events=[event("protest", "march", "Auvergne-Rhône-Alpes", "2031-03-10")]),
        item("c", events=[event("protest", "march", "Marseille", "2031-03-10")]),
        item("d", events=[event("protest", "marches nationwide", "France", "2031-03-10")]),
    ])
    assert sorted(e.sources for e in situation.events) == [["a", "b", "d"], ["c"]]


def test_an_unlocated_mention_counts_as_its_documents_country() -> None:
    situation = reconcile([
        item("a", events=[event("arrests", "dozens detained", "Lyon", "2031-03-10")]),
        item("b", events=[event("arrests", "police detained dozens", None, "2031-03-10")],
             places=[]),
    ])
    assert sorted(e.sources for e in situation.events) == [["a"], ["b"]]
    situation = reconcile([
        item("a", events=[event("arrests", "dozens detained", "Lyon", "2031-03-10")]),
        item("b", events=[event("arrests", "police detained dozens", None, "2031-03-10")],
             places=[*item("x", events=[event("arrests", "x", "France")]).facts.places]),
    ])
    assert [e.sources for e in situation.events] == [["a", "b"]]


def test_a_mention_dated_years_before_its_report_becomes_background() -> None:
    situation = reconcile([
        item("a", published="2031-03-10", events=[
            event("curfew", "a night curfew in Lyon", "Lyon", "2031-03-09"),
            event("curfew", "the last curfew, in March 2024", "Lyon", "2024-03-01",
                  precision=3),
        ]),
        item("b", published=None, events=[
            event("curfew", "the city was last under curfew in 2027", "Lyon", "2027-06-01",
                  precision=3),
            event("curfew", "the curfew in Lyon", "Lyon", "2031-03-09"),
        ]),
        item("c", published="2031-03-10",
             events=[event("curfew", "a curfew three weeks ago", "Lyon", "2031-02-17")]),
    ])
    past = sorted((e.date, e.historical) for e in situation.events if e.historical)
    assert past == [("2024-03-01", True), ("2027-06-01", True)]
    current = sorted(e.date or "" for e in situation.events if not e.historical)
    assert current == ["2031-02-17", "2031-03-09"]  # weeks before is still the crisis
