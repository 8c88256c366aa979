"""The publication date: from the document's metadata, else estimated from its text and URL.

The estimate follows how reports are written, in this order of strength:

1. a date the page stamps itself with: a full date in the URL path ("/2020/08/12/"), a
   dateline or byline at the head of the text ("LAGOS, Oct 20 (Reuters) -",
   "04 May 2021 | 08:45 PM UTC"), or an update note ("Updated on 8 January 2022", "UPD.
   5 Jan") — the latest of these is the day of the version we read;
2. otherwise a report is written on or shortly after the latest day it names: the latest
   explicit past date ("On 2nd January 2022", "at this time 06/01", a dated link), moved
   forward to the first day by which every weekday the text speaks of in the past has come
   ("On March 3 ... on Sunday") and past a "yesterday" or "last night" (a writer who says
   "yesterday" names the days before it by their weekday, so those weekdays lie at least two
   days back);
3. otherwise, when the report came in a feed with other reports of the same crisis (see
   :mod:`crisisdesk.feed`), the weekdays it names are read as the days of that crisis the
   other reports cite most ("the strike on Wednesday" where three reports date the strike
   to 28 April), and the report is dated forward from there as in 2.

A day without a year takes the year of the URL, else the latest year written with a month,
else the year of the feed's crisis. With no day-level evidence (a weekday alone, a month
alone, and no feed to place it) there is no estimate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

from crisisdesk.extract.context import Analysis
from crisisdesk.extract.places import main_country, unique_places
from crisisdesk.extract.times import (
    Candidate,
    Resolved,
    candidates_of,
    resolve,
    scan,
    url_date,
    year_hint,
)

# Room before a date for what makes it the page's own stamp: "Updated on", "Posted:",
# "By A NAME", "MINSK, " (chosen by hand to span a short byline or dateline).
_STAMP_WINDOW = 60
_UPDATE_NOTE = re.compile(
    r"\b(?:(?:last\s+)?updated|published|posted|upd|update)\b\.?\s*(?:on|at|:|-|–)?\s*$",
    re.IGNORECASE,
)
_HEAD_PREFIX = re.compile(  # what may precede a date on a dateline or byline at the top
    r"^\s*(?:By\s+[^\n.]{1,50}?\s*|[A-Z][A-Z .'’-]{1,40}(?:,\s*[A-Z][\w .'’-]{1,30})?,\s*)?$"
)
# How much of the text counts as its head, where datelines and bylines stand (about two
# short lines of title and byline before the first paragraph; chosen by hand).
_HEAD_CHARS = 300
_URL_IN_TEXT = re.compile(r"https?://\S+|www\.\S+")
_WEEK = 7

# The days of one crisis that the other reports of a feed cite, with how many citations each
# (publication days and day-precise event dates; built by :mod:`crisisdesk.feed`).
Calendar = Mapping[dt.date, int]
# The same for every country of a feed, as a report carries them: country -> ISO day -> count.
FeedDays = dict[str, dict[str, int]]


def publication_date(analysis: Analysis) -> tuple[dt.date | None, bool]:
    """(date, estimated): the metadata date when given, else the estimate from the text
    (``True``), else ``(None, False)`` when the text has no day-level evidence."""
    given = metadata_date(analysis.document.published)
    if given is not None:
        return given, False
    estimate = estimate_publication(analysis.text, analysis.document.url, _calendar(analysis),
                                    candidates_of(analysis))
    return (estimate, True) if estimate is not None else (None, False)


def metadata_date(published: str | None) -> dt.date | None:
    """The day a feed's ``published`` field gives, or None when it gives none it can read
    (an unreadable one is estimated as if it were withheld)."""
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _calendar(analysis: Analysis) -> dict[dt.date, int]:
    """The days the feed cites of the country the report is about (its places, found first)."""
    country = main_country(unique_places(analysis.places))
    return calendar_of(analysis.document.feed_days, country)


def calendar_of(feed_days: FeedDays | None, country: str | None) -> dict[dt.date, int]:
    """The days a feed cites of one country's crisis, as dates."""
    days = (feed_days or {}).get(country or "", {})
    return {dt.date.fromisoformat(day): n for day, n in days.items()}


