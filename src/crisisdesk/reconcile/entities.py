"""Entity resolution across documents: one actor, one place, however each outlet spells it.

Actors (extraction already resolved them within each document; this joins documents):

1. **People** match across transliterations with :func:`crisisdesk.names.same_person`
   ("Kassym-Jomart Tokayev", "Kasym-Zhomart Tokayev", "Tokayev"). Names are blocked by their
   folded surname, so only namesakes are compared. A bare surname joins the full name it can
   only be; when two different people share the surname it stays on its own, since guessing
   would merge them.
2. **Organisations** match by normalised name, and an acronym joins the full name it
   abbreviates (:func:`crisisdesk.names.is_acronym_of`: "CSTO" and "Collective Security Treaty
   Organization"), looked up by initial letter so that the cost stays linear.
3. **Groups and states** ("protesters", "Russia") match by normalised name.

Each resolved actor's ``canonical`` is its most widely used full variant (most documents, then
longest, then alphabetical) and ``variants`` lists every spelling seen.

Places were canonicalised against GeoNames by extraction ("Alma-Ata" is Almaty there); here they
are grouped by GeoNames id (or canonical name and country when there is no id).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from crisisdesk.names import acronym_of, is_acronym_of, name_tokens, normalise_name, same_person
from crisisdesk.reconcile.items import ReconcileItem
from crisisdesk.reconcile.situation import ResolvedActor, ResolvedPlace

_PERSON = "person"
_ORGANISATION = "organisation"
# Most letters an acronym has: the longest in common news use (e.g. "ECOWAS", "UNHCR", "MINUSMA")
# have 6-7; a longer all-capital word is a shouted name, not an acronym.
_MAX_ACRONYM = 8


@dataclass
class _Cluster:
    """Spellings of one actor being gathered: each variant with the documents that use it."""

    type: str
    variants: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, name: str, doc_id: str) -> None:
        self.variants[name].add(doc_id)

    def absorb(self, other: _Cluster) -> None:
        for name, docs in other.variants.items():
            self.variants[name] |= docs

    def documents(self) -> set[str]:
        return set().union(*self.variants.values())


class ActorIndex:
    """Resolved actors and the lookup from (document id, name as extracted) to canonical name."""

    def __init__(self, actors: list[ResolvedActor], names: dict[tuple[str, str], str]) -> None:
        self.actors = actors
        self._names = names

    def canonical(self, doc_id: str, name: str) -> str:
        """The resolved name of an actor a document names (the name itself when unknown)."""
        return self._names.get((doc_id, name), name)


def _is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return letters.isalpha() and letters.isupper() and 2 <= len(letters) <= _MAX_ACRONYM


def _canonical(cluster: _Cluster) -> str:
    """The variant most documents use; a full name beats an acronym or a bare surname."""

    def rank(name: str) -> tuple[int, int, int, str]:
        full = not _is_acronym(name) and len(name_tokens(name)) > 1
        return (-int(full), -len(cluster.variants[name]), -len(name), name)

    return min(cluster.variants, key=rank)


def _people(clusters: list[_Cluster]) -> list[_Cluster]:
    """Join clusters of people whose names can be one person, blocked by folded surname."""
    by_surname: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in clusters:
        tokens = name_tokens(_canonical(cluster))
        by_surname[tokens[-1] if tokens else ""].append(cluster)
    out: list[_Cluster] = []
    for block in by_surname.values():
        full = [c for c in block if len(name_tokens(_canonical(c))) > 1]
        short = [c for c in block if c not in full]
        merged: list[_Cluster] = []
        for cluster in full:
            name = _canonical(cluster)
            home = next((m for m in merged if same_person(name, _canonical(m))), None)
            if home is None:
                merged.append(cluster)
            else:
                home.absorb(cluster)
        for cluster in short:
            name = _canonical(cluster)
            homes = [m for m in merged if same_person(name, _canonical(m))]
            if len(homes) == 1:
                homes[0].absorb(cluster)
            else:
                merged.append(cluster)
        out.extend(merged)
    return out


def _organisations(clusters: list[_Cluster]) -> list[_Cluster]:
    """Join each acronym cluster to the one full-name cluster it abbreviates, if exactly one."""
    by_initial: dict[str, list[_Cluster]] = defaultdict(list)
    acronyms: list[_Cluster] = []
    for cluster in clusters:
        name = _canonical(cluster)
        if _is_acronym(name):
            acronyms.append(cluster)
        elif name:
            by_initial[acronym_of(name)[:1]].append(cluster)
    out = [c for block in by_initial.values() for c in block]
    for cluster in acronyms:
        acronym = _canonical(cluster)
        homes = [c for c in by_initial[acronym[:1]] if is_acronym_of(acronym, _canonical(c))]
        if len(homes) == 1:
            homes[0].absorb(cluster)
        else:
            out.append(cluster)
    return out


def resolve_actors(items: Sequence[ReconcileItem]) -> ActorIndex:
    """Every document's actors resolved into one list (most documents first, then by name)."""
    clusters: dict[tuple[str, str], _Cluster] = {}
    for item in items:
        doc_id = item.facts.id
        for actor in item.facts.actors:
            # within a document extraction already joined name and canonical: keep them together
            key = (actor.type, normalise_name(actor.canonical) or actor.canonical)
            cluster = clusters.setdefault(key, _Cluster(actor.type))
            cluster.add(actor.canonical, doc_id)
            cluster.add(actor.name, doc_id)
    by_type: dict[str, list[_Cluster]] = defaultdict(list)
    for key in sorted(clusters):
        by_type[key[0]].append(clusters[key])
    resolved: list[_Cluster] = []
    for actor_type, group in sorted(by_type.items()):
        if actor_type == _PERSON:
            resolved.extend(_people(group))
        elif actor_type == _ORGANISATION:
            resolved.extend(_organisations(group))
        else:
            resolved.extend(group)

    actors: list[ResolvedActor] = []
    names: dict[tuple[str, str], str] = {}
    for cluster in resolved:
        canonical = _canonical(cluster)
        documents = sorted(cluster.documents())
        actors.append(
            ResolvedActor(
                canonical=canonical,
                type=cluster.type,
                variants=sorted(cluster.variants),
                documents=documents,
            )
        )
        for name, docs in cluster.variants.items():
            for doc_id in docs:
                names[(doc_id, name)] = canonical
    actors.sort(key=lambda a: (-len(a.documents), a.canonical, a.type))
    return ActorIndex(actors, names)


