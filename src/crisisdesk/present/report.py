"""A Markdown situation report an analyst could send (``crisisdesk report``).

From one :class:`~crisisdesk.reconcile.Situation`, in this order:

1. a title with the period the events cover and the date the report is as of; the period
   leaves out background (historical) events and events dated after the latest report (its
   ``as_of``, else the latest publication day), and the line under the title says so;
2. summary counts (documents, sources, events, how many are confirmed independently, figure
   groups by status);
3. the timeline by day: each event with its kind, place, number of sources and one quote;
   undated events after the dated ones, then events dated after the latest report, background
   (historical) events last;
4. disagreements: the figure groups that grow over time or contradict, with their explanation;
5. key figures: every figure group with its range, conservative figure and each figure's
   provenance (outlet, attribution, as-of date, quote);
6. places, with their events, dates and sources (those of the period);
7. framing by source: the labels each outlet uses for each actor group;
8. the sources read, with copies, failed and non-English documents marked.

Every piece of text that comes from an article (quotes, titles, outlet and place names) is
escaped, so a report cannot carry Markdown or HTML of an article's making.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from crisisdesk.present.compare import (
    conservative,
    count_of,
    figure_range,
    framing_rows,
    label_counts,
    measure_order,
    outlets,
    source_names,
)
from crisisdesk.present.tables import format_value
from crisisdesk.reconcile.situation import (
    STATUSES,
    ClaimGroup,
    DocumentEntry,
    LedgerClaim,
    Situation,
    SituationEvent,
)

# Longest quote shown, in characters: about two lines of a rendered report, enough for the
# sentence's core claim (ACLED's notes run about this long per source).
QUOTE_CHARS = 200
# Punctuation that means something to Markdown inside a line (emphasis, code, links, table
# cells, strikethrough, GitHub's $math$), escaped with a backslash as CommonMark allows; text
# from articles never starts a line here, so line-start markers ("#", "-", "1.") stay inert.
# "<", ">" and "&" become HTML entities so no tag or entity survives.
_MARKDOWN = re.compile(r"([\\`*_\[\]|~$])")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_CHARS = re.compile("[&<>]")
_STATES = {"non_english": "not in English", "failed": "failed"}


def escape(text: object) -> str:
    """Text from an article as inert Markdown: on one line, punctuation escaped, no HTML."""
    flat = " ".join(str(text).split())
    return _MARKDOWN.sub(r"\\\1", _HTML_CHARS.sub(lambda m: _HTML[m.group()], flat))


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) > QUOTE_CHARS:
        flat = flat[: QUOTE_CHARS - 1].rstrip() + "…"
    return f"“{escape(flat)}”"


def _words(name: str) -> str:
    """A vocabulary name for reading: "state_of_emergency" -> "State of emergency"."""
    return escape(name.replace("_", " ").capitalize())


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A Markdown table; cells must already be escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines if len(lines) > 2 else ["(none)"]


def _latest(situation: Situation) -> str | None:
    """The last day the report can speak for: its ``as_of``, else the latest publication day
    of its documents (estimated ones included), None if no document is dated."""
    if situation.as_of:
        return situation.as_of[:10]
    published = [d.published[:10] for d in situation.documents if d.published]
    return max(published) if published else None


def _is_later(event: SituationEvent, latest: str | None) -> bool:
    """Whether a current event is dated after the latest report: announced, forecast or a
    misread date, not something the reports saw happen."""
    return bool(event.date and latest and not event.historical and event.date[:10] > latest)


def _period(situation: Situation) -> str:
    """The first to the last day of the current events the reports saw happen (background and
    events dated after the latest report left out)."""
    latest = _latest(situation)
    dates = sorted(
        e.date[:10] for e in situation.events
        if e.date and not e.historical and not _is_later(e, latest)
    )
    if not dates:
        return "dates unknown"
    return dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"


def _period_note(situation: Situation) -> str:
    """What the title's period leaves out, as a sentence ("" if nothing)."""
    latest = _latest(situation)
    background = sum(1 for e in situation.events if e.historical)
    later = sum(1 for e in situation.events if _is_later(e, latest))
    left_out = []
    if background:
        left_out.append(f"{count_of(background, 'earlier event')} the reports recall")
    if later:
        left_out.append(f"{count_of(later, 'event')} dated after the latest report "
                        f"({latest}: announced, forecast or misdated)")
    return f" The period leaves out {' and '.join(left_out)}." if left_out else ""


