"""Events: the happenings a report tells of, one mention per (kind, sentence, place).

Reads the parse (``analysis.doc``), place, time and actor mentions; adds
:class:`crisisdesk.records.Event` records. The steps:

1. split the text into segments — spaCy sentences, cut again at line breaks (headlines and
   captions have no full stop) — and drop boilerplate (donation pleas, author bios, link
   lists);
2. find trigger words and phrases of each kind (general English news vocabulary, matched on
   word forms since lemmas are not computed; some need a context word nearby: "sent" is a
   deployment only near "troops");
3. keep a trigger only if it reports a happening: not negated, not under a modal or future
   auxiliary, not the infinitive of a plan or appeal ("called for", "threatened to"), not in
   a conditional, a question or a habit ("police routinely beat detainees"), and, for a noun,
   not merely named as a topic, stance or argument ("alarmed about the protests", see
   :mod:`crisisdesk.extract.reference`);
4. one event per (kind, segment), with the clause that reports it as its quote, dated and
   placed by :mod:`crisisdesk.extract.anchors` (one event per place when the sentence lists
   several coordinated places), the actors named in the sentence, and a historical flag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from crisisdesk import vocab
from crisisdesk.extract.anchors import date_for, is_historical, place_for, places_listed_with
from crisisdesk.extract.context import Analysis
from crisisdesk.extract.reference import is_reference
from crisisdesk.records import Event
from crisisdesk.text import word_set

# --- vocabulary ---------------------------------------------------------------------------------

# Context words some triggers need nearby (see _Trigger.needs).
_TROOPS = word_set(
    "troops troop soldiers soldier army military units unit contingent contingents peacekeepers "
    "peacekeeping paratroopers servicemen personnel tanks armoured armored guardsmen policemen "
    "battalions battalion brigades forces")
_BUILDINGS = word_set(
    "building buildings palace office offices headquarters station stations airport airports "
    "administration parliament hall residence ministry embassy compound base barracks tower "
    "secretariat court courthouse prison jail television broadcaster studio studios premises "
    "town city square bridge port mine plant refinery")
_GOVERNMENT = word_set(
    "government cabinet minister ministers premier governor governors mayor chief commander "
    "officials head heads")
_PRICES = word_set(
    "price prices cost costs fare fares tariff tariffs cap subsidy subsidies tax taxes")
_POLICIES = word_set(
    "tax taxes plan plans reform reforms bill law laws decree decrees measure measures unit squad "
    "price prices cap hike hikes increase increases decision policy regulation regulations "
    "transition subsidy subsidies fee fees ban order")
_DEMANDS = word_set("demands demand conditions")
_INTERNET = word_set(
    "internet online web broadband connection connectivity network networks messenger messengers "
    "telegram whatsapp facebook twitter instagram youtube signal media websites sites "
    "telecommunications communications mobile data phone phones lines")
_ROADS = word_set(
    "road roads highway highways thoroughfare thoroughfares street streets bridge bridges "
    "traffic junction junctions intersection intersections railway railways route routes")
_FIRED_AT = word_set(
    "at shots tear gas bullets rounds ammunition warning canister canisters grenade grenades "
    "live weapons guns gun")
_GATHERINGS = word_set(
    "gatherings gathering demonstrations protests rallies assemblies meetings marches")
_CLOSABLE = word_set(
    "station stations metro airport airports border borders school schools road roads "
    "shops markets universities offices")


@dataclass(frozen=True)
class _Trigger:
    """One trigger word (by base form): the kind it signals and what it needs.

    ``pos`` limits the part of speech ("V" verb, "N" noun, "" any); ``needs``, when set, is a
    set of context words one of which must occur within :data:`_WINDOW` tokens.
    """

    kind: str
    pos: str = ""
    needs: frozenset[str] = frozenset()
    # "intransitive": only without an object ("they demonstrated", not "it demonstrated that");
    # "transitive": only with one ("police dispersed the crowd", not "the crowd dispersed").
    valency: str = ""
    # Where ``needs`` is looked for: "window" (near the word) or "context" (this segment or the
    # one before: "The outage lasted eight hours" follows the sentence naming the internet).
    scope: str = "window"


def _entries(words: str, kind: str, **options: object) -> dict[str, _Trigger]:
    trigger = _Trigger(kind, **options)  # type: ignore[arg-type]
    return {word: trigger for word in words.split()}


# Base forms -> trigger. Earlier entries of the list win for a word with several uses.
_WORD_GROUPS: list[dict[str, _Trigger]] = [
    _entries("protest rally march picket vigil walkout sit-in gathering", "protest"),
    _entries("demonstration strike roadblock blockade", "protest", pos="N"),
    _entries("gather chant", "protest", pos="V"),
    _entries("demonstrate", "protest", pos="V", valency="intransitive"),
    _entries("block", "protest", pos="V", needs=_ROADS),
    _entries("clash skirmish scuffle confrontation crackdown repression brutality violence",
             "clash"),
    _entries("fighting", "clash", pos="N"),
    _entries("shoot wound injure gunfire injury", "clash"),
    _entries("disperse", "clash", pos="V", valency="transitive"),
    _entries("fire", "clash", pos="V", needs=_FIRED_AT),
    _entries("attack assault beat", "attack"),
    _entries("riot rioting rampage disturbance", "riot"),
    _entries("kill murder massacre assassinate die death killing fatality assassination",
             "killing"),
    _entries("dead", "killing", pos="ADJ"),
    _entries("abduct kidnap abduction kidnapping", "abduction"),
    _entries("rape", "sexual_violence"),
    _entries("arrest detain detention apprehend jail imprison", "arrests"),
    _entries("burn torch raze destroy vandalize vandalise smash topple arson damage ablaze",
             "arson_or_property_destruction"),
    _entries("loot looting rob ransack plunder pillage", "looting"),
    _entries("storm storming occupy occupation", "storming_or_occupation"),
    _entries("seize capture overrun", "storming_or_occupation", needs=_BUILDINGS),
    _entries("deploy deployment", "troop_deployment"),
    _entries("send dispatch bring pull move station mobilize mobilise airlift spot see patrol "
             "intervention presence", "troop_deployment", needs=_TROOPS),
    _entries("curfew", "curfew"),
    _entries("cut shut switch block disable restrict throttle disconnect suspend",
             "internet_shutdown", needs=_INTERNET),
    _entries("shutdown blackout outage offline", "internet_shutdown", needs=_INTERNET,
             scope="context"),
    _entries("resign resignation", "government_resignation"),
    _entries("dismiss sack oust", "government_resignation", needs=_GOVERNMENT),
    _entries("double triple rise increase jump soar hike surge spike climb skyrocket raise lift "
             "remove elimination removal eliminate liberalize liberalise", "price_change",
             needs=_PRICES),
    _entries("cut lower reduce slash freeze", "policy_concession", needs=_PRICES),
    _entries("reverse revoke scrap withdraw repeal abolish dissolve disband postpone suspend "
             "cancel shelve rescind annul reinstate restore closure disbandment dissolution "
             "reversal withdrawal suspension postponement", "policy_concession",
             needs=_POLICIES),
    _entries("meet accept grant", "policy_concession", pos="V", needs=_DEMANDS),
    _entries("concession", "policy_concession", pos="N"),
    _entries("ban", "other", needs=_GATHERINGS),
    _entries("cordon", "other"),
    _entries("close", "other", pos="V", needs=_CLOSABLE),
]
_WORDS: dict[str, list[_Trigger]] = {}
for _group in _WORD_GROUPS:
    for _word, _trigger in _group.items():
        _WORDS.setdefault(_word, []).append(_trigger)

# Irregular inflections -> base form.
_IRREGULAR = {
    "shot": "shoot", "burnt": "burn", "fought": "fight", "took": "take", "taken": "take",
    "broke": "break", "broken": "break", "sent": "send", "brought": "bring", "met": "meet",
    "rose": "rise", "risen": "rise", "beaten": "beat", "struck": "strike", "overran": "overrun",
    "stole": "steal", "stolen": "steal", "seen": "see", "saw": "see", "died": "die",
    "dying": "die", "lit": "light", "dead": "dead", "cut": "cut", "shut": "shut",
}

# Verbs and prepositions of using a weapon: "fired tear gas", "shot at people with stun
# grenades" (a water cannon merely brought into town is a deployment, not a clash).
_USE = word_set(
    "use used uses using fire fired fires firing shoot shot shooting lob lobbed spray sprayed "
    "throw threw thrown hurl hurled with of")
_NO_NEEDS: frozenset[str] = frozenset()

# Several-word triggers, matched on the segment's text: (pattern, kind, context words needed).
_PHRASES: list[tuple[re.Pattern[str], str, frozenset[str]]] = [
    (re.compile(r"\bshoot[\s-]+to[\s-]+kill\b", re.I), "shoot_to_kill_order", _NO_NEEDS),
    (re.compile(r"\b(?:states? of (?:emergency|siege)|emergency rule|martial law)\b", re.I),
     "state_of_emergency", _NO_NEEDS),
    (re.compile(r"\b(?:took|take|taking|takes|taken) to the streets?\b", re.I), "protest",
     _NO_NEEDS),
    (re.compile(r"\b(?:are|were|is|was) on the streets?\b", re.I), "protest", _NO_NEEDS),
    (re.compile(r"\bsit-ins?\b", re.I), "protest", _NO_NEEDS),
    (re.compile(r"\b(?:tear ?gas|rubber bullets|stun grenades?|water cannons?|live "
                r"(?:ammunition|rounds)|pellets|batons?)\b", re.I), "clash", _USE),
    (re.compile(r"\b(?:open|opens|opened|opening) fire\b", re.I), "clash", _NO_NEEDS),
    (re.compile(r"\b(?:used?|uses|using) (?:of )?(?:excessive |lethal |disproportionate |live )?"
                r"(?:force|firearms|weapons|guns)\b", re.I), "clash", _NO_NEEDS),
    # Not "death toll": a running toll ("the death toll reached 40") is a figure, which claims
    # record, not a happening; the killings it counts are events where they are told.
    (re.compile(r"\b(?:shot|gunned) dead\b|\bgun(?:s|ned)? down\b|\blost their lives\b",
                re.I), "killing", _NO_NEEDS),
    (re.compile(r"\b(?:set|sets|setting) (?:on )?fire\b|\b(?:set|sets|setting) ablaze\b|"
                r"\bon fire\b|\bin flames\b", re.I), "arson_or_property_destruction", _NO_NEEDS),
    (re.compile(r"\b(?:went|go|goes|going) on (?:a )?rampage\b|\b(?:turned|turns|turn) "
                r"violent\b", re.I), "riot", _NO_NEEDS),
    (re.compile(r"\b(?:broke|break|breaks|breaking|broken) into\b", re.I),
     "storming_or_occupation", _NO_NEEDS),
    (re.compile(r"\b(?:took|take|takes|taking|taken) over\b", re.I), "storming_or_occupation",
     _BUILDINGS),
    (re.compile(r"\b(?:rounded|round|rounds|rounding) up\b|\btaken into custody\b", re.I),
     "arrests", _NO_NEEDS),
    (re.compile(r"\b(?:step|steps|stepped|stepping) down\b", re.I), "government_resignation",
     _NO_NEEDS),
]
# Any of the phrases: one search tells the many segments with none of them from the rest
# (in case-folded text, case-sensitively: several times faster than re.I).
_ANY_PHRASE = re.compile("|".join(f"(?:{p.pattern})" for p, _, _ in _PHRASES))

# Tokens checked either side of a trigger for its context words; 6 covers "sent hundreds of
# extra troops" and "lifted the cap on the price" (measured on the development texts).
_WINDOW = 6

# Words that make what they govern a plan, appeal, threat or prohibition, not a happening.
_IRREALIS_GOVERNORS = word_set(
    "call calls called calling urge urges urged urging appeal appeals appealed appealing "
    "demand demands demanded demanding threaten threatens threatened threatening threat "
    "threats warn warns warned warning warnings caution cautions cautioned cautioning plan "
    "plans planned planning propose proposes proposed proposal vow vows vowed pledge pledges "
    "pledged promise promises promised petition petitions ask asks asked want wants wanted "
    "intend intends intended seek seeks sought prepare prepares prepared preparing consider "
    "considers considered discuss discusses discussed request requests requested prevent "
    "prevents prevented avoid avoided ban bans banned banning prohibit prohibited refuse "
    "refused deny denies denied fear fears risk possibility chance likely ready ahead")
_MODALS = word_set("will would could may might should shall must can cannot 'll 'd wo ca")
# Governors of a to-infinitive under which it still reports a happening ("began to march",
# "had to use", "are said to have joined", "forced ... to impose").
_REALIS_INFINITIVE = word_set(
    "begin begins began begun start starts started continue continues continued resume resumed "
    "manage managed force forced compel compelled try tried trying attempt attempted had "
    "said reported believed alleged known")
_NEGATIONS = word_set("not n't never")
# "without violence", "ahead of the rally", "instead of protests": the happening did not (yet)
# take place.
_NEGATIVE_PREPOSITIONS = word_set("without ahead instead")
_COPULAS = word_set("be is are was were been being 's 're seem seems seemed remain remains "
                     "remained")
# Predicates under which a copular sentence still reports its subject ("protests are ongoing").
_ONGOING = word_set("ongoing underway continuing widespread")
# Verbs whose subject is the happening itself: negating them negates it.
_OCCURRENCE = word_set(
    "take took taken takes taking occur occurs occurred happen happens happened erupt erupts "
    "erupted break broke broken begin begins began begun start starts started continue "
    "continues continued spread spreads resume resumed resumes escalate escalated escalates "
    "intensify intensified flare flared hold held rock rocked sweep swept hit hits")
# Head nouns a compound trigger may modify and still report a happening ("protest marches").
_EVENT_NOUNS = word_set("activities activity action actions events event march marches rally "
                         "rallies gatherings wave waves campaign")
# How far up the parse a check climbs; a news sentence is rarely deeper.
_MAX_DEPTH = 8
_CONDITIONS = word_set("if unless whether lest")
# Adverbs that make a clause a habit or generalisation, not a report of one happening ("police
# routinely beat detainees", "killings are regularly reported"); "repeatedly" is left out, as it
# tells of one episode ("police repeatedly fired tear gas on Sunday").
_HABITUAL = word_set("routinely regularly often frequently usually typically habitually commonly "
                     "generally sometimes always")

_SECURITY = word_set("police policemen soldiers troops army military security forces officers "
                      "guards")
_VIOLENT_INTERVENTION = word_set("killing excessive_force")

# --- boilerplate --------------------------------------------------------------------------------

# Searched in lower-cased lines: a case-sensitive search is five times faster than re.I here.
_BOILERPLATE = re.compile(
    r"donat|click (?:here|to)|subscribe|sign up|newsletter|all rights reserved|copyright|©|"
    r"follow us|read more|related (?:media|articles|stories|links)|share this|"
    r"\b(?:is|was) an? (?:\w+ ){0,3}(?:author|writer|journalist|reporter|correspondent|editor)"
    r"\b|https?://|www\."
)
_URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S*\s*$")


def _boilerplate_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines that are boilerplate: pleas, bios, URLs and the link titles above them."""
    spans: list[tuple[int, int]] = []
    lines: list[tuple[int, int]] = []
    at = 0
    for line in text.split("\n"):
        lines.append((at, at + len(line)))
        at += len(line) + 1
    for i, (start, end) in enumerate(lines):
        line = text[start:end]
        followed_by_url = i + 1 < len(lines) and _URL_LINE.match(text[slice(*lines[i + 1])])
        if _BOILERPLATE.search(line.lower()) or followed_by_url:
            spans.append((start, end))
    return spans