def place_key(geonameid: int | None, canonical: str, country: str | None) -> str:
    """One key per real place: its GeoNames id, else its canonical name within its country."""
    return f"gn:{geonameid}" if geonameid is not None else f"{country or ''}:{canonical}"


def resolve_places(items: Iterable[ReconcileItem]) -> list[ResolvedPlace]:
    """Every place the documents name, one per real place, most documents first."""
    seen: dict[str, ResolvedPlace] = {}
    spellings: dict[str, set[str]] = defaultdict(set)
    documents: dict[str, set[str]] = defaultdict(set)
    for item in items:
        for place in item.facts.places:
            key = place_key(place.geonameid, place.canonical, place.country)
            resolved = seen.setdefault(
                key,
                ResolvedPlace(
                    canonical=place.canonical,
                    kind=place.kind,
                    country=place.country,
                    lat=place.lat,
                    lon=place.lon,
                    geonameid=place.geonameid,
                    admin1=place.admin1,
                ),
            )
            spellings[key].add(place.name)
            documents[key].add(item.facts.id)
    for key, resolved in seen.items():
        resolved.variants = sorted(spellings[key])
        resolved.documents = sorted(documents[key])
    return sorted(seen.values(), key=lambda p: (-len(p.documents), p.canonical, p.country or ""))
