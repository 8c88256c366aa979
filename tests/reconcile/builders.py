"""Hand-made reconcile inputs: invented reports about an invented transport strike in France.

Places are real GeoNames entries (ids and coordinates), everything else is made up.
"""

from __future__ import annotations

from crisisdesk.reconcile import ReconcileItem
from crisisdesk.records import Actor, Document, DocumentFacts, Event, Place
from crisisdesk.vocab import EVENT_KINDS

# name -> (kind, country, lat, lon, geonameid, admin1)
PLACES: dict[str, tuple[str, str, float, float, int, str | None]] = {
    "Lyon": ("city", "FR", 45.748, 4.847, 2996944, "Auvergne-Rhône-Alpes"),
    "Villeurbanne": ("city", "FR", 45.767, 4.880, 2968254, "Auvergne-Rhône-Alpes"),
    "Marseille": ("city", "FR", 43.297, 5.381, 2995469, "Provence-Alpes-Côte d'Azur"),
    "Auvergne-Rhône-Alpes": ("region", "FR", 45.447, 4.386, 11071625, None),
    "France": ("country", "FR", 46.0, 2.0, 3017382, None),
}


def place(name: str, spelling: str | None = None) -> Place:
    """A facts place for one of :data:`PLACES`, written as ``spelling``."""
    kind, country, lat, lon, geonameid, admin1 = PLACES[name]
    return Place(spelling or name, name, country, kind, lat, lon, geonameid, 0, 1,
                 admin1=admin1)


def event(
    kind: str,
    quote: str,
    location: str | None,
    date: str | None = None,
    *,
    start: int = 0,
    precision: int = 1,
    historical: bool = False,
    actors: tuple[str, ...] = (),
) -> Event:
    """A facts event of ``kind`` at one of :data:`PLACES` (or nowhere)."""
    known = EVENT_KINDS[kind]
    lat = lon = None
    if location is not None:
        lat, lon = PLACES[location][2], PLACES[location][3]
    return Event(kind, known.acled_event_type, known.acled_sub_event_type, quote, start,
                 start + len(quote), date=date, date_precision=precision, location=location,
                 lat=lat, lon=lon, actors=list(actors), historical=historical)


def item(
    doc_id: str,
    text: str = "",
    published: str | None = "2031-03-10",
    *,
    events: list[Event] | None = None,
    places: list[Place] | None = None,
    actors: list[Actor] | None = None,
    source: str | None = None,
    language: str = "en",
) -> ReconcileItem:
    """One document with its facts; places default to those its events name."""
    text = text or f"Report {doc_id}."
    events = events or []
    if places is None:
        places = [place(e.location) for e in events if e.location is not None]
    document = Document(id=doc_id, text=text, source=source or f"Outlet {doc_id}",
                        published=published, language=language)
    facts = DocumentFacts(
        id=doc_id, source=document.source, url=None, title=f"Title {doc_id}",
        published=published, published_estimated=False, language=language,
        hash=document.hash, places=places, events=events, actors=actors or [],
    )
    return ReconcileItem(document, facts)


# An invented wire story, a syndicated copy of it (new headline and sign-off), a rewrite (new
# lead, sentences reordered and trimmed, a paragraph added) and an independent report of the
# same happening in other words.
WIRE = (
    "Transport workers walked off the job across the Lyon metropolitan area on Tuesday, "
    "halting trams and buses for a second day as talks over pay collapsed. Union leaders said "
    "more than four thousand drivers and mechanics had joined the strike, while the operator "
    "put the figure closer to two thousand. Police used tear gas near the main depot after "
    "a group of strikers blocked the exit and set tyres on fire. The regional council called "
    "an emergency meeting for Wednesday morning and urged both sides to return to the table. "
    "Commuters crowded onto the few regional trains still running, and several schools "
    "closed early because staff could not reach them."
)
COPY = (
    "LYON STRIKE ENTERS SECOND DAY\n" + WIRE
    + " This story was distributed by a news agency and is republished with permission."
)
REWRITE = (
    "Lyon's public transport stood still for a second day on Tuesday. Union leaders said "
    "more than four thousand drivers and mechanics had joined the strike, while the operator "
    "put the figure closer to two thousand. Transport workers walked off the job across the "
    "Lyon metropolitan area as talks over pay collapsed. Police used tear gas near the main "
    "depot after a group of strikers blocked the exit and set tyres on fire. The regional "
    "council called an emergency meeting for Wednesday morning and urged both sides to return "
    "to the table. Shop owners in the city centre said footfall had dropped by half since "
    "the stoppage began."
)
INDEPENDENT = (
    "Trams stayed in their sheds in Lyon again yesterday. Officers fired tear gas at dozens "
    "of striking drivers who had barricaded a bus garage with burning tyres, according to "
    "witnesses we spoke to. The walkout, now in its second day, began when negotiations on "
    "wages broke down; the operator says about two thousand employees stopped work, the "
    "union says twice that. Local officials will meet on Wednesday. Parents complained that "
    "several schools sent children home at lunchtime."
)