def estimate_publication(
    text: str,
    url: str | None,
    calendar: Calendar | None = None,
    candidates: Sequence[Candidate] | None = None,
) -> dt.date | None:
    """The most likely publication day of a report (see the module docstring); ``calendar``
    is its crisis's days in the feed it came with, when there is one; ``candidates`` its
    time expressions when already scanned."""
    candidates = scan(text) if candidates is None else candidates
    year = year_hint(candidates, url)
    u_year, u_month, u_day = url_date(url)
    if calendar and u_year:  # a crisis's days of another year or month are not this report's
        calendar = {day: n for day, n in calendar.items()
                    if day.year == u_year and u_month in (None, day.month)}
    if year is None and calendar and (busiest := _most_cited(calendar, calendar)):
        year = busiest.year
    resolved = resolve(text, candidates, None, year)

    stamps = [r.mention.date for r in resolved if r.mention.date and _is_stamp(text, r)]
    if u_year and u_month and u_day:
        stamps.append(dt.date(u_year, u_month, u_day))
    if stamps:
        return max(stamps)

    latest = _latest_past_day(text, resolved)
    if latest is None and calendar:
        latest = _cited_day(candidates, calendar)
    if latest is None:
        return None
    return _advance(latest, candidates)


def _past_weekdays(candidates: Sequence[Candidate]) -> set[int]:
    """The weekdays the text speaks of in the past ("on Sunday", not "next Sunday")."""
    return {c.weekday for c in candidates
            if c.kind == "weekday" and c.weekday is not None and not c.future
            and c.qualifier != "last"}


def _cited_day(candidates: Sequence[Candidate], calendar: Calendar) -> dt.date | None:
    """The crisis day a report naming only weekdays most likely means: of the days the feed
    cites that fall on a weekday the report names, the most cited (the later on a tie)."""
    weekdays = _past_weekdays(candidates)
    return _most_cited([day for day in calendar if day.weekday() in weekdays], calendar)


def _most_cited(days: Iterable[dt.date], calendar: Calendar) -> dt.date | None:
    """Of ``days``, the one the feed cites most (the later on a tie)."""
    return max(days, key=lambda day: (calendar[day], day), default=None)


def _is_stamp(text: str, r: Resolved) -> bool:
    """Whether a day-level date is the page's own stamp: an update note, or a dateline or
    byline at the head of the text."""
    c = r.candidate
    if c.kind != "date" or r.mention.precision != 1:
        return False
    before = text[max(0, c.start - _STAMP_WINDOW) : c.start]
    if _UPDATE_NOTE.search(before):
        return True
    line_start = text.rfind("\n", 0, c.start) + 1
    return c.start < _HEAD_CHARS and _HEAD_PREFIX.match(text[line_start : c.start]) is not None


def _latest_past_day(text: str, resolved: list[Resolved]) -> dt.date | None:
    """The latest day the text names as past: explicit dates (not in a clause about the
    future) and dates in the paths of links it cites."""
    days = [
        r.mention.date for r in resolved
        if r.candidate.kind == "date" and r.mention.date and not r.candidate.future
        and r.candidate.alt is None
    ]
    for link in _URL_IN_TEXT.finditer(text):
        y, m, d = url_date(link.group())
        if y and m and d:
            days.append(dt.date(y, m, d))
    anchor = max(days, default=None)
    # "06/01" is read day-first or month-first, whichever lies nearer the other evidence
    # (day-first when there is none).
    for r in resolved:
        c = r.candidate
        if c.kind == "date" and c.alt is not None and r.mention.date and not c.future:
            nearest = resolve(text, [c], anchor)[0].mention.date if anchor else r.mention.date
            days.extend([nearest] if nearest else [])
    return max(days, default=None)


def _advance(latest: dt.date, candidates: Sequence[Candidate]) -> dt.date:
    """The first day on or after ``latest`` by which every past weekday the text names has
    come; with "yesterday" or "last night" in the text, the day after that and at least
    two days after the last weekday named (see the module docstring)."""
    weekdays = _past_weekdays(candidates)
    day = latest
    for span in range(_WEEK):  # seven consecutive days hold every weekday
        day = latest + dt.timedelta(days=span)
        if weekdays <= {(day - dt.timedelta(days=i)).weekday() for i in range(span + 1)}:
            break
    if any(c.kind == "yesterday" for c in candidates):
        day += dt.timedelta(days=2 if weekdays else 1)
    return day
