"""``crisisdesk report``: the Markdown situation report on a hand-made situation, escaping of
article text, and the command end to end."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.cli import main
from crisisdesk.present.report import QUOTE_CHARS, escape, situation_report
from crisisdesk.reconcile.situation import Situation
from crisisdesk.store import open_store
from tests.factories import TEXT, sample
from tests.present.situation_factories import HOSTILE, event, situation


def _section(report: str, title: str) -> str:
    """The text of the "## title" section."""
    return report.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_title_gives_the_period_and_the_as_of_date() -> None:
    latest = situation_report(situation()).splitlines()
    assert latest[0] == "# Situation report: 2031-05-09 to 2031-05-10"  # not the 2011 riot
    assert latest[2].startswith("*as of 2031-05-12 (latest report)")
    cut = situation_report(situation(as_of="2031-05-11")).splitlines()
    assert cut[2].startswith("*as of 2031-05-11 (only what had been reported by then)")
    empty = situation_report(Situation())
    assert empty.startswith("# Situation report: dates unknown\n\n*as of: undated reports")


def test_period_leaves_out_background_and_events_after_the_latest_report() -> None:
    later = situation()
    later.events.append(event("e5", "protest", "2031-05-20", "Lorn", ["b1"], 1,
                              quote="A march is planned for May 20"))
    report = situation_report(later)
    lines = report.splitlines()
    assert lines[0] == "# Situation report: 2031-05-09 to 2031-05-10"
    assert lines[2].endswith("The period leaves out 1 earlier event the reports recall and "
                             "1 event dated after the latest report (2031-05-12: announced, "
                             "forecast or misdated).*")
    days = re.findall(r"^### (.+)$", _section(report, "Timeline"), re.MULTILINE)
    assert days == ["2031-05-09", "2031-05-10",
                    "Dated after the latest report (announced, forecast or misdated)",
                    "Background (earlier events the reports recall)"]
    assert "- 2031-05-20: **Protest** in Lorn" in report
    assert "2031-05-20" not in _section(report, "Places")  # the places are the period's
    # with as_of, "latest" is the as_of day: a May 10 event is then after it
    cut = situation_report(situation(as_of="2031-05-09")).splitlines()
    assert cut[0] == "# Situation report: 2031-05-09"


def test_summary_counts() -> None:
    summary = _section(situation_report(situation()), "Summary")
    assert "- 5 documents from 3 outlets: 3 read (1 of them copies or rewrites of others), " \
        "1 failed, 1 not in English." in summary
    assert "- 3 events, 2 confirmed by at least two independent sources; 1 earlier event " \
        "recalled as background." in summary
    assert "- 4 figure groups: 1 agree, 1 grows, 1 contradicts, 1 single." in summary


def test_timeline_is_by_day_with_kind_place_sources_and_a_quote() -> None:
    timeline = _section(situation_report(situation()), "Timeline")
    days = re.findall(r"^### (.+)$", timeline, re.MULTILINE)
    assert days == ["2031-05-09", "2031-05-10", "Background (earlier events the reports recall)"]
    assert ("- **Riot** in Port Verda — 3 reports, 2 independent (Verda Times, Lorn Herald, "
            "Coast Wire). Verda Times: “Rioters torched the town hall in Port Verda”") in timeline
    assert ("- **State of emergency** — 2 reports, 2 independent (Verda Times, Lorn Herald).")\
        in timeline
    assert "- 2011-12-16: **Riot** in Lorn — 1 report (Verda Times). “Riots in Lorn" in timeline


def test_undated_events_come_after_the_dated_ones() -> None:
    undated = situation()
    undated.events[0].date = None
    timeline = _section(situation_report(undated), "Timeline")
    assert re.findall(r"^### (.+)$", timeline, re.MULTILINE)[:2] == [
        "2031-05-10", "Date not reported"]


def test_article_text_cannot_inject_markdown_or_html() -> None:
    report = situation_report(situation())
    assert "<script>" not in report and "</script>" not in report
    shown = r"&lt;script&gt;alert(1)&lt;/script&gt; \| \*free them\* \[now\](http://x) \`rm\`"
    assert report.count(shown) == 2  # the protest's quote and the crowd figure's
    hostile = situation()
    for cell in hostile.framing[:2]:
        cell.source = "Evil | Outlet"
    hostile.framing[0].label = "**rioters**"
    table = _section(situation_report(hostile), "Framing by source")
    assert r"| Evil \| Outlet | protesters | \*\*rioters\*\* ×3, terrorists ×1 |" in table
    assert all(row.count(" | ") == 2 for row in table.splitlines() if row.startswith("| "))


@given(st.text())
def test_escaped_text_is_one_inert_line(text: str) -> None:
    escaped = escape(text)
    assert not set(escaped) & {"<", ">", "\n", "\r"}
    # every Markdown-active character is escaped by an odd run of backslashes
    for match in re.finditer(r"(\\*)([`*_\[\]|~$])", escaped):
        assert len(match.group(1)) % 2 == 1
    # undoing the escapes gives the text back, whitespace normalised
    plain = re.sub(r"\\(.)", r"\1", escaped).replace("&lt;", "<").replace("&gt;", ">")
    assert plain.replace("&amp;", "&") == " ".join(text.split())


def test_long_quotes_are_cut_with_an_ellipsis() -> None:
    wordy = situation()
    wordy.events[0].mentions[0].quote = "word " * 100
    line = next(x for x in situation_report(wordy).splitlines() if "Port Verda —" in x)
    quote = line.split("“", 1)[1].rstrip("”")
    assert quote.endswith("…") and len(quote) <= QUOTE_CHARS


def test_disagreements_call_out_grows_and_contradicts_only() -> None:
    section = _section(situation_report(situation()), "Disagreements between reports")
    lines = [x for x in section.splitlines() if x.startswith("- ")]
    assert lines == [
        "- **Killed**, protesters, Port Verda: **contradicts** — 5 (Verda Times) vs at least 9 "
        "(Lorn Herald) for the same day",
        "- **Arrested**, people: grows over time — rose from 200 (2031-05-09) to 2,000 "
        "(2031-05-11)",
    ]
    calm = situation()
    calm.claim_groups = calm.claim_groups[:1]
    assert "No figures disagree." in situation_report(calm)


def test_key_figures_give_each_figures_provenance() -> None:
    figures = _section(situation_report(situation()), "Key figures")
    assert ("- **Killed**, protesters, Port Verda: 5 to 9 — *contradicts*; conservative figure "
            "5.") in figures
    assert "  - ≥9 — Lorn Herald (attributed to medics): “9 people”" in figures
    assert "  - 2,000 — Lorn Herald (as of 2031-05-11): “2000 people”" in figures
    assert "  - dozens (12) — Lorn Herald: “Dozens of people" in figures


def test_places_framing_and_sources_tables() -> None:
    report = situation_report(situation())
    places = _section(report, "Places")
    assert "| Port Verda | 43.200, 76.900 | riot ×1 | 2031-05-09 | 3 |" in places
    assert "| Lorn | 44.000, 77.000 | protest ×1 | 2031-05-10 | 1 |" in places  # not 2011
    framing = _section(report, "Framing by source")
    assert "| Lorn Herald | foreign troops | so-called peacekeepers ×1 |" in framing
    sources = _section(report, "Sources")
    assert "| b2 | Coast Wire | Unrest spreads | 2031-05-11 | copy of b1 |" in sources
    assert "| c1 | Radio Sud |  | 2031-05-12 | **not in English**: language 'fr' is not " \
        "supported |" in sources
    assert "| x1 | ? |  | ? | **failed**: empty file |" in sources


def test_report_is_deterministic() -> None:
    shuffled = situation()
    shuffled.claim_groups.reverse()
    shuffled.framing.reverse()
    assert situation_report(shuffled) == situation_report(situation())


def test_report_command_writes_a_file(tmp_path: Path) -> None:
    db = str(tmp_path / "cd.db")
    with open_store(db) as store:
        store.add([sample("d1", source="Wire"),
                   sample("d2", text=TEXT + " Protests went on.", source="Courier")])
    out = tmp_path / "report.md"
    runner = CliRunner()
    result = runner.invoke(main, ["report", "--db", db, "--output", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Situation report: 2024-03-04\n")
    assert "**Arrests** in Springfield — 2 reports" in text
    before = runner.invoke(main, ["report", "--db", db, "--as-of", "2024-03-01"])
    assert before.exit_code == 0 and "- 0 documents from 0 outlets" in before.stdout
    assert HOSTILE not in text