# --- segments and triggers ----------------------------------------------------------------------


def _bases(word: str) -> Iterator[str]:
    """Candidate base forms of an inflected English word (no lemmatizer: suffix rules)."""
    yield word
    if word in _IRREGULAR:
        yield _IRREGULAR[word]
    for suffix, replacements in (
        ("ies", ("y",)), ("ied", ("y",)), ("ying", ("ie", "y")), ("es", ("", "e")),
        ("s", ("",)), ("ed", ("", "e")), ("d", ("",)), ("ing", ("", "e")),
    ):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            for replacement in replacements:
                yield stem + replacement
            if len(stem) > 2 and stem[-1] == stem[-2] and suffix in ("ed", "ing"):
                yield stem[:-1]  # "stopped" -> "stop"


def _pos_ok(token: Token, pos: str) -> bool:
    if pos == "V":
        return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")
    if pos == "N":
        return token.pos_ in ("NOUN", "PROPN")
    if pos == "ADJ":
        return token.pos_ == "ADJ"
    return token.pos_ in ("VERB", "NOUN", "ADJ", "PROPN", "AUX") or token.tag_.startswith("VB")


def _near(token: Token, segment: Span, words: frozenset[str]) -> bool:
    """Whether one of ``words`` is within :data:`_WINDOW` tokens of ``token`` or is linked to it
    in the parse ("roads leading into the city that were blocked")."""
    lo = max(segment.start, token.i - _WINDOW)
    hi = min(segment.end, token.i + _WINDOW + 1)
    nearby = [t for t in token.doc[lo:hi] if t.i != token.i]
    linked = [token.head, *token.children]
    if token.dep_ in ("relcl", "acl"):
        linked.extend(token.head.children)
    return any(t.lower_ in words for t in nearby + linked if t.i != token.i)


