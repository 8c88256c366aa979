"""Entity resolution across invented reports: spellings, partial names, acronyms, places."""

from __future__ import annotations

from crisisdesk.reconcile import ResolvedActor, reconcile
from crisisdesk.records import Actor
from tests.reconcile.builders import event, item, place


def _person(name: str) -> Actor:
    return Actor(name, name, "person")


def _actors(*docs: list[Actor]) -> list[ResolvedActor]:
    return reconcile([item(f"d{i}", actors=actors) for i, actors in enumerate(docs)]).actors


def test_transliterations_and_a_bare_surname_are_one_person() -> None:
    actors = _actors(
        [_person("Dzhamal Khasanov")],
        [_person("Jamal Hasanov")],
        [_person("Djamal Khasanov"), _person("Khasanov")],
        [_person("Jamal Hasanov")],
    )
    assert actors == [
        ResolvedActor(
            canonical="Jamal Hasanov",
            type="person",
            variants=["Djamal Khasanov", "Dzhamal Khasanov", "Jamal Hasanov", "Khasanov"],
            documents=["d0", "d1", "d2", "d3"],
        )
    ]


def test_a_surname_two_people_share_stays_apart() -> None:
    actors = _actors([_person("Jamal Hasanov")], [_person("Rustam Hasanov")],
                     [_person("Hasanov")])
    assert sorted(a.canonical for a in actors) == ["Hasanov", "Jamal Hasanov", "Rustam Hasanov"]


def test_different_people_are_not_merged() -> None:
    actors = _actors([_person("Marie Dubois")], [_person("Pierre Martin")])
    assert len(actors) == 2


def test_an_acronym_joins_its_expansion_across_documents() -> None:
    actors = _actors(
        [Actor("ULF", "ULF", "organisation")],
        [Actor("United Liberation Front", "United Liberation Front", "organisation")],
        [Actor("the United Liberation Front", "United Liberation Front", "organisation")],
        [Actor("UNF", "UNF", "organisation")],
        [Actor("The Movement for Democratic Change", "The Movement for Democratic Change",
               "organisation")],
        [Actor("MDC", "MDC", "organisation")],
    )
    assert [(a.canonical, a.variants, a.documents) for a in actors] == [
        ("United Liberation Front",
         ["ULF", "United Liberation Front", "the United Liberation Front"],
         ["d0", "d1", "d2"]),
        ("The Movement for Democratic Change",
         ["MDC", "The Movement for Democratic Change"], ["d4", "d5"]),
        ("UNF", ["UNF"], ["d3"]),
    ]


def test_groups_match_by_normalised_name() -> None:
    actors = _actors([Actor("Protesters", "protesters", "group")],
                     [Actor("protesters", "protesters", "group")])
    assert [(a.canonical, a.documents) for a in actors] == [("protesters", ["d0", "d1"])]


def test_event_actors_use_the_resolved_name() -> None:
    situation = reconcile([
        item("a", actors=[_person("Dzhamal Khasanov")],
             events=[event("arrests", "Khasanov was detained", "Lyon", "2031-03-10",
                           actors=("Dzhamal Khasanov",))]),
        item("b", actors=[_person("Jamal Hasanov")]),
        item("c", actors=[_person("Jamal Hasanov")]),
    ])
    assert situation.events[0].actors == ["Jamal Hasanov"]


def test_places_are_grouped_by_geonames_id_with_their_spellings() -> None:
    situation = reconcile([
        item("a", places=[place("Lyon", "Lugdunum"), place("France")]),
        item("b", places=[place("Lyon"), place("Lyon", "LYON")]),
    ])
    assert [(p.canonical, p.variants, p.documents) for p in situation.places] == [
        ("Lyon", ["LYON", "Lugdunum", "Lyon"], ["a", "b"]),
        ("France", ["France"], ["a"]),
    ]
