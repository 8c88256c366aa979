"""Names of people and organisations: normalisation and transliteration-aware matching.

One person is written many ways across outlets and languages of transliteration: a Kazakh,
Russian or Arabic name comes into English through English, German or French spelling rules
("Zelensky", "Zelenskyy", "Zelenskiy", "Selenskyj"; "Gaddafi", "Qaddafi", "Kadhafi").
:func:`normalise_name` removes what is not the name (titles, case, accents, punctuation);
:func:`name_key` goes further and folds the letters that transliteration systems disagree on,
so that two spellings of one name get one key. :func:`same_person` compares names token by
token, so that a partial mention ("Qaddafi") matches the full name. :func:`acronym_of` and
:func:`is_acronym_of` link an organisation's acronym to its expansion.

Used within a document (``extract.actors``) and across documents (reconciliation).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from unidecode import unidecode

# Titles and honorifics that precede a name and are not part of it.
_TITLES = (
    "president", "vice president", "prime minister", "deputy prime minister", "minister",
    "deputy minister", "foreign minister", "interior minister", "defence minister",
    "defense minister", "chancellor", "premier", "king", "queen", "prince", "princess",
    "sheikh", "emir", "sultan", "general", "gen", "lieutenant general", "lt gen",
    "major general", "maj gen", "brigadier general", "brig gen", "colonel", "col",
    "lieutenant", "lt", "captain", "capt", "major", "maj", "sergeant", "sgt", "admiral",
    "adm", "field marshal", "marshal", "commander", "senator", "sen", "governor", "gov",
    "mayor", "judge", "justice", "ambassador", "secretary", "secretary general",
    "spokesperson", "spokesman", "spokeswoman", "chairman", "chairwoman", "chair", "leader",
    "opposition leader", "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame",
    "rev", "reverend", "father", "imam", "ayatollah", "mullah", "archbishop", "bishop",
    "former", "late", "acting", "interim", "deputy", "self proclaimed", "incumbent", "hrh",
    "his royal highness", "her royal highness", "his excellency", "her excellency",
)
_TITLE_RE = re.compile(
    r"^(?:(?:" + "|".join(sorted((re.escape(t) for t in _TITLES), key=len, reverse=True))
    + r")\b\s*)+"
)
_POSSESSIVE = re.compile(r"['’`]s?$")
_APOSTROPHES = re.compile(r"['’`ʼʻ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Arabic article and similar particles that outlets write or omit ("al-Assad", "Assad").
_PARTICLES = frozenset(("al", "el", "ul", "ad", "ed", "ud"))

# Spelling variants folded by name_key, tried left to right, longest first where they
# overlap. Each pair is (variant, folded form). They encode the standard differences
# between English, German and French transliteration of Cyrillic and Arabic letters:
# zh/j/dzh/dj/sh/sch (ж, дж, ш), kh/h (х), w/v (в), z/s (з), q/g/k (қ, ق), ph/f, th/t,
# dh/d, ou/u (French у), tch/ch (ч), x/ks; and the aspirates of South Asian names (bh/b).
_FOLDS = (
    ("tsch", "ch"), ("dzh", "j"), ("sch", "j"), ("tch", "ch"), ("zh", "j"), ("dj", "j"),
    ("sh", "j"), ("kh", "h"), ("bh", "b"), ("gh", "k"), ("ph", "f"), ("th", "t"), ("dh", "d"),
    ("ck", "k"), ("ou", "u"), ("ch", "ch"), ("q", "k"), ("g", "k"), ("c", "k"), ("x", "ks"),
    ("w", "v"), ("z", "s"), ("y", "i"),
)
_FOLD_RE = re.compile("|".join(re.escape(v) for v, _ in _FOLDS))
_FOLD_MAP = dict(_FOLDS)
# Russian adjectival endings ("-skiy", "-skii", "-skyy", "-skij") written as one "i".
_ENDING = re.compile(r"(?:iy|ij|yj|yi|yy|ii)$")
_GLIDE = re.compile(r"(?<=[aeiou])i(?=[aeiou])")  # "Dudayev" / "Dudaev"
_DOUBLE = re.compile(r"([a-z])\1+")
_INNER_VOWELS = re.compile(r"(?<=.)[aeiou]+(?=.)")  # "Mohammed" / "Muhammad"
# A final "e" for "a" after a consonant ("Rajapakse" / "Rajapaksa"); a final "i" (from "y")
# stays apart, so that "Zelenska" and "Zelensky" (wife and husband) do not match.
_FINAL_E = re.compile(r"(?<=[^aeiou])e$")

# Words of an expansion that an acronym skips ("Organization *for* Security *and* ...").
_FUNCTION_WORDS = frozenset((
    "of", "the", "and", "for", "in", "on", "at", "to", "de", "del", "des", "du", "la", "le",
    "les", "el", "los", "las", "y", "et", "a", "an", "&",
))
_WORD = re.compile(r"[A-Za-z0-9&]+(?:[-'’][A-Za-z0-9]+)*")


def normalise_name(name: str) -> str:
    """``name`` as a plain comparable string: ASCII, lower case, no titles, no punctuation.

    "President Volodymyr Zelensky's" -> "volodymyr zelensky". Idempotent.
    """
    text = unidecode(name).lower().strip()
    text = _POSSESSIVE.sub("", text)
    text = _APOSTROPHES.sub("", text)
    text = _NON_ALNUM.sub(" ", text).strip()
    return _TITLE_RE.sub("", text).strip()


@lru_cache(maxsize=4096)
def _token_key(token: str) -> str:
    """The transliteration-folded form of one normalised name token."""
    token = _ENDING.sub("i", token)
    token = _FOLD_RE.sub(lambda m: _FOLD_MAP[m.group(0)], token)
    token = _GLIDE.sub("", token)
    token = _DOUBLE.sub(r"\1", token)
    token = _FINAL_E.sub("a", token)
    return _INNER_VOWELS.sub("a", token)


def name_tokens(name: str) -> list[str]:
    """The folded tokens of a name, particles dropped: "Muammar al-Qaddafi" -> ["muamar",
    "kadafi"] (the same as for "Moammar Gadhafi")."""
    return [_token_key(t) for t in normalise_name(name).split() if t not in _PARTICLES]


def name_key(name: str) -> str:
    """One string per person across transliterations: "Wolodymyr Selenskyj" and
    "Volodymyr Zelenskyy" have the same key."""
    return " ".join(name_tokens(name))


def _matches_in_order(short: list[str], long: list[str]) -> bool:
    """Each token of ``short`` equals, or is the initial of, a later token of ``long``."""
    at = 0
    for token in short:
        while at < len(long) and not (
            token == long[at] or (len(token) == 1 and long[at].startswith(token))
        ):
            at += 1
        if at == len(long):
            return False
        at += 1
    return True


def same_person(a: str, b: str) -> bool:
    """Whether two written names can be one person: the same name across transliterations,
    or a partial mention of it ("Zelensky", "V. Zelensky" for "Volodymyr Zelenskyy").

    The shorter name's tokens must all match tokens of the longer one, in order, its last
    token (the surname) must match the longer name's last one, and it must have a token
    longer than an initial.
    """
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if short[-1] != long[-1] or all(len(t) == 1 for t in short):
        return False
    return _matches_in_order(short, long)


def _acronym_words(expansion: str) -> list[list[str]]:
    """The words of an expansion that an acronym draws letters from, each as its
    hyphen-separated parts, upper-cased; function words ("of", "the", "and") left out."""
    words: list[list[str]] = []
    for word in _WORD.findall(unidecode(expansion)):
        if word.lower() in _FUNCTION_WORDS:
            continue
        words.append([part.upper() for part in re.split(r"[-'’]", word) if part])
    return words


def acronym_of(expansion: str) -> str:
    """The acronym made of the initials of an expansion's words ("North Atlantic Treaty
    Organization" -> "NATO"; "Organization for Security and Co-operation in Europe" ->
    "OSCE")."""
    return "".join(parts[0][0] for parts in _acronym_words(expansion) if parts)


def is_acronym_of(acronym: str, expansion: str) -> bool:
    """Whether ``acronym`` abbreviates ``expansion``: each word gives a prefix of itself (the
    first part of a hyphenated word one letter at least, its other parts and function words
    possibly none). Accepts "NATO", "ECOWAS" (Economic Community of West African States),
    "SARS" (Special Anti-Robbery Squad)."""
    letters = "".join(ch for ch in unidecode(acronym).upper() if ch.isalnum())
    # each part with whether it must give a letter (the first part of each word must)
    parts = [(part, i == 0) for word in _acronym_words(expansion) for i, part in enumerate(word)]
    if not letters or not parts:
        return False

    @cache
    def fits(i: int, j: int) -> bool:
        if j == len(parts):
            return i == len(letters)
        part, required = parts[j]
        for k in range(1 if required else 0, len(part) + 1):
            if i + k > len(letters) or letters[i : i + k] != part[:k]:
                break
            if fits(i + k, j + 1):
                return True
        return False

    return fits(0, 0)