def _in_context(segment: Span, previous: Span | None, words: frozenset[str]) -> bool:
    scope = [*segment, *(previous or ())]
    return any(t.lower_ in words for t in scope)


@lru_cache(maxsize=65536)
def _candidates(word: str) -> tuple[_Trigger, ...]:
    """The triggers a lower-case word may be, by its candidate base forms, in order (memoised:
    news repeats its words)."""
    return tuple(trigger for base in _bases(word) for trigger in _WORDS.get(base, ()))


def _word_trigger(token: Token, segment: Span, previous: Span | None) -> str | None:
    """The kind a single word signals in its context, or None."""
    candidates = _candidates(token.lower_)
    if token.is_stop or (not token.is_alpha and "-" not in token.text):
        return None
    if token.dep_ == "compound" and token.tag_.startswith("NN") and (
        token.head.lower_ not in _EVENT_NOUNS
    ):
        return None  # "riot police", "death penalty", but "protest activities"
    if token.dep_ == "amod" and token.tag_ in ("VBN", "VBD", "VBG"):
        return None  # "the increased price", "arrested protesters": a description, not a report
    if token.text == "March" and token.ent_type_ == "DATE":
        return None
    for trigger in candidates:
        if _fits(token, segment, previous, trigger):
            return trigger.kind
    return None


