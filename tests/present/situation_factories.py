"""Hand-made situations for the present tests, independent of reconcile's heuristics.

An invented crisis: unrest in the fictional Republic of Verda (towns Port Verda and Lorn),
reported by three outlets, one of which reprints another, plus a failed and a non-English
document.
"""

from __future__ import annotations

from crisisdesk.reconcile.situation import (
    ClaimGroup,
    DocumentEntry,
    FramingCell,
    LedgerClaim,
    Mention,
    ResolvedActor,
    Situation,
    SituationEvent,
)

# A quote that tries to inject Markdown and HTML into a report.
HOSTILE = 'Crowds chanted <script>alert(1)</script> | *free them* [now](http://x) `rm`'


def documents() -> list[DocumentEntry]:
    return [
        DocumentEntry("a1", "Riots in Port Verda", "Verda Times", "2031-05-10"),
        DocumentEntry("b1", "Unrest spreads", "Lorn Herald", "2031-05-11"),
        DocumentEntry("b2", "Unrest spreads", "Coast Wire", "2031-05-11", duplicate_of="b1"),
        DocumentEntry("c1", None, "Radio Sud", "2031-05-12", status="non_english",
                      error="language 'fr' is not supported"),
        DocumentEntry("x1", None, None, None, status="failed", error="empty file"),
    ]


def event(event_id: str, kind: str, date: str | None, location: str | None,
          sources: list[str], independent: int, quote: str = "something happened",
          **extra: object) -> SituationEvent:
    mentions = [Mention(doc, quote, 0, len(quote)) for doc in sources]
    coords = {"Port Verda": (43.2, 76.9), "Lorn": (44.0, 77.0)}.get(location or "")
    lat, lon = coords if coords else (None, None)
    types = {
        "riot": ("Riots", "Violent demonstration"),
        "protest": ("Protests", "Peaceful protest"),
        "arrests": ("Strategic developments", "Arrests"),
        "state_of_emergency": ("Strategic developments", "Change to group/activity"),
    }[kind]
    return SituationEvent(
        id=event_id, kind=kind, acled_event_type=types[0], acled_sub_event_type=types[1],
        date=date, location=location, lat=lat, lon=lon, sources=sources,
        independent_sources=independent, mentions=mentions, **extra,  # type: ignore[arg-type]
    )


def claim(doc: str, value: float, qualifier: str = "exact", **extra: object) -> LedgerClaim:
    quote = str(extra.pop("quote", f"{value:g} people"))
    return LedgerClaim(doc=doc, value=value, qualifier=qualifier, quote=quote, start=0,
                       end=len(quote), **extra)  # type: ignore[arg-type]


def group(group_id: str, measure: str, who: str | None, location: str | None, status: str,
          claims: list[LedgerClaim], conservative: float | None, explanation: str = "",
          unit: str | None = None) -> ClaimGroup:
    values = [c.value for c in claims] + [c.value_max for c in claims if c.value_max]
    return ClaimGroup(
        id=group_id, measure=measure, who=who, location=location, status=status,
        explanation=explanation or f"{status} across {len(claims)} reports", claims=claims,
        unit=unit, low=min(values), high=max(values), conservative=conservative,
    )


def situation(as_of: str | None = None) -> Situation:
    """Three events (one historical), four claim groups (one of each status), framing."""
    return Situation(
        documents=documents(),
        events=[
            event("e1", "riot", "2031-05-09", "Port Verda", ["a1", "b1", "b2"], 2,
                  quote="Rioters torched the town hall in Port Verda", date_precision=1,
                  country="KZ", actors=["rioters", "police"], first_reported="2031-05-10"),
            event("e2", "protest", "2031-05-10", "Lorn", ["b1"], 1, quote=HOSTILE,
                  first_reported="2031-05-11"),
            event("e3", "state_of_emergency", "2031-05-10", None, ["a1", "b1"], 2,
                  quote="A state of emergency was declared nationwide"),
            event("e4", "riot", "2011-12-16", "Lorn", ["a1"], 1, historical=True,
                  quote="Riots in Lorn in 2011 left many dead"),
        ],
        claim_groups=[
            group("g1", "killed", "security_forces", "Port Verda", "agree",
                  [claim("a1", 2, source="Verda Times", attributed_to="the ministry"),
                   claim("b1", 2, source="Lorn Herald")], 2),
            group("g2", "killed", "protesters", "Port Verda", "contradicts",
                  [claim("a1", 5, source="Verda Times"),
                   claim("b1", 9, "at_least", source="Lorn Herald", attributed_to="medics")],
                  5, "5 (Verda Times) vs at least 9 (Lorn Herald) for the same day"),
            group("g3", "arrested", "people", None, "grows",
                  [claim("a1", 200, source="Verda Times", as_of="2031-05-09"),
                   claim("b1", 2000, source="Lorn Herald", as_of="2031-05-11")],
                  2000, "rose from 200 (2031-05-09) to 2,000 (2031-05-11)"),
            group("g4", "participants", "protesters", "Lorn", "single",
                  [claim("b1", 12, "vague", quote="Dozens of people " + HOSTILE,
                         source="Lorn Herald")], 12),
        ],
        actors=[ResolvedActor("Ivan Petrov", "person", ["Ivan Petrov", "Iwan Petroff"],
                              ["a1", "b1"])],
        framing=[
            FramingCell("Verda Times", "protesters", "rioters", 3),
            FramingCell("Verda Times", "protesters", "terrorists", 1),
            FramingCell("Lorn Herald", "protesters", "people", 2),
            FramingCell("Lorn Herald", "foreign_troops", "so-called peacekeepers", 1),
        ],
        as_of=as_of,
    )