def _as_of(situation: Situation) -> str:
    if situation.as_of:
        return f"as of {situation.as_of} (only what had been reported by then)"
    published = [d.published for d in situation.documents if d.published]
    return f"as of {max(published)} (latest report)" if published else "as of: undated reports"


def _event_line(event: SituationEvent, names: dict[str, str], with_date: bool) -> str:
    """ "- **Curfew** in Lorn — 2 reports, 2 independent (A, B). A: “quote”" """
    where = f" in {escape(event.location)}" if event.location else ""
    when = f"{event.date}: " if with_date and event.date else ""
    sources = [escape(o) for o in outlets(event.sources, names)]
    count = count_of(len(event.sources), "report")
    if len(event.sources) > 1:
        count += f", {event.independent_sources} independent"
    line = f"- {when}**{_words(event.kind)}**{where} — {count} ({', '.join(sources)})."
    if event.mentions:
        first = event.mentions[0]
        teller = escape(names.get(first.doc, first.doc))
        line += f" {teller + ': ' if len(sources) > 1 else ''}{_quote(first.quote)}"
    return line


def _timeline(situation: Situation, names: dict[str, str]) -> list[str]:
    latest = _latest(situation)
    by_day: dict[str, list[SituationEvent]] = defaultdict(list)
    undated, later, background = [], [], []
    for event in situation.events:
        if event.historical:
            background.append(event)
        elif _is_later(event, latest):
            later.append(event)
        elif event.date:
            by_day[event.date].append(event)
        else:
            undated.append(event)
    lines = ["## Timeline", ""]
    for day in sorted(by_day):
        lines += [f"### {day}", "", *(_event_line(e, names, False) for e in by_day[day]), ""]
    if undated:
        lines += ["### Date not reported", "", *(_event_line(e, names, False) for e in undated),
                  ""]
    sections = (
        (later, "### Dated after the latest report (announced, forecast or misdated)"),
        (background, "### Background (earlier events the reports recall)"),
    )
    for events, title in sections:
        if events:
            lines += [title, "", *(_event_line(e, names, True) for e in sorted(
                events, key=lambda e: (e.date or "", e.id))), ""]
    if len(lines) == 2:
        lines += ["No events reported.", ""]
    return lines


def _group_title(group: ClaimGroup) -> str:
    who = f", {_words(group.who).lower()}" if group.who else ""
    where = f", {escape(group.location)}" if group.location else ""
    return f"**{_words(group.measure)}**{who}{where}"


def _claim_line(claim: LedgerClaim, names: dict[str, str]) -> str:
    outlet = escape(claim.source or names.get(claim.doc, claim.doc))
    details = [f"published {claim.published}" if claim.published else ""]
    if claim.attributed_to:
        details.append(f"attributed to {escape(claim.attributed_to)}")
    if claim.as_of:
        details.append(f"as of {claim.as_of}")
    said = "; ".join(d for d in details if d)
    return (f"  - {escape(format_value(claim.to_dict()))} — {outlet}"
            + (f" ({said})" if said else "") + f": {_quote(claim.quote)}")


def _disagreements(groups: Sequence[ClaimGroup]) -> list[str]:
    lines = ["## Disagreements between reports", ""]
    for group in groups:
        if group.status in ("grows", "contradicts"):
            verb = "grows over time" if group.status == "grows" else "**contradicts**"
            lines.append(f"- {_group_title(group)}: {verb} — {escape(group.explanation)}")
    if len(lines) == 2:
        lines.append("No figures disagree.")
    return [*lines, ""]


def _key_figures(groups: Sequence[ClaimGroup], names: dict[str, str]) -> list[str]:
    lines = ["## Key figures", ""]
    for group in groups:
        span = escape(figure_range(group) or "?")
        coded = f"; conservative figure {escape(conservative(group))}" \
            if group.conservative is not None else ""
        lines.append(f"- {_group_title(group)}: {span} — *{group.status}*{coded}. "
                     f"{escape(group.explanation)}")
        lines += [_claim_line(c, names) for c in group.claims]
    if len(lines) == 2:
        lines.append("No figures reported.")
    return [*lines, ""]