def _fits(token: Token, segment: Span, previous: Span | None, trigger: _Trigger) -> bool:
    """Whether ``token`` is used as ``trigger`` describes (part of speech, context, object)."""
    if not _pos_ok(token, trigger.pos):
        return False
    if trigger.needs:
        if trigger.scope == "context":
            if not _in_context(segment, previous, trigger.needs):
                return False
        elif not _near(token, segment, trigger.needs):
            return False
    has_object = any(c.dep_ in ("dobj", "ccomp", "nsubjpass", "auxpass", "agent")
                     for c in token.children)
    if trigger.valency == "intransitive" and has_object:
        return False
    return not (trigger.valency == "transitive" and not has_object)


def _trigger_words(doc: Doc) -> frozenset[int]:
    """The indices of the doc's tokens whose word may be a trigger: the only ones worth a
    ``Token`` object (making one per token was most of this step's time)."""
    strings = doc.vocab.strings
    return frozenset(i for i, lower in enumerate(doc.to_array(LOWER).tolist())
                     if _candidates(strings[lower]))


def _triggers(
    segment: Span, previous: Span | None, words: frozenset[int], text: str
) -> Iterator[tuple[Token, str]]:
    """(anchor token, kind) of every trigger in a segment of ``text``, phrases first; single
    words only among ``words`` (see :func:`_trigger_words`)."""
    doc = segment.doc
    used: set[int] = set()
    text = text[segment.start_char : segment.end_char]  # Span.text re-reads every token
    for pattern, kind, needs in _PHRASES if _ANY_PHRASE.search(text.casefold()) else ():
        for m in pattern.finditer(text):
            span = doc.char_span(segment.start_char + m.start(), segment.start_char + m.end(),
                                 alignment_mode="expand")
            if span is None or any(t.i in used for t in span):
                continue
            if needs and not _near(span.root, segment, needs):
                continue
            used.update(t.i for t in span)
            yield span.root, kind
    for i in range(segment.start, segment.end):
        if i in words and i not in used:
            word_kind = _word_trigger(doc[i], segment, previous)
            if word_kind is not None:
                yield doc[i], word_kind


