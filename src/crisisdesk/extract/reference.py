"""Event nouns that a sentence refers to rather than reports.

A news sentence often names a happening only as the topic, stance or argument of something
else, or as absent: "analysts are alarmed about the protests", "an inquiry into the killings",
"residents who oppose the roadblocks", "the army cracked down on the demonstrations", "the
crackdown shows how weak the regime is", "the absence of violence". Such a sentence does not
report the protest, killing or roadblock (that is done where it is told), so the noun is no
event mention. :func:`is_reference` tells these uses apart on the dependency parse alone (no
extra pass).

Not references, on the development gold's convention: the object of a verb judging a particular
happening ("condemned the killing"), a time frame ("arrested during the protests"), and a
grievance after "against" ("marched against the crackdown") — each is counted as a mention.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from crisisdesk.text import word_set

# Nouns of absence: "the absence of violence", "a lack of arrests" name what did not happen.
_ABSENCE = word_set("absence lack")
# Prepositions whose object is what is talked or felt about: "alarmed about the protests".
_TOPIC_PREPOSITIONS = word_set("about regarding concerning")
# Prepositions whose object is a topic when they attach to a common noun ("an interview on the
# protests", "an inquiry into the deaths", "justice for victims of brutality") but may report it
# after a verb ("police fired on the march", "the rally turned into a riot", "gathered for a
# rally").
_NOUN_TOPIC_PREPOSITIONS = word_set("on into for")
# Phrasal verbs "<verb> down on X" that act on X: "cracked down on the protests".
_DOWN_ON = word_set("crack cracks cracked cracking clamp clamps clamped clamping")
# Verbs of stance towards a happening, or of acting within it, whose object is named, not
# reported: "who oppose the roadblocks", "defied the curfew", "infiltrated the march".
_STANCE_VERBS = word_set(
    "oppose opposes opposed opposing support supports supported supporting defy defies defied "
    "defying infiltrate infiltrates infiltrated infiltrating")
# Verbs of signifying whose subject is a happening used as an argument: "the intervention shows
# that ...", "the strikes reflect anger at ...".
_SIGNIFYING_VERBS = word_set(
    "show shows showed shown demonstrate demonstrates demonstrated prove proves proved proven "
    "illustrate illustrates illustrated reflect reflects reflected reveal reveals revealed "
    "indicate indicates indicated mean means meant suggest suggests suggested highlight "
    "highlights highlighted underline underlines underlined underscore underscores underscored")
# How many links (coordination, "of") a noun phrase may be climbed ("the use of force", "victims
# of police brutality"); news noun phrases rarely nest deeper.
_MAX_LINKS = 3


def _phrase_head(noun: Token) -> Token:
    """The noun heading the phrase ``noun`` is part of: through coordination ("demonstrations
    and roadblocks") and "of" links ("victims of brutality", "the use of force")."""
    for _ in range(_MAX_LINKS):
        if noun.dep_ in ("conj", "appos"):
            noun = noun.head
        elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
            noun = noun.head.head
        else:
            break
    return noun


def _topic_of_preposition(noun: Token) -> bool:
    preposition = noun.head
    governor = preposition.head
    if preposition.lower_ in _TOPIC_PREPOSITIONS:
        return True
    if preposition.lower_ in _NOUN_TOPIC_PREPOSITIONS and governor.pos_ == "NOUN":
        return True
    return preposition.lower_ == "on" and governor.lower_ in _DOWN_ON


def is_reference(trigger: Token, segment: Span) -> bool:
    """Whether the noun ``trigger`` is named as a topic, stance or argument (see the module
    docstring) rather than reported. Only parse links inside ``segment`` count: an attachment
    across a line break (a headline glued to the next line) is not trusted."""
    noun = _phrase_head(trigger)
    head = noun.head
    if not (segment.start <= noun.i < segment.end and segment.start <= head.i < segment.end):
        return False
    if noun.i != trigger.i and noun.lower_ in _ABSENCE:
        return True
    if noun.dep_ == "pobj":
        return segment.start <= head.head.i < segment.end and _topic_of_preposition(noun)
    if noun.dep_ == "nsubj":
        return head.lower_ in _SIGNIFYING_VERBS
    return noun.dep_ == "dobj" and head.lower_ in _STANCE_VERBS
