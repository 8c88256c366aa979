"""Time expressions: every date, weekday and relative reference, resolved to a calendar day.

Two steps, both pure functions of the text:

1. :func:`scan` finds candidate expressions with compiled regular expressions over the raw
   text ("2nd January 2022", "Jan. 5", "on Wednesday", "Tuesday night", "last weekend",
   "two days later", "in 2011", "ten years ago"...). Overlaps keep the longest expression;
   nothing inside a URL counts. Years need context ("in 2011", "the 2019 protests") so that
   counts ("and 1000 people") and clock times ("1600 local time") are never read as years.
2. :func:`resolve` turns candidates into :class:`TimeMention` records against a reference day
   (the publication date): a weekday is the most recent such day on or before it (the day
   itself counts), unless the clause speaks of the future ("would meet on Friday"), then the
   next one; "N days later" counts from the last day resolved before it in the text.

Precision follows ACLED: 1 day, 2 week (or weekend, or "a few days"), 3 month or year.
A mention is historical when it lies more than about a year before the reference day.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from crisisdesk.extract.context import Analysis, TimeMention

DAY, WEEK, MONTH = 1, 2, 3  # ACLED time precision codes

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "a couple of": 2, "couple of": 2,
}  # fmt: skip
VAGUE_NUMBER_WORDS = {"a few": 3, "few": 3, "several": 3}  # "a few days": ~3, week precision

_MONTH = (  # a full name, or an abbreviation with its optional full stop
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
_YEAR = r"(?:1[89]|20)\d{2}"
_DAY = r"[0-3]?\d"
_ORDINAL = r"(?:st|nd|rd|th)?"
_NUMBER = (
    r"(?:a\s+couple\s+of|couple\s+of|a\s+few|few|several|a|an|one|two|three|four|five|six"
    r"|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|\d{1,3})"
)
_LEAD_WEEKDAY = rf"(?:(?P<wd>{_WEEKDAY}),?\s+(?:the\s+)?)?"
_TAIL_YEAR = rf"(?:,?\s+(?:of\s+)?(?P<y>{_YEAR})\b)?"
# Nouns that follow a number when it counts things, so "the 2000 protesters" is no year.
_COUNTED = (
    r"people|persons|protesters|demonstrators|police|policemen|officers|soldiers|troops|"
    r"residents|others|members|students|workers|civilians|men|women|children|families|"
    r"households|homes|houses|cases|dead|injured|arrested|detained|killed|more|of|percent|%"
)

# (kind, pattern) pairs; the named groups each kind reads are listed in ``_candidate``.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("date", re.compile(  # "2nd January 2022", "Sunday, 23 August", "5 Jan."
        rf"\b{_LEAD_WEEKDAY}(?P<d>{_DAY}){_ORDINAL}(?:\s+of)?\s+(?P<m>{_MONTH}){_TAIL_YEAR}"
    )),
    ("date", re.compile(  # "January 5, 2021", "Wednesday, Jan. 5", "Oct 20"
        rf"\b{_LEAD_WEEKDAY}(?P<m>{_MONTH})\s+(?P<d>{_DAY}){_ORDINAL}\b(?![:%.,]?\d)"
        rf"{_TAIL_YEAR}"
    )),
    ("date", re.compile(  # ISO 2022-01-06
        rf"\b(?P<y>{_YEAR})-(?P<mn>[01]\d)-(?P<d>[0-3]\d)\b"
    )),
    ("numeric", re.compile(  # 06/01, 06/01/2022, 6.1.2022 (day or month first)
        rf"(?<![\w/.])(?:(?P<a>[0-3]\d)/(?P<b>[01]\d)(?:/(?P<y>{_YEAR}))?"
        rf"|(?P<a2>[0-3]?\d)[./](?P<b2>[01]?\d)[./](?P<y2>{_YEAR}))(?![\w/%]|[.,]\d)"
    )),
    ("month", re.compile(  # "January 2022", "May of 2021"
        rf"\b(?P<m>{_MONTH})\s+(?:of\s+)?(?P<y>{_YEAR})\b"
    )),
    ("month", re.compile(  # "in March", "since late April", "mid-May"
        rf"\b(?i:in|since|by|until|till|from|during|through|throughout|of|last|this|next"
        rf"|(?P<part>early|late|mid|end\s+of|beginning\s+of|start\s+of))[\s-]+"
        rf"(?:(?P<part2>(?i:early|late|mid))[\s-]+)?(?P<m>{_MONTH})(?!\s*\d)"
    )),
    ("weekday", re.compile(  # "on Wednesday", "Tuesday night", "Sunday's", "last Friday"
        rf"\b(?:(?P<q>(?i:last|next|this|early\s+on|late\s+on|early|late))\s+)?"
        rf"(?P<wd>{_WEEKDAY})"
        r"(?:['’]s)?(?:\s+(?:morning|afternoon|evening|night)\b)?"
    )),
    ("today", re.compile(
        r"\b(?:(?:earlier|later)\s+)?(?:today|tonight|this\s+(?:morning|afternoon|evening))\b",
        re.IGNORECASE,
    )),
    ("yesterday", re.compile(
        r"\b(?P<before>the\s+day\s+before\s+)?yesterday(?:\s+(?:morning|afternoon|evening))?\b"
        r"|\blast\s+night\b",
        re.IGNORECASE,
    )),
    ("weekend", re.compile(
        r"\b(?:last|this|past|over\s+the|at\s+the|on\s+the|during\s+the)\s+weekend\b",
        re.IGNORECASE,
    )),
    ("period", re.compile(  # "earlier this week", "last month", "this year"
        r"\b(?:(?:earlier|later)\s+)?(?P<q>this|last|past)\s+(?P<u>week|month|year)\b",
        re.IGNORECASE,
    )),
    ("ago", re.compile(rf"\b(?P<n>{_NUMBER})\s+(?P<u>day|week|month|year|decade)s?\s+ago\b",
                       re.IGNORECASE)),
    ("later", re.compile(
        rf"\b(?:(?P<n>{_NUMBER})\s+(?P<u>day|week)s?\s+later"
        r"|the\s+(?:next|following)\s+(?P<u2>day|morning|week)|the\s+day\s+after)\b",
        re.IGNORECASE,
    )),
    ("new_year", re.compile(
        r"(?<!Lunar )(?<!Chinese )(?<!Persian )\b(?:(?P<pre>(?i:after|since|over|before))\s+)?"
        r"(?:the\s+)?New\s+Year(?P<s>['’]s\s+(?:Eve|Day))?\b"
    )),
    ("decade", re.compile(r"\b(?:the\s+)?(?P<y>(?:1[89]|20)\d0)['’]?s\b")),
    ("year", re.compile(  # "in 2011", "since late 2019", "the 2019 protests", "of 1991"
        r"\b(?:(?:in|since|of|from|until|till|before|after|during|by|around|circa|year|back\s+as"
        r"|spring|summer|autumn|fall|winter|early|late|mid|end\s+of|beginning\s+of"
        r"|start\s+of)[\s-]+|(?P<the>the\s+))"
        rf"(?:(?:early|late|mid)[\s-]+)?(?P<y>{_YEAR})(?:['’]s)?\b"
        rf"(?!\s*(?:{_COUNTED})\b)(?![,.]\d|\s*[-–]\s*\d|\s*%)",
        re.IGNORECASE,
    )),
]

# The kinds whose every match holds one of these words (in case-folded text): a text without
# any of them is not searched for that kind (half the scanning of a news report, measured on
# the seed reports; the other kinds hold digits, month or weekday names, which most reports do).
_KEYWORDS: dict[str, tuple[str, ...]] = {
    "today": ("today", "tonight", "morning", "afternoon", "evening"),
    "yesterday": ("yesterday", "night"),
    "weekend": ("weekend",),
    "period": ("week", "month", "year"),
    "ago": ("ago",),
    "later": ("later", "next", "following", "after"),
    "new_year": ("year",),
    "decade": ("0s", "0's", "0’s"),
}

_URL = re.compile(r"https?://\S+|www\.\S+")
# Named days that are not the weekday of the current week ("Bloody Sunday", "Good Friday").
_NAMED_DAY = re.compile(r"(?:Bloody|Black|Good|Easter|Palm|Ash|Holy|Maundy|Super|Cyber)\s+$")
# Words that put what follows in the future, within one clause ("would meet on Friday").
_FUTURE = re.compile(
    r"\b(?:will|shall|would|going\s+to|plans?|planned|planning|scheduled|due|expected|set\s+to"
    r"|to\s+be\s+held|upcoming|next|until|till|ahead\s+of)\b|['’]ll\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.;:!?\n,—–\"“”(]")
# How far back the future test looks: one clause of running text (chosen by hand; a clause
# longer than this rarely keeps its tense marker relevant to a date at its end).
_FUTURE_WINDOW = 100


@dataclass(frozen=True)
class Candidate:
    """A time expression as written, before it is resolved against a reference day."""

    start: int
    end: int
    kind: str  # date | numeric | month | weekday | today | yesterday | weekend | period |
    #            ago | later | new_year | decade | year
    year: int | None = None
    month: int | None = None
    day: int | None = None
    alt: tuple[int, int] | None = None  # (month, day) of the other reading of "06/01"
    weekday: int | None = None
    amount: int | None = None  # "two days later": 2; "last night" -1 days...
    unit: str | None = None  # day | week | month | year | decade
    vague: bool = False  # "a few days later"
    qualifier: str | None = None  # last | next | this | after ...
    future: bool = False


@dataclass(frozen=True)
class Resolved:
    """A candidate and the mention it resolved to."""

    candidate: Candidate
    mention: TimeMention


def _number(word: str) -> tuple[int, bool]:
    """The value of a number word or numeral, and whether it is vague ("a few")."""
    key = " ".join(word.lower().split())
    if key in VAGUE_NUMBER_WORDS:
        return VAGUE_NUMBER_WORDS[key], True
    return (int(key), False) if key.isdigit() else (NUMBER_WORDS[key], False)


def _month(name: str) -> int:
    return MONTHS[name[:3].lower()]


def _is_future(text: str, start: int) -> bool:
    """Whether the clause before ``start`` speaks of the future."""
    window = text[max(0, start - _FUTURE_WINDOW) : start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    return _FUTURE.search(window) is not None


def _candidate(kind: str, m: re.Match[str], text: str) -> Candidate | None:
    """The candidate one regex match stands for, or None if it is no time expression."""
    g = m.groupdict()
    start, end = m.span()
    future = _is_future(text, start)
    year = int(g["y"]) if g.get("y") else None
    if kind == "date":
        month = int(g["mn"]) if g.get("mn") else _month(g["m"])
        wd = WEEKDAYS[g["wd"][:3].lower()] if g.get("wd") else None
        return Candidate(start, end, kind, year, month, int(g["d"]), weekday=wd, future=future)
    if kind == "numeric":
        a, b = (g["a"], g["b"]) if g.get("a") else (g["a2"], g["b2"])
        year = int(g["y"] or g["y2"]) if (g.get("y") or g.get("y2")) else None
        day_first, month_first = (int(b), int(a)), (int(a), int(b))  # as (month, day)
        return Candidate(start, end, "date", year, *day_first, alt=month_first, future=future)
    if kind == "month":
        part = (g.get("part") or g.get("part2") or "").lower()
        day = 20 if part.startswith(("late", "end")) else 15 if part == "mid" else 1
        month_start = m.start("m") if not part else start
        return Candidate(month_start, end, kind, year, _month(g["m"]), day, future=future)
    if kind == "weekday":
        if _NAMED_DAY.search(text[max(0, start - 12) : start]):
            return None
        q = (g.get("q") or "").split()[0].lower() if g.get("q") else None
        return Candidate(start, end, kind, weekday=WEEKDAYS[g["wd"][:3].lower()], qualifier=q,
                         future=future or q == "next")
    if kind == "today":
        return Candidate(start, end, kind, amount=0)
    if kind == "yesterday":
        return Candidate(start, end, kind, amount=-2 if g.get("before") else -1)
    if kind == "weekend":
        return Candidate(start, end, kind, qualifier=m[0].split()[0].lower(), future=future)
    if kind == "period":
        return Candidate(start, end, kind, unit=g["u"].lower(), qualifier=g["q"].lower())
    if kind in ("ago", "later"):
        n, vague = _number(g["n"]) if g.get("n") else (1, False)
        unit = (g.get("u") or g.get("u2") or "day").lower()
        unit = "day" if unit == "morning" else unit
        return Candidate(start, end, kind, amount=n, unit=unit, vague=vague)
    if kind == "new_year":
        day = 31 if (g.get("s") or "").endswith("Eve") else 1
        return Candidate(start, end, kind, month=12 if day == 31 else 1, day=day,
                         qualifier=(g.get("pre") or "").lower() or None, future=future)
    if year is None:  # decade | year
        return None
    if kind == "year" and g.get("the") and not text[m.end() :].lstrip()[:1].isalpha():
        return None  # "the 2019" must be followed by what it names: "the 2019 protests"
    return Candidate(m.start("y") if kind == "year" else start, end, kind, year,
                     unit="decade" if kind == "decade" else "year")


def scan(text: str) -> tuple[Candidate, ...]:
    """Every time expression in ``text``, in order, without overlaps, none inside a URL."""
    urls = [u.span() for u in _URL.finditer(text)]
    folded = text.casefold()
    found: list[Candidate] = []
    for kind, pattern in _PATTERNS:
        keywords = _KEYWORDS.get(kind)
        if keywords is not None and not any(k in folded for k in keywords):
            continue
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in urls):
                continue
            cand = _candidate(kind, m, text)
            if cand is not None:
                found.append(cand)
    # Longest expression first ("Sunday, 23 August" over "Sunday"), then pattern order.
    found.sort(key=lambda c: c.start - c.end)
    kept: list[Candidate] = []  # sorted by start, never overlapping
    for cand in found:
        i = bisect.bisect_left(kept, cand.start, key=lambda k: k.start)
        if (i == 0 or kept[i - 1].end <= cand.start) and (
            i == len(kept) or cand.end <= kept[i].start
        ):
            kept.insert(i, cand)
    return tuple(kept)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int, ref: dt.date, future: bool) -> dt.date | None:
    """The reading of a day without a year that lies nearest to ``ref``: reports speak of the
    recent past, so a day ahead of ``ref`` counts double unless the clause is about the future."""
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1)
               if (d := _safe_date(y, month, day)) is not None]
    ahead_weight = 1 if future else 2

    def cost(d: dt.date) -> int:
        delta = (d - ref).days
        return delta * ahead_weight if delta > 0 else -delta

    return min(options, key=cost) if options else None


def _weekday_date(c: Candidate, ref: dt.date) -> dt.date:
    """The day a weekday names, seen from ``ref``."""
    assert c.weekday is not None
    if c.future:
        return ref + dt.timedelta(days=(c.weekday - ref.weekday()) % 7 or 7)
    back = (ref.weekday() - c.weekday) % 7
    if c.qualifier == "last" and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def _explicit_date(c: Candidate, ref: dt.date | None, year: int | None
                   ) -> tuple[dt.date | None, int]:
    """The day (or month start) of a "date" or "month" candidate."""
    assert c.month is not None and c.day is not None
    precision = DAY if c.kind == "date" else MONTH
    readings = [(c.month, c.day)] + ([c.alt] if c.alt else [])
    if c.year is not None:
        dates = [d for mo, da in readings if (d := _safe_date(c.year, mo, da))]
    elif ref is not None:
        dates = [d for mo, da in readings if (d := _nearest_year(mo, da, ref, c.future))]
    elif year is not None:
        dates = [d for mo, da in readings if (d := _safe_date(year, mo, da))]
    else:
        return None, precision
    if not dates:
        return None, precision
    if ref is not None and c.year is None:
        return min(dates, key=lambda d: abs((d - ref).days)), precision
    return dates[0], precision  # day-first, as most of the world writes it


def _relative_date(c: Candidate, ref: dt.date) -> tuple[dt.date | None, int]:
    """The day a reference relative to the writing day names."""
    if c.kind in ("today", "yesterday"):
        return ref + dt.timedelta(days=c.amount or 0), DAY
    if c.kind == "weekday":
        return _weekday_date(c, ref), DAY
    if c.kind == "weekend":  # its first day: the Saturday of the weekend meant
        sat = ref - dt.timedelta(days=(ref.weekday() - 5) % 7)
        in_weekend = ref.weekday() >= 5
        if c.future and not (in_weekend and c.qualifier == "this"):
            sat += dt.timedelta(days=7)
        elif not c.future and in_weekend and c.qualifier in ("last", "past"):
            sat -= dt.timedelta(days=7)
        return sat, WEEK
    if c.kind == "period":
        back = 0 if c.qualifier == "this" else 1
        if c.unit == "week":
            monday = ref - dt.timedelta(days=ref.weekday())
            return monday - dt.timedelta(days=7 * back), WEEK
        if c.unit == "month":
            first = ref.replace(day=1)
            return (first - dt.timedelta(days=1)).replace(day=1) if back else first, MONTH
        return dt.date(ref.year - back, 1, 1), MONTH
    if c.kind == "ago":
        n = c.amount or 1
        if c.unit == "day":
            return ref - dt.timedelta(days=n), WEEK if c.vague else DAY
        if c.unit == "week":
            return ref - dt.timedelta(days=7 * n), WEEK
        if c.unit == "month":
            months = ref.year * 12 + ref.month - 1 - n
            return dt.date(months // 12, months % 12 + 1, 1), MONTH
        years = n * (10 if c.unit == "decade" else 1)
        return dt.date(ref.year - years, 1, 1), MONTH
    # new_year: "New Year's Day" is a day; "after the New Year" the days around it.
    assert c.kind == "new_year" and c.month is not None and c.day is not None
    day = _nearest_year(c.month, c.day, ref, c.future)
    return day, DAY if c.qualifier is None else WEEK


def _is_historical(day: dt.date | None, precision: int, anchor: dt.date | None,
                   c: Candidate) -> bool:
    """More than about a year before ``anchor``: years by calendar year, days by 365 days."""
    if c.kind == "ago" and c.unit in ("year", "decade"):
        return (c.amount or 1) * (10 if c.unit == "decade" else 1) > 1
    if day is None or anchor is None:
        return False
    if precision == MONTH and c.kind in ("year", "decade", "ago", "period"):
        return day.year <= anchor.year - 2
    return (anchor - day).days > 365


def resolve(text: str, candidates: Sequence[Candidate], ref: dt.date | None,
            year: int | None = None) -> list[Resolved]:
    """Resolve candidates in text order against the reference day ``ref`` (the publication
    date). Without ``ref`` only absolute expressions get a date, a missing year taken from
    ``year`` when given."""
    out: list[Resolved] = []
    last_day: dt.date | None = None
    for c in candidates:
        day: dt.date | None
        if c.kind in ("date", "month"):
            day, precision = _explicit_date(c, ref, year)
        elif c.kind in ("year", "decade"):
            day, precision = (dt.date(c.year, 1, 1) if c.year else None), MONTH
        elif c.kind == "later":
            step = c.amount or 1
            delta = dt.timedelta(days=step * (7 if c.unit == "week" else 1))
            day = last_day + delta if last_day else None
            precision = WEEK if c.vague or c.unit == "week" else DAY
        elif ref is not None:
            day, precision = _relative_date(c, ref)
        else:
            day, precision = None, DAY
        if day is not None and precision <= WEEK:
            last_day = day
        mention = TimeMention(c.start, c.end, text[c.start : c.end], day, precision,
                              future=c.future)
        out.append(Resolved(c, mention))
    anchor = ref or max((r.mention.date for r in out if r.mention.date), default=None)
    for r in out:
        m = r.mention
        m.historical = _is_historical(m.date, m.precision, anchor, r.candidate)
    return out


def candidates_of(analysis: Analysis) -> tuple[Candidate, ...]:
    """The document's time expressions, scanned once for the publication date and the times
    steps (about a millisecond a report)."""
    if analysis.time_candidates is None:
        analysis.time_candidates = scan(analysis.text)
    return analysis.time_candidates


def find_times(analysis: Analysis) -> list[TimeMention]:
    """Every time expression of the document, in order, resolved against its publication
    date (when that is unknown, only absolute dates are resolved, a missing year taken from
    :func:`year_hint`)."""
    text = analysis.text
    candidates = candidates_of(analysis)
    ref = analysis.published
    year = ref.year if ref else year_hint(candidates, analysis.document.url)
    return [r.mention for r in resolve(text, candidates, ref, year)]


_URL_DATE = re.compile(rf"/(?P<y>{_YEAR})/(?P<m>[01]?\d)(?:/(?P<d>[0-3]?\d))?(?=/|$|[-_?#])")
_URL_YEAR = re.compile(rf"(?<=[/_-])(?P<y>{_YEAR})(?=[/_-])")


def url_date(url: str | None) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) a URL path carries ("/2020/08/12/..." or "/2021/05/..."), each
    None where absent."""
    if not url:
        return None, None, None
    m = _URL_DATE.search(url)
    if m and 1 <= int(m["m"]) <= 12:
        return int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None
    y = _URL_YEAR.search(url)
    return (int(y["y"]) if y else None), None, None


def year_hint(candidates: Sequence[Candidate], url: str | None) -> int | None:
    """The year a report most likely speaks of when it gives no publication date: the year
    in its URL, else the latest year written with a month ("2nd January 2022")."""
    year = url_date(url)[0]
    if year is not None:
        return year
    years = [c.year for c in candidates if c.kind in ("date", "month") and c.year]
    return max(years, default=None)