# --- does the trigger report a happening? -------------------------------------------------------


def _is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def _clause_head(token: Token) -> Token:
    """The nearest verb at or above ``token`` (the token itself in a verbless headline)."""
    current = token
    for _ in range(_MAX_DEPTH):
        if _is_verb(current):
            return current
        if current.head.i == current.i:
            break
        current = current.head
    return token


def _irrealis(verb: Token) -> bool:
    """Negated, modal, future, conditional, or a to-infinitive under a non-realis governor."""
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in _NEGATIONS):
            return True
        if child.dep_ == "aux" and (child.lower_ in _MODALS or child.lower_ == "going"):
            return True
        if child.dep_ == "mark" and child.lower_ in _CONDITIONS:
            return True
        if child.dep_ == "advmod" and child.lower_ in _HABITUAL:
            return True
        if child.dep_ == "aux" and child.lower_ == "to" and (
            verb.head.i == verb.i or verb.head.lower_ not in _REALIS_INFINITIVE
        ):
            return True
    return False


def _predicative_as(verb: Token) -> bool:
    """A subjectless "as" clause that completes its head ("were not listed as detained",
    "reported as killed"): it is as real as the head is."""
    return verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
    ) and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _descriptive(verb: Token, trigger: Token) -> bool:
    """A copular judgement about a happening ("the protests are an example of ..."), or a
    forecast ("further clashes are likely"), rather than a report of it."""
    if verb.lower_ not in _COPULAS or trigger.dep_ != "nsubj" or trigger.head.i != verb.i:
        return False
    predicates = [c for c in verb.children if c.dep_ in ("attr", "acomp")]
    return bool(predicates) and not any(c.lower_ in _ONGOING for c in predicates)


