"""Amounts in running text: the number, its range and its qualifier ("at least 2,000",
"between 40 and 50", "dozens", "twenty-eight", "1.5 million", "a good 400").

:func:`find_amounts` scans a piece of text and returns every amount it states, with character
offsets, leaving out what only looks like one: years, dates (also "March 8 and 9"), times of
day, ordinals, ages and other hyphenated measures ("a 25-year-old", "a 24-hour curfew"), and
vague words in names ("the March of the Millions"). Percentages and money carry a ``unit``
("percent", a currency from a symbol, an ISO code or a word: "$", "LKR", "tenge"; money
includes its currency word) so that callers can keep them for prices and drop them otherwise.
A change "from 70 to 120 tenge" is one amount: the old figure as ``value``, the new one as
``value_max`` and ``change`` set (a range "70 to 120" or "between 70 and 120" leaves it unset).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crisisdesk.vocab import VAGUE_AMOUNTS

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

# Qualifier words before an amount, longest first in the pattern below.
QUALIFIER_WORDS: dict[str, str] = {
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "not less than": "at_least", "a minimum of": "at_least",
    "more than": "more_than", "over": "more_than", "upwards of": "more_than",
    "in excess of": "more_than", "greater than": "more_than",
    "about": "about", "around": "about", "nearly": "about", "almost": "about", "some": "about",
    "roughly": "about", "approximately": "about", "an estimated": "about", "close to": "about",
    "a good": "about", "just under": "about", "just over": "about", "estimated": "about",
    "up to": "up_to", "as many as": "up_to", "as much as": "up_to", "as high as": "up_to",
    "no more than": "up_to", "not more than": "up_to", "at most": "up_to", "fewer than": "up_to",
    "less than": "up_to", "a maximum of": "up_to",
}
# "1,000 or more", "500-plus".
_SUFFIX_QUALIFIERS = {"or more": "at_least", "plus": "at_least", "or so": "about"}

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# Currency names in English news, singular and plural ("won" and "sol" are left out: after a
# number they are more often a verb or a name than money).
_CURRENCY_WORDS = (
    r"dollars?|euros?|pounds?|rubles?|roubles?|tenge|naira|rupees?|rupiah|pesos?|kyats?|lira|"
    r"liras|rials?|riyals?|som|soms|hryvnias?|hryvnyas?|yuan|renminbi|yen|cents?|kopecks?|"
    r"kopeks?|dinars?|dirhams?|shillings?|francs?|cedis?|rand|taka|reais|real|manat|lari|drams?|"
    r"bolivars?|bolivianos?|birr|kwacha|leones?|crowns?|kron(?:a|or|er|e)|korunas?|zlotys?|"
    r"zloty|forints?|lei|leu|levs?|leva|baht|ringgit|dong|riels?|afghanis?|somoni|tugriks?|"
    r"shekels?|quetzal(?:es|s)?|lempiras?|c[oó]rdobas?|colones|col[oó]n|guaran[ií]es|"
    r"soles|nairas|pula|ariary|kina|kips?|rufiyaa|ouguiyas?|dalasis?|escudos?"
)

# ISO 4217 codes (and the rupee's "Rs") written before an amount: "LKR 338", "Rs 90", "KES 200".
# Matched case-sensitively, so "try 5" is no Turkish lira.
_CURRENCY_CODES = "|".join((
    "USD", "EUR", "GBP", "RUB", "KZT", "NGN", "INR", "LKR", "PKR", "BDT", "NPR", "KES", "UGX",
    "TZS", "ETB", "GHS", "ZAR", "EGP", "TRY", "IRR", "IQD", "LBP", "SYP", "MMK", "THB", "IDR",
    "BRL", "ARS", "CLP", "COP", "PEN", "VES", "MXN", "UAH", "BYN", "GEL", "AMD", "AZN", "KGS",
    "UZS", "CNY", "SDG", "XOF", "Rs", "Ksh", "KSh",
))
_WORD_NUMBER = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
# One number: digits (with thousands commas or a decimal part, optionally "million"), or words
# ("twenty-eight", "two hundred and five"), or "a hundred". Every repetition is bounded.
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3}){1,4}|\d+(?:\.\d+)?)(?:\s+(?:hundred|thousand|million|billion)\b)?"
    rf"|(?:a\s+)?(?:{_WORD_NUMBER})"
    rf"(?:(?:-|\s+|(?<=hundred)\s+and\s+|(?<=thousand)\s+and\s+)(?:{_WORD_NUMBER})){{0,9}}\b"
)
_VAGUE = (
    r"hundreds\s+of\s+thousands|tens\s+of\s+thousands|"
    r"(?:several|a\s+few|a\s+couple\s+of)\s+(?:hundred|thousand|dozen|million)\b|"
    r"dozens|scores|hundreds|thousands|millions|tens|a\s+dozen|a\s+few|several"
)
# Currency signs written before an amount, and the codes read as the same currency.
_SYMBOLS = {
    "$": "dollars", "€": "euros", "£": "pounds", "₦": "naira", "₸": "tenge", "₹": "rupees",
    "₨": "rupees", "₽": "rubles", "₴": "hryvnias", "₺": "lira", "¥": "yen", "₱": "pesos",
    "₩": "won", "৳": "taka", "₫": "dong", "₵": "cedis", "₲": "guaranies", "₼": "manat",
    "₾": "lari", "₮": "tugriks", "₪": "shekels", "₡": "colones", "₭": "kips",
    "Rs": "rupees", "Ksh": "shillings", "KSh": "shillings",
}
_SIGNS = "".join(k for k in _SYMBOLS if len(k) == 1)
_QUALIFIER = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(QUALIFIER_WORDS, key=len, reverse=True)
)
_AMOUNT = re.compile(
    rf"(?<![\w.,{re.escape(_SIGNS)}-])(?:(?P<qual>{_QUALIFIER})\s+)?"
    rf"(?:between\s+(?P<lo_b>{_NUMBER})\s+and\s+(?P<hi_b>{_NUMBER})"
    rf"|(?P<vague>{_VAGUE})(?![\w-])"
    rf"|(?P<cur>[{re.escape(_SIGNS)}]|(?-i:{_CURRENCY_CODES})\.?\s?)?(?P<num>{_NUMBER})"
    rf"(?:\s*(?:-|–|to)\s*(?P=cur)?(?P<hi>\d{{1,3}}(?:,\d{{3}}){{1,4}}|\d+(?:\.\d+)?)(?!\s*(?:{_MONTHS})\b))?"
    rf"(?P<pct>\s*(?:%|percent\b|per\s+cent\b))?)"
    rf"(?:\s+(?P<suffix>or\s+more|or\s+so)\b|(?P<plus>\+|-plus\b))?",
    re.I,
)
_CURRENCY_AFTER = re.compile(rf"\s*(?P<unit>{_CURRENCY_WORDS})\b", re.I)
# Days of a month, also in lists: "March 8", "March 8 and 9", "8-9 March", "8th of March".
# (No comma: "On March 3, 28 civilians were killed" names a day and a count.)
_DAY_LINK = r"\d{1,2}(?:st|nd|rd|th)?\s*(?:and|to|-|–|&)\s*"
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*(?:{_DAY_LINK})?$", re.I)
_DATE_AFTER = re.compile(
    rf"^(?:st|nd|rd|th)?\s*(?:(?:and|to|-|–|&)\s*\d{{1,2}}(?:st|nd|rd|th)?\s*)?"
    rf"(?:of\s+)?(?:{_MONTHS})\b",
    re.I,
)
# Times of day, ordinals, "24-hour", "25-year-old", "06/01", "12:30", "1600 GMT".
_NOT_A_COUNT_AFTER = re.compile(
    r"^(?:st\b|nd\b|rd\b|th\b|:\d|/\d|-(?!plus\b)[a-z]|\s*[ap]\.?m\b|"
    r"\s+(?:gmt|utc|local time|hours?\b))",
    re.I,
)
# "no one", "any one", "each one": pronouns, not the number 1.
_NOT_ONE_BEFORE = re.compile(r"\b(?:no|any|every|each|this|that|which|the)\s+$", re.I)
_NAME_BEFORE = re.compile(r"\bthe\s+$", re.I)
_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.I)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
# What a year-like number must be followed by to count as people, not a year: a count noun.
_COUNT_NOUN_AFTER = re.compile(
    r"^\s+(?:people|persons|men|women|children|police|personnel|[a-z]+(?<!s')s)\b", re.I
)


@dataclass
class Amount:
    """One amount found in a text; offsets are relative to the text scanned."""

    value: float
    qualifier: str
    start: int
    end: int
    text: str
    value_max: float | None = None
    unit: str | None = None  # "percent", or a currency ("dollars", "tenge") for money
    change: bool = False  # "from 70 to 120": value is the old figure, value_max the new one


def words_to_number(text: str) -> float | None:
    """The value of a number in words ("twenty-eight", "two hundred and five", "a hundred",
    "one million"), or None when ``text`` is not one."""
    words = re.split(r"[\s-]+", text.lower().strip())
    if words and words[0] == "a":
        words = ["one", *words[1:]]
    total, current, seen = 0, 0, False
    for word in words:
        if word == "and" and seen:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            scale = _SCALES[word]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def parse_number(text: str) -> float | None:
    """The value of one number written in digits ("6,000", "1.5 million", "1100") or in
    words; None when ``text`` is not a number."""
    text = text.strip()
    match = re.fullmatch(
        r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(hundred|thousand|million|billion))?",
        text,
        re.I,
    )
    if match:
        value = float(match.group(1).replace(",", ""))
        if match.group(2):
            value *= _SCALES[match.group(2).lower()]
        return value
    return words_to_number(text)


def vague_value(text: str) -> float:
    """The ACLED value of a vague amount ("dozens" 12, "several hundred" 100)."""
    key = " ".join(text.lower().split())
    if key in VAGUE_AMOUNTS:
        return float(VAGUE_AMOUNTS[key])
    last = key.split()[-1]  # "several hundred", "a few thousand", "a couple of dozen"
    return float(_SCALES.get(last, 12 if last == "dozen" else VAGUE_AMOUNTS.get(last, 1)))


def _is_date_or_time(text: str, start: int, end: int, number: str) -> bool:
    before, after = text[max(0, start - 24) : start], text[end : end + 24]
    if _DATE_BEFORE.search(before) or _DATE_AFTER.match(after) or _NOT_A_COUNT_AFTER.match(after):
        return True
    return bool(_YEAR.match(number)) and not _COUNT_NOUN_AFTER.match(after)


def _amount(text: str, match: re.Match[str]) -> Amount | None:
    qualifier = QUALIFIER_WORDS.get(" ".join((match["qual"] or "").lower().split()), "exact")
    suffix = match["suffix"] or match["plus"]
    if suffix and qualifier == "exact":
        key = " ".join(suffix.lower().lstrip("-").split())
        qualifier = _SUFFIX_QUALIFIERS.get(key, "at_least")
    start, end = match.start(), match.end()
    if match["vague"]:
        if _NAME_BEFORE.search(text, 0, start) and match["vague"][:1].isupper():
            return None  # "the March of the Millions": a name
        return Amount(vague_value(match["vague"]), "vague", start, end, match[0])
    if match["lo_b"]:
        value, high = parse_number(match["lo_b"]), parse_number(match["hi_b"])
        if value is None or high is None or _DATE_AFTER.match(text[end : end + 24]):
            return None  # "8 and 9 May"
        change = None
    else:
        number = match["num"]
        value = parse_number(number)
        if value is None or (number.lower() == "one" and _NOT_ONE_BEFORE.search(text, 0, start)):
            return None
        num_start = match.start("num")
        num_end = match.end("hi") if match["hi"] else match.end("num")
        if not match["pct"] and _is_date_or_time(text, num_start, num_end, number):
            return None
        high = parse_number(match["hi"]) if match["hi"] else None
        change = _FROM_BEFORE.search(text, 0, start) if high is not None else None
        if change is not None:  # "from 70 to 120": the quote keeps the "from"
            start = change.start()
    currency = (match["cur"] or "").strip(" .")
    unit = "percent" if match["pct"] else _SYMBOLS.get(currency, currency or None)
    if unit is None and (after := _CURRENCY_AFTER.match(text, end)):
        unit, end = after["unit"].lower(), after.end()  # money includes its currency
    return Amount(value, qualifier, start, end, text[start:end], value_max=high, unit=unit,
                  change=change is not None)


def find_amounts(text: str) -> list[Amount]:
    """Every amount ``text`` states, in order (see the module docstring for what is left out)."""
    amounts = []
    for match in _AMOUNT.finditer(text):
        amount = _amount(text, match)
        if amount is not None:
            amounts.append(amount)
    return amounts
