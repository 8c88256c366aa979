"""Controlled vocabularies: event kinds with their ACLED mapping, claim measures, qualifiers.

Event kinds are crisisdesk's own names (the ones the gold files use). Each maps to exactly one
ACLED (event_type, sub_event_type) for export; ``family`` groups kinds that annotators and
outlets use interchangeably for the same happening (a "clash" in one report is a "riot" in
another), which is the unit ``eval`` matches on.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EventKind:
    name: str
    acled_event_type: str
    acled_sub_event_type: str
    family: str


_PROTESTS = "Protests"
_RIOTS = "Riots"
_BATTLES = "Battles"
_VIOLENCE = "Violence against civilians"
_EXPLOSIONS = "Explosions/Remote violence"
_STRATEGIC = "Strategic developments"

EVENT_KINDS: dict[str, EventKind] = {
    k.name: k
    for k in [
        # Demonstrations
        EventKind("protest", _PROTESTS, "Peaceful protest", "protest"),
        EventKind("protest_with_intervention", _PROTESTS, "Protest with intervention", "protest"),
        EventKind("excessive_force", _PROTESTS, "Excessive force against protesters", "violence"),
        EventKind("riot", _RIOTS, "Violent demonstration", "violence"),
        EventKind("mob_violence", _RIOTS, "Mob violence", "violence"),
        # Political violence
        EventKind("clash", _BATTLES, "Armed clash", "violence"),
        EventKind("territory_change", _BATTLES, "Government regains territory", "violence"),
        EventKind("killing", _VIOLENCE, "Attack", "violence"),
        EventKind("attack", _VIOLENCE, "Attack", "violence"),
        EventKind("abduction", _VIOLENCE, "Abduction/forced disappearance", "violence"),
        EventKind("sexual_violence", _VIOLENCE, "Sexual violence", "violence"),
        EventKind("storming_or_occupation", _RIOTS, "Violent demonstration", "violence"),
        EventKind("explosion", _EXPLOSIONS, "Remote explosive/landmine/IED", "violence"),
        EventKind("shelling", _EXPLOSIONS, "Shelling/artillery/missile attack", "violence"),
        EventKind("air_strike", _EXPLOSIONS, "Air/drone strike", "violence"),
        # Strategic developments
        EventKind("arrests", _STRATEGIC, "Arrests", "arrests"),
        EventKind("arson_or_property_destruction", _STRATEGIC,
                  "Looting/property destruction", "property"),
        EventKind("looting", _STRATEGIC, "Looting/property destruction", "property"),
        EventKind("agreement", _STRATEGIC, "Agreement", "policy"),
        EventKind("headquarters_established", _STRATEGIC, "Headquarters or base established",
                  "other"),
        EventKind("disrupted_weapons_use", _STRATEGIC, "Disrupted weapons use", "other"),
        EventKind("change_to_group", _STRATEGIC, "Change to group/activity", "other"),
        EventKind("territory_transfer", _STRATEGIC, "Non-violent transfer of territory", "other"),
        EventKind("other", _STRATEGIC, "Other", "other"),
        # Finer kinds crises turn on, all filed by ACLED under Strategic developments
        EventKind("state_of_emergency", _STRATEGIC, "Change to group/activity", "restriction"),
        EventKind("curfew", _STRATEGIC, "Change to group/activity", "restriction"),
        EventKind("internet_shutdown", _STRATEGIC, "Change to group/activity", "restriction"),
        EventKind("shoot_to_kill_order", _STRATEGIC, "Change to group/activity", "restriction"),
        EventKind("government_resignation", _STRATEGIC, "Change to group/activity", "policy"),
        EventKind("troop_deployment", _STRATEGIC, "Change to group/activity", "troops"),
        EventKind("price_change", _STRATEGIC, "Other", "policy"),
        EventKind("policy_concession", _STRATEGIC, "Agreement", "policy"),
    ]
}


def kind_family(kind: str) -> str:
    """The matching family of an event kind; unknown kinds are their own family."""
    known = EVENT_KINDS.get(kind)
    return known.family if known else kind


MEASURES = (
    "killed",
    "injured",
    "arrested",
    "hospitalized",
    "intensive_care",
    "participants",
    "troops",
    "missing",
    "price",
    "other",
)

QUALIFIERS = ("exact", "at_least", "more_than", "about", "up_to", "vague")

# How ACLED codes vague amounts ("dozens" -> 12); the values the gold files use too.
VAGUE_AMOUNTS: dict[str, int] = {
    "a few": 3,
    "several": 3,
    "a dozen": 12,
    "dozens": 12,
    "scores": 20,
    "tens": 10,
    "hundreds": 100,
    "thousands": 1000,
    "tens of thousands": 10000,
    "hundreds of thousands": 100000,
    "millions": 1000000,
}

ACTOR_GROUPS = ("protesters", "security_forces", "foreign_troops", "government")

# ACLED precision codes, for time and for place.
PRECISION_EXACT = 1
PRECISION_NEAR = 2
PRECISION_BROAD = 3