def _realis_relative(trigger: Token) -> bool:
    """A noun whose relative clause reports it happened: "protests that erupted in April"."""
    return any(
        c.dep_ in ("relcl", "acl") and c.lower_ in _OCCURRENCE and not _irrealis(c)
        for c in trigger.children
    )


def _described_as_done(noun: Token) -> bool:
    """A noun with a past participle or relative clause telling what was done: "the curfew
    imposed by the governors" reports the curfew even where the sentence names it as a topic."""
    return any(
        c.dep_ in ("acl", "relcl") and c.tag_ in ("VBN", "VBD")
        and c.lower_ not in _IRREALIS_GOVERNORS and not _irrealis(c)
        for c in noun.children
    )


def _reports_happening(trigger: Token, segment: Span, text: str) -> bool:
    """False for negated, modal, future, planned, appealed-for or conditional triggers."""
    if text[segment.start_char : segment.end_char].rstrip().endswith("?"):
        return False
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in trigger.children):
        return False
    if trigger.head.lower_ in _NEGATIVE_PREPOSITIONS:
        return False
    is_noun = not _is_verb(trigger)
    if is_noun and _realis_relative(trigger):
        return True
    if is_noun and is_reference(trigger, segment) and not _described_as_done(trigger):
        return False
    verb = _clause_head(trigger)
    if _descriptive(verb, trigger):
        return False
    current = verb
    for _ in range(_MAX_DEPTH):
        if _irrealis(current):
            return False
        if current.head.i == current.i or not (
            current.dep_ in ("conj", "xcomp", "oprd") or _predicative_as(current)
        ):
            break
        current = current.head
    # A plan, appeal or prohibition above the trigger ("calls to storm", "plan strikes").
    current = trigger
    for _ in range(_MAX_DEPTH):
        if current.dep_ in ("advcl", "relcl") or current.head.i == current.i:
            break
        current = current.head
        if current.lower_ in _IRREALIS_GOVERNORS:
            return False
    return True


