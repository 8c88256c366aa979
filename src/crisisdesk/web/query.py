"""What the API serves, as pure functions of a situation: filters, pages and evidence in context.

A :class:`View` is one reconciled :class:`~crisisdesk.reconcile.Situation` turned into plain
dicts once, with the little that filters need precomputed (each document's outlet), so that
listing and filtering 10,000 events is a scan of dicts (benchmarks/bench_api.py). Nothing here
touches a database or the web framework: the handlers in :mod:`crisisdesk.web.api` only parse
parameters and call these.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from crisisdesk.reconcile.situation import Situation

Item = dict[str, Any]

# Characters of document text shown either side of a quote in the evidence panel: about two
# sentences of news prose (a news sentence averages 120-150 characters), enough to judge the
# quote without reading the whole article.
CONTEXT_CHARS = 300

# Links the page may show: only web addresses (a "javascript:" or "data:" URL in a feed must
# never become a clickable link).
_SAFE_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Filters:
    """The filters every list shares; None or empty means "no filter"."""

    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    kinds: tuple[str, ...] = ()
    place: str | None = None  # substring of the location (or the country code)
    source: str | None = None  # substring of the outlet, or a document id


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address, else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in _SAFE_SCHEMES else None


def _contains(haystack: str | None, needle: str | None) -> bool:
    return needle is None or (haystack is not None and needle.lower() in haystack.lower())


def _in_range(day: str | None, filters: Filters) -> bool:
    if filters.since is None and filters.until is None:
        return True
    if day is None:
        return False
    day = day[:10]
    return (filters.since is None or day >= filters.since) and (
        filters.until is None or day <= filters.until
    )


class View:
    """One situation ready to serve (see the module docstring)."""

    def __init__(self, situation: Situation, generation: int = 0) -> None:
        data = situation.to_dict()
        self.as_of: str | None = situation.as_of
        self.generation = generation  # the store's write count when it was reconciled
        self.documents: list[Item] = data["documents"]
        for document in self.documents:
            document["url"] = safe_url(document.get("url"))
        self.events: list[Item] = data["events"]
        self.claim_groups: list[Item] = data["claim_groups"]
        self.actors: list[Item] = data["actors"]
        self.framing: list[Item] = data["framing"]
        self.places: list[Item] = data["places"]
        self.by_doc: dict[str, Item] = {d["id"]: d for d in self.documents}
        self.events_by_id: dict[str, Item] = {e["id"]: e for e in self.events}
        self._encoded: dict[int, str] = {}

    def encoded(self, item: Item) -> str:
        """``item`` (one of this view's records) as JSON, encoded on first use: serialising
        was most of the time of listing 10,000 events (benchmarks/bench_api.py)."""
        key = id(item)  # the view's records live as long as the view: ids stay unique
        found = self._encoded.get(key)
        if found is None:
            found = self._encoded[key] = json.dumps(item, ensure_ascii=False)
        return found

    def outlet(self, doc_id: str) -> str | None:
        document = self.by_doc.get(doc_id)
        return document.get("source") if document else None

    def _from_source(self, doc_ids: Iterable[str], source: str | None) -> bool:
        """Whether any of the documents is ``source`` (an id) or from an outlet containing it."""
        if source is None:
            return True
        return any(d == source or _contains(self.outlet(d), source) for d in doc_ids)

    # --- lists -------------------------------------------------------------------------------

    def find_events(self, filters: Filters) -> list[Item]:
        kinds = set(filters.kinds)
        return [
            e
            for e in self.events
            if (not kinds or e["kind"] in kinds)
            and _in_range(e.get("date"), filters)
            and (_contains(e.get("location"), filters.place) or _is_country(e, filters.place))
            and self._from_source(e["sources"], filters.source)
        ]

    def find_claim_groups(
        self, filters: Filters, measure: str | None = None, status: str | None = None
    ) -> list[Item]:
        def dated(group: Item) -> bool:
            return any(_in_range(c.get("as_of") or c.get("published"), filters)
                       for c in group["claims"])

        return [
            g
            for g in self.claim_groups
            if (measure is None or g["measure"] == measure)
            and (status is None or g["status"] == status)
            and _contains(g.get("location"), filters.place)
            and self._from_source([c["doc"] for c in g["claims"]], filters.source)
            and dated(g)
        ]

    def find_documents(self, filters: Filters) -> list[Item]:
        return [
            d
            for d in self.documents
            if _in_range(d.get("published"), filters)
            and (filters.source is None or self._from_source([d["id"]], filters.source))
        ]

    def find_actors(self, filters: Filters, type_: str | None = None) -> list[Item]:
        return [
            a
            for a in self.actors
            if (type_ is None or a["type"] == type_)
            and self._from_source(a.get("documents", []), filters.source)
        ]

    def find_framing(self, filters: Filters, actor_group: str | None = None) -> list[Item]:
        return [
            c
            for c in self.framing
            if (actor_group is None or c["actor_group"] == actor_group)
            and _contains(c["source"], filters.source)
        ]

    # --- summary -----------------------------------------------------------------------------

    def summary(self) -> Item:
        """Counts, the kinds present and the days reports were published (the as-of steps)."""
        days = sorted({d["published"][:10] for d in self.documents if d.get("published")})
        return {
            "as_of": self.as_of,
            "counts": {
                "documents": len(self.documents),
                "events": len(self.events),
                "claim_groups": len(self.claim_groups),
                "actors": len(self.actors),
                "framing": len(self.framing),
            },
            "kinds_present": sorted({e["kind"] for e in self.events}),
            "report_days": days,
            "event_days": sorted({e["date"][:10] for e in self.events if e.get("date")}),
        }


def _is_country(event: Item, place: str | None) -> bool:
    return place is not None and (event.get("country") or "").lower() == place.lower()


def page(view: View, items: Sequence[Item], offset: int, limit: int) -> bytes:
    """One page of a list as JSON: ``total`` matches, and ``items`` from ``offset``, ``limit``
    at most. Each item is encoded once per view and reused (see :meth:`View.encoded`)."""
    head = json.dumps({"total": len(items), "offset": offset, "limit": limit})
    body = ",".join(view.encoded(item) for item in items[offset : offset + limit])
    return f'{head[:-1]},"items":[{body}]}}'.encode()


def in_context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> Item:
    """The text around ``text[start:end]``: ``before``, ``quote``, ``after``, the context cut at
    a space so that no word is split (unless a single word is longer than ``chars``)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    lo = max(0, start - chars)
    hi = min(len(text), end + chars)
    if lo > 0 and not text[lo - 1].isspace() and (space := text.find(" ", lo, start)) != -1:
        lo = space + 1
    if hi < len(text) and not text[hi].isspace() and (space := text.rfind(" ", end, hi)) != -1:
        hi = space
    return {
        "before": text[lo:start],
        "quote": text[start:end],
        "after": text[end:hi],
        "clipped_before": lo > 0,
        "clipped_after": hi < len(text),
    }


def evidence(view: View, event: Item, text_of: Callable[[str], str | None]) -> list[Item]:
    """Every mention of ``event`` with its document's outlet, title, date, safe link and the
    document text around the quote (``text_of`` gives a document's text, None if gone)."""
    found = []
    for mention in event["mentions"]:
        document = view.by_doc.get(mention["doc"], {})
        text = text_of(mention["doc"])
        context = (
            in_context(text, mention["start"], mention["end"])
            if text is not None
            else {"before": "", "quote": mention["quote"], "after": "",
                  "clipped_before": False, "clipped_after": False}
        )
        found.append({
            **mention,
            "source": document.get("source"),
            "title": document.get("title"),
            "published": document.get("published"),
            "url": document.get("url"),
            "duplicate_of": document.get("duplicate_of"),
            "context": context,
        })
    return found
