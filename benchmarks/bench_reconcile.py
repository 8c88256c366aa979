"""Reconcile at scale: time and peak memory of ``reconcile`` on synthetic facts.

Usage::

    python benchmarks/bench_reconcile.py [--sizes 1000 10000 100000] [--seed 7] [--json FILE]

No NLP: a seeded generator builds documents and their facts directly, as extraction would give
them. Twelve invented countries of four regions of six towns each (coordinates scattered around
invented centres); each report is about one country, published on one of 180 days, with 3-12
event mentions (any kind of the vocabulary; 60% in a town, 15% a region, 20% the country, 5%
nowhere; 60% dated to the day within three days before publication, 10% to the month, 30%
undated; 3% historical, years back), 2-6 claims, 3-8 actors drawn from pools of people written
in several transliterations, organisations written as acronyms or in full, and groups, and a
text of about 150 words from a 3,000-word invented vocabulary. One report in ten is a
near-duplicate of an earlier one (5% of its words changed, published the same or next day).

Each size runs in a freshly started Python process, so its memory is its own: it generates the
corpus (not timed), then times one ``reconcile`` over it: "seconds" is wall time, "cpu_s" the
process's CPU time (the figure to trust on a shared machine), "docs_per_s" documents over wall
time. "corpus_mb" is the resident memory after generation, "peak_rss_mb" the process's peak
(``resource.getrusage``) after reconcile. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from typing import Any

from crisisdesk.reconcile import ReconcileItem, reconcile
from crisisdesk.records import Actor, Claim, Document, DocumentFacts, Event, Label, Place
from crisisdesk.vocab import ACTOR_GROUPS, EVENT_KINDS, MEASURES

START = dt.date(2031, 1, 1)
DAYS = 180
COUNTRIES = 12
REGIONS = 4
TOWNS = 6
WORDS = 150
VOCABULARY = 3000
DUPLICATE_SHARE = 0.1
_SYLLABLES = ("ka", "lo", "mi", "ren", "dus", "ta", "vor", "el", "an", "sik", "po", "ur", "ze")
_GIVEN = ("Jamal", "Yevgeny", "Kasym", "Olek", "Dmitri", "Yusuf", "Zhanna", "Khalid")
_SURNAMES = ("Khasanov", "Zhukov", "Yusupov", "Dzhaparov", "Kaliyev", "Shevchuk", "Tokhtarov")
# how outlets re-spell a name: (variant, replacement)
_RESPELL = (("Kh", "H"), ("Zh", "J"), ("Dzh", "J"), ("Y", "I"), ("ov", "off"), ("iy", "i"))
_ORGS = ("National Liberation Front", "Civic Union Party", "United Workers Council",
         "Regional Security Pact", "Popular Defence Committee")


def _word(rnd: random.Random) -> str:
    return "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.randint(1, 4)))


class World:
    """The invented geography and cast shared by every report of one corpus."""

    def __init__(self, rnd: random.Random) -> None:
        self.places: list[list[Place]] = []  # per country: country, regions, towns
        geonameid = 1
        for c in range(COUNTRIES):
            lat, lon = rnd.uniform(-40, 55), rnd.uniform(-100, 120)
            name = f"Country{c}"
            places = [Place(name, name, f"X{c}", "country", lat, lon, geonameid, 0, 0)]
            geonameid += 1
            for r in range(REGIONS):
                rlat, rlon = lat + rnd.uniform(-3, 3), lon + rnd.uniform(-3, 3)
                region = f"Region{c}-{r}"
                places.append(Place(region, region, f"X{c}", "region", rlat, rlon, geonameid,
                                    0, 0))
                geonameid += 1
                for t in range(TOWNS):
                    town = f"Town{c}-{r}-{t}"
                    places.append(Place(town, town, f"X{c}", "city",
                                        rlat + rnd.uniform(-0.8, 0.8),
                                        rlon + rnd.uniform(-0.8, 0.8), geonameid, 0, 0,
                                        admin1=region))
                    geonameid += 1
            self.places.append(places)
        self.vocabulary = sorted({_word(rnd) for _ in range(VOCABULARY * 2)})[:VOCABULARY]
        self.people = [f"{g} {s}" for g in _GIVEN for s in _SURNAMES]


def _spelling(rnd: random.Random, name: str) -> str:
    for variant, replacement in _RESPELL:
        if variant in name and rnd.random() < 0.3:
            name = name.replace(variant, replacement)
    return name


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _event(rnd: random.Random, world: World, country: int, published: dt.date) -> Event:
    kind = rnd.choice(sorted(EVENT_KINDS))
    known = EVENT_KINDS[kind]
    places = world.places[country]
    roll = rnd.random()
    place = (places[0] if roll < 0.2 else
             rnd.choice([p for p in places if p.kind == "region"]) if roll < 0.35 else
             None if roll < 0.4 else rnd.choice([p for p in places if p.kind == "city"]))
    historical = rnd.random() < 0.03
    date: str | None = None
    precision = 3
    if historical:
        date = f"{published.year - rnd.randint(5, 15)}-01-01"
    elif (roll := rnd.random()) < 0.6:
        date, precision = (published - dt.timedelta(days=rnd.randint(0, 3))).isoformat(), 1
    elif roll < 0.7:
        date = published.replace(day=1).isoformat()
    start = rnd.randint(0, 800)
    return Event(kind, known.acled_event_type, known.acled_sub_event_type,
                 " ".join(rnd.choices(world.vocabulary, k=8)), start, start + 60, date=date,
                 date_precision=precision, location=place.canonical if place else None,
                 lat=place.lat if place else None, lon=place.lon if place else None,
                 historical=historical)


def _actors(rnd: random.Random, world: World) -> list[Actor]:
    actors = []
    for _ in range(rnd.randint(3, 8)):
        roll = rnd.random()
        if roll < 0.4:
            name = _spelling(rnd, rnd.choice(world.people))
            actors.append(Actor(name, name, "person"))
        elif roll < 0.7:
            org = rnd.choice(_ORGS)
            name = _acronym(org) if rnd.random() < 0.5 else org
            actors.append(Actor(name, name, "organisation"))
        else:
            group = rnd.choice(ACTOR_GROUPS)
            actors.append(Actor(group, group, "group"))
    return actors


def _report(rnd: random.Random, world: World, index: int) -> ReconcileItem:
    country = rnd.randrange(COUNTRIES)
    published = START + dt.timedelta(days=rnd.randrange(DAYS))
    text = " ".join(rnd.choices(world.vocabulary, k=rnd.randint(WORDS // 2, WORDS * 3 // 2)))
    doc_id = f"r{index:07d}"
    events = [_event(rnd, world, country, published) for _ in range(rnd.randint(3, 12))]
    claims = [
        Claim(rnd.choice(MEASURES), float(rnd.choice((3, 12, 40, 200, 2000))), "exact",
              "claim quote", i * 10, i * 10 + 8, who=rnd.choice(ACTOR_GROUPS),
              location=world.places[country][0].canonical, as_of=published.isoformat())
        for i in range(rnd.randint(2, 6))
    ]
    labels = [Label(rnd.choice(ACTOR_GROUPS), rnd.choice(("rioters", "people", "troops")), 0, 5)
              for _ in range(rnd.randint(0, 4))]
    names = {e.location for e in events}
    places = [p for p in world.places[country] if p.canonical in names] or [
        world.places[country][0]
    ]
    document = Document(id=doc_id, text=text, source=f"Outlet{rnd.randrange(300)}",
                        published=published.isoformat(), language="en")
    facts = DocumentFacts(id=doc_id, source=document.source, url=None, title=None,
                          published=document.published, published_estimated=False,
                          language="en", hash=document.hash, places=places, claims=claims,
                          events=events, actors=_actors(rnd, world), labels=labels)
    return ReconcileItem(document, facts)


def _near_copy(
    rnd: random.Random, world: World, original: ReconcileItem, index: int
) -> ReconcileItem:
    words = original.document.text.split()
    for i in rnd.sample(range(len(words)), k=max(1, len(words) // 20)):
        words[i] = rnd.choice(world.vocabulary)
    published = dt.date.fromisoformat(original.facts.published or START.isoformat())
    published += dt.timedelta(days=rnd.randint(0, 1))
    doc_id = f"r{index:07d}"
    document = Document(id=doc_id, text=" ".join(words), source=f"Outlet{rnd.randrange(300)}",
                        published=published.isoformat(), language="en")
    facts = DocumentFacts.from_dict({**original.facts.to_dict(), "id": doc_id,
                                     "source": document.source, "hash": document.hash,
                                     "published": document.published})
    return ReconcileItem(document, facts)


def corpus(size: int, seed: int) -> list[ReconcileItem]:
    """``size`` synthetic reports with their facts; the same seed gives the same corpus."""
    rnd = random.Random(seed)
    world = World(rnd)
    items: list[ReconcileItem] = []
    for index in range(size):
        if items and rnd.random() < DUPLICATE_SHARE:
            items.append(_near_copy(rnd, world, rnd.choice(items), index))
        else:
            items.append(_report(rnd, world, index))
    return items


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def measure(size: int, seed: int) -> dict[str, Any]:
    """Generate a corpus and time one reconcile over it (run in a fresh process)."""
    items = corpus(size, seed)
    corpus_mb = _rss_mb()
    began, began_cpu = time.perf_counter(), time.process_time()
    situation = reconcile(items)
    seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    return {
        "documents": size,
        "mentions": sum(len(i.facts.events) for i in items),
        "events": len(situation.events),
        "duplicates": sum(1 for d in situation.documents if d.duplicate_of),
        "actors": len(situation.actors),
        "claim_groups": len(situation.claim_groups),
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "docs_per_s": round(size / seconds),
        "corpus_mb": round(corpus_mb),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the environment and results here")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.seed)))
        return
    results = []
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed)],
            check=True, capture_output=True, text=True,
        )
        results.append(json.loads(out.stdout))
        print(f"{size} done in {results[-1]['seconds']} s", file=sys.stderr)
    columns = ("documents", "mentions", "events", "duplicates", "actors", "claim_groups",
               "seconds", "cpu_s", "docs_per_s", "corpus_mb", "peak_rss_mb")
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in results:
        print("| " + " | ".join(str(row[c]) for c in columns) + " |")
    if args.json:
        env = {"python": platform.python_version(), "machine": platform.machine(),
               "cpus": os.cpu_count(), "platform": platform.platform()}
        with open(args.json, "w", encoding="utf-8") as out_file:
            json.dump({"environment": env, "results": results}, out_file, indent=2)


if __name__ == "__main__":
    main()