# --- building the events ------------------------------------------------------------------------


def _clause_span(head: Token, trigger: Token, segment: Span) -> tuple[int, int]:
    """Token bounds of the clause of ``head``, without sub-clauses that do not hold the trigger,
    kept within the segment."""
    lo, hi = head.i, head.i
    stack = [head]
    while stack:
        token = stack.pop()
        lo, hi = min(lo, token.i), max(hi, token.i)
        for child in token.children:
            is_clause = child.dep_ in ("ccomp", "advcl", "relcl", "parataxis", "conj") and (
                child.pos_ in ("VERB", "AUX")
            )
            if is_clause and not (child.left_edge.i <= trigger.i <= child.right_edge.i):
                continue
            stack.append(child)
    lo, hi = max(lo, segment.start), min(hi, segment.end - 1)
    while hi > lo and segment.doc[hi].is_punct:
        hi -= 1
    return lo, hi


def _sub_type(kind: str, kinds_here: set[str], segment: Span) -> str:
    """ACLED sub-type, with protests refined by what security forces did in the sentence."""
    sub_type = vocab.EVENT_KINDS[kind].acled_sub_event_type
    if kind != "protest":
        return sub_type
    security = any(t.lower_ in _SECURITY for t in segment)
    if security and kinds_here & _VIOLENT_INTERVENTION:
        return vocab.EVENT_KINDS["excessive_force"].acled_sub_event_type
    if security and kinds_here & {"clash", "arrests", "attack"}:
        return vocab.EVENT_KINDS["protest_with_intervention"].acled_sub_event_type
    return sub_type


def _segment_events(
    analysis: Analysis, segment: Span, previous: Span | None, words: frozenset[int]
) -> list[Event]:
    found: dict[str, Token] = {}
    for token, kind in _triggers(segment, previous, words, analysis.text):
        if kind not in found and _reports_happening(token, segment, analysis.text):
            found[kind] = token
    events: list[Event] = []
    for kind, trigger in found.items():
        lo, hi = _clause_span(_clause_head(trigger), trigger, segment)
        start, end = analysis.doc[lo].idx, analysis.doc[hi].idx + len(analysis.doc[hi])
        time = date_for(analysis, start, end, trigger)
        historical = is_historical(analysis, start, end, time)
        if historical and time is not None and not (
            segment.start_char <= time.start < time.end <= segment.end_char
        ):
            time = None  # a past episode keeps its own date, never the narrative's or the report's
        actors = sorted({a.canonical for a in analysis.actors_in(segment.start_char,
                                                                 segment.end_char)})
        info = vocab.EVENT_KINDS[kind]
        place = place_for(analysis, start, end)
        for where in places_listed_with(analysis, place) if place else [None]:
            events.append(Event(
                kind=kind,
                acled_event_type=info.acled_event_type,
                acled_sub_event_type=_sub_type(kind, set(found), segment),
                quote=analysis.text[start:end],
                start=start,
                end=end,
                date=time.date.isoformat() if time and time.date else None,
                date_precision=time.precision if time and time.date else vocab.PRECISION_BROAD,
                location=where.place.canonical if where else None,
                lat=where.place.lat if where else None,
                lon=where.place.lon if where else None,
                actors=list(actors),
                historical=historical,
            ))
    return events


def find_events(analysis: Analysis) -> list[Event]:
    """Every event mention of the document, in text order (see the module docstring)."""
    skipped = _boilerplate_lines(analysis.text)
    events: list[Event] = []
    previous: Span | None = None
    words = _trigger_words(analysis.doc)
    for segment in analysis.segments():
        if not any(start <= segment.start_char < end for start, end in skipped):
            events.extend(_segment_events(analysis, segment, previous, words))
        previous = segment
    return events