def _places(situation: Situation, names: dict[str, str]) -> list[str]:
    """The places of the current events the reports saw happen (as the title's period)."""
    latest = _latest(situation)
    by_place: dict[str, list[SituationEvent]] = defaultdict(list)
    for event in situation.events:
        if event.location and not event.historical and not _is_later(event, latest):
            by_place[event.location].append(event)
    rows = []
    for place in sorted(by_place, key=lambda p: (-len(by_place[p]), p)):
        here = by_place[place]
        dates = sorted(e.date for e in here if e.date)
        kinds = Counter(e.kind for e in here)
        points = [(e.lat, e.lon) for e in here if e.lat is not None and e.lon is not None]
        rows.append([
            escape(place),
            f"{points[0][0]:.3f}, {points[0][1]:.3f}" if points else "",
            ", ".join(f"{_words(k).lower()} ×{n}" for k, n in sorted(kinds.items())),
            f"{dates[0]} to {dates[-1]}" if dates and dates[0] != dates[-1] else
            (dates[0] if dates else ""),
            str(len(outlets([d for e in here for d in e.sources], names))),
        ])
    return ["## Places", "", *_table(["place", "lat, lon", "events", "dates", "sources"], rows),
            ""]


def _framing(situation: Situation) -> list[str]:
    rows = [
        [escape(source), _words(group).lower(), escape(label_counts(cells))]
        for source, group, cells in framing_rows(situation.framing)
    ]
    return ["## Framing by source", "",
            "How each outlet names each actor group (label ×times used).", "",
            *_table(["source", "actor group", "labels"], rows), ""]


def _state(status: str) -> str:
    """A document status for reading: "non_english" -> "not in English"."""
    return _STATES.get(status, escape(status))


def _status(document: DocumentEntry) -> str:
    if document.status == "ok":
        return f"copy of {escape(document.duplicate_of)}" if document.duplicate_of else "read"
    error = f": {escape(document.error)}" if document.error else ""
    return f"**{_state(document.status)}**{error}"


def _sources(documents: Sequence[DocumentEntry]) -> list[str]:
    rows = [
        [escape(d.id), escape(d.source or "?"), escape(d.title or ""),
         (d.published or "?") + (" (estimated)" if d.published_estimated else ""), _status(d)]
        for d in documents
    ]
    return ["## Sources", "",
            *_table(["document", "outlet", "title", "published", "status"], rows), ""]


def _summary(situation: Situation) -> list[str]:
    documents = situation.documents
    ok = [d for d in documents if d.status == "ok"]
    states = Counter(d.status for d in documents if d.status != "ok")
    statuses = Counter(g.status for g in situation.claim_groups)
    current = [e for e in situation.events if not e.historical]
    confirmed = sum(1 for e in current if e.independent_sources >= 2)
    copies = sum(1 for d in ok if d.duplicate_of)
    return [
        "## Summary",
        "",
        f"- {count_of(len(documents), 'document')} from "
        f"{count_of(len({d.source for d in ok if d.source}), 'outlet')}: "
        f"{len(ok)} read ({copies} of them copies or rewrites of others)"
        + "".join(f", {n} {_state(s)}" for s, n in sorted(states.items())) + ".",
        f"- {count_of(len(current), 'event')}, {confirmed} confirmed by at least two independent "
        f"sources; {count_of(len(situation.events) - len(current), 'earlier event')} recalled as "
        "background.",
        f"- {count_of(len(situation.claim_groups), 'figure group')}: "
        + ", ".join(f"{statuses[s]} {s}" for s in STATUSES) + ".",
        "",
    ]


def situation_report(situation: Situation) -> str:
    """The Markdown situation report of ``situation``."""
    names = source_names(situation)
    groups = sorted(situation.claim_groups, key=measure_order)
    lines = [
        f"# Situation report: {_period(situation)}",
        "",
        f"*{_as_of(situation)}; compiled by crisisdesk from {len(situation.documents)} "
        f"documents. Every figure names who reported it.{_period_note(situation)}*",
        "",
        *_summary(situation),
        *_timeline(situation, names),
        *_disagreements(groups),
        *_key_figures(groups, names),
        *_places(situation, names),
        *_framing(situation),
        *_sources(situation.documents),
    ]
    return "\n".join(lines).rstrip() + "\n"
