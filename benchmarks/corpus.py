"""A generator of synthetic news reports for scale benchmarks (JSON Lines, one report a line).

Usage::

    python benchmarks/corpus.py 10000 -o corpus-10k.jsonl [--seed 7]

Reports are assembled from English sentence templates written for this benchmark, filled
with the invented places, actors and figures of four invented crises. They read like wire
copy (a dateline, figures with qualifiers and sources, dates, places, actor labels) so that
extraction does its usual work, but they are fiction: use them for speed and memory, never for
accuracy. The same ``--seed`` and count always give the same file; every report is distinct.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO


@dataclass(frozen=True)
class Crisis:
    """The invented setting of one crisis."""

    country: str
    capital: str
    cities: tuple[str, ...]
    regions: tuple[str, ...]
    leader: str
    opposition: str
    forces: tuple[str, ...]
    crowd: tuple[str, ...]
    start: dt.date


CRISES = (
    Crisis(
        "Veloria",
        "Saint Amsel",
        ("Port Carrow", "Denholm", "Vesk", "Marrow Bay"),
        ("the Northern Highlands", "Carrow Province"),
        "President Ilan Dorsey",
        "the Civic Front",
        ("riot police", "the National Guard"),
        ("protesters", "demonstrators", "rioters"),
        dt.date(2031, 3, 2),
    ),
    Crisis(
        "Ostrania",
        "Belgrave",
        ("Talvik", "Oren", "Kessel", "Lumsk"),
        ("the Talvik Region", "the Eastern Steppe"),
        "Prime Minister Anna Kovel",
        "the Workers' Alliance",
        ("security forces", "interior ministry troops"),
        ("strikers", "protesters", "hooligans"),
        dt.date(2029, 11, 14),
    ),
    Crisis(
        "Sarindor",
        "Qasrin",
        ("Hadal", "Ebrun", "Tamsa", "Noor"),
        ("Hadal Governorate", "the Southern Delta"),
        "General Faris Maloun",
        "the Movement for Renewal",
        ("soldiers", "the army", "police"),
        ("protesters", "marchers", "insurgents"),
        dt.date(2030, 6, 20),
    ),
    Crisis(
        "Kalmeria",
        "Ruvena",
        ("Sorrel", "Atwick", "Brenn", "Castamar"),
        ("the Coastal Department", "Brenn Valley"),
        "Interior Minister Tomas Ruel",
        "the Students' Union",
        ("gendarmes", "riot police"),
        ("students", "protesters", "looters"),
        dt.date(2032, 1, 9),
    ),
)

OUTLETS = (
    "Meridian Wire",
    "The Daily Ledger",
    "Northgate Radio",
    "Global Dispatch",
    "Harbour Times",
    "Independent Monitor",
)
SOURCES = (
    "the health ministry",
    "a rights group",
    "the interior ministry",
    "local officials",
    "witnesses",
    "a hospital doctor",
    "the opposition",
    "the prosecutor's office",
)
QUALIFIERS = ("at least", "more than", "about", "nearly", "up to", "")
VAGUE = ("dozens of", "hundreds of", "thousands of", "scores of")
PRICES = ("fuel", "bread", "bus fares", "electricity", "cooking gas")

# Sentence templates: {…} slots are filled from the crisis and random figures.
TEMPLATES = (
    "{Forces} fired tear gas at {crowd} gathered in the centre of {city} on {day}, {source} said.",
    "{Qual} {n} people were killed and {m} injured in clashes in {city}, according to {source}.",
    "{Vague} {crowd} marched through {capital} demanding the resignation of {leader}.",
    "{Source} said {n} {crowd} had been arrested since {date}.",
    "A curfew was imposed in {city} and {region} from 10 p.m. to 6 a.m., {leader} announced.",
    "Internet access was cut across {country} on {day}, monitoring groups reported.",
    "{Forces} opened fire on a crowd outside the governor's office in {city}, witnesses said.",
    "The price of {good} rose from {p1} to {p2} crowns overnight, prompting the first protests.",
    "{Opposition} called for a general strike across {country} and urged supporters to stay calm.",
    "{Leader} declared a state of emergency in {region} for {k} days.",
    "Looters set fire to shops and a police station in {city} late on {day}.",
    "{Qual} {n} members of the security forces were wounded, {source} said on {day}.",
    "The government resigned on {date} after {k} days of unrest, state media reported.",
    "{Leader} described the {crowd} as terrorists trained abroad and vowed a tough response.",
    "Residents of {city} said soldiers had set up checkpoints on the main roads.",
    "{Qual} {n} people were taken to hospital in {capital}, {m} of them in intensive care.",
    "Negotiators from {opposition} and the government met in {capital} on {day}.",
    "Dozens of protesters were detained in {city}, where crowds tore down a statue.",
    "Troops from neighbouring states began arriving in {capital} on {date}, officials confirmed.",
    "In {city}, {crowd} blocked the railway line for a {ordinal} day.",
    "The airport in {capital} was closed after {crowd} stormed the terminal, {source} said.",
    "{Source} put the death toll at {n}, while {source2} said {m} had died.",
    "Shops and banks in {city} stayed shut on {day} as the army patrolled the streets.",
    "Authorities lowered the price of {good} to {p1} crowns in a bid to end the protests.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, crisis: Crisis, day0: dt.date, rng: random.Random) -> str:
    qualifier = rng.choice(QUALIFIERS)
    source, source2 = rng.sample(SOURCES, 2)
    forces = rng.choice(crisis.forces)
    slots = {
        "forces": forces,
        "Forces": _capital(forces),
        "crowd": rng.choice(crisis.crowd),
        "city": rng.choice(crisis.cities),
        "capital": crisis.capital,
        "region": rng.choice(crisis.regions),
        "country": crisis.country,
        "leader": crisis.leader,
        "Leader": crisis.leader,
        "opposition": crisis.opposition,
        "Opposition": _capital(crisis.opposition),
        "source": source,
        "Source": _capital(source),
        "source2": source2,
        "day": rng.choice(DAYS),
        "date": (day0 - dt.timedelta(days=rng.randint(1, 6))).strftime("%B %-d"),
        "n": f"{rng.randint(2, 4000):,}",
        "m": str(rng.randint(1, 300)),
        "k": str(rng.randint(2, 30)),
        "Qual": _capital(qualifier) if qualifier else "Some",
        "Vague": _capital(rng.choice(VAGUE)),
        "good": rng.choice(PRICES),
        "p1": str(rng.randint(40, 90)),
        "p2": str(rng.randint(100, 240)),
        "ordinal": rng.choice(ORDINALS),
    }
    return template.format(**slots)


def report(number: int, rng: random.Random) -> dict[str, str]:
    """One report: a dateline, then 12-24 different sentences (about 200-450 words) in
    paragraphs of 2-5 sentences."""
    crisis = rng.choice(CRISES)
    published = crisis.start + dt.timedelta(days=rng.randint(0, 20))
    outlet = rng.choice(OUTLETS)
    sentences = [
        _fill(t, crisis, published, rng) for t in rng.sample(TEMPLATES, k=rng.randint(12, 24))
    ]
    paragraphs, cut = [], 0
    while cut < len(sentences):
        size = rng.randint(2, 5)
        paragraphs.append(" ".join(sentences[cut : cut + size]))
        cut += size
    dateline = f"{crisis.capital.upper()}, {published:%B} {published.day} ({outlet}) - "
    return {
        "id": f"synthetic-{number:06d}",
        "title": f"Unrest in {crisis.country}: report {number}",
        "source": outlet,
        "published": published.isoformat(),
        "text": dateline + "\n\n".join(paragraphs),
    }


def reports(count: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """``count`` distinct reports, the same ones for the same seed."""
    rng = random.Random(seed)
    for number in range(count):
        yield report(number, rng)


def write(count: int, out: TextIO, seed: int = 7) -> None:
    for item in reports(count, seed):
        out.write(json.dumps(item, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="reports to generate (e.g. 1000, 10000, 100000)")
    parser.add_argument("-o", "--output", type=Path, help="JSONL file (default: stdout)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if args.output is None:
        write(args.count, sys.stdout, args.seed)
        return
    with args.output.open("w", encoding="utf-8") as out:
        write(args.count, out, args.seed)


if __name__ == "__main__":
    main()
