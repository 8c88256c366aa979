"""``crisisdesk compare``: the three tables on a hand-made situation, and the command end to end."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from crisisdesk.cli import main
from crisisdesk.errors import EXIT_STORE
from crisisdesk.present.compare import WIDTH, compare_tables, conservative, figure_range
from crisisdesk.present.tables import display_width
from crisisdesk.reconcile.situation import Situation
from crisisdesk.store import open_store
from tests.factories import TEXT, sample
from tests.present.situation_factories import claim, group, situation


def _section(text: str, title: str) -> list[str]:
    """The lines of the table whose title starts with ``title``."""
    blocks = text.split("\n\n")
    return next(b for b in blocks if b.startswith(title)).splitlines()


def _cells(row: str) -> list[str]:
    return re.split(r"\s{2,}", row.strip())


def test_every_line_fits_a_100_column_terminal() -> None:
    text = compare_tables(situation())
    assert WIDTH == 100
    assert max(display_width(line) for line in text.splitlines()) <= WIDTH
    assert "<script>" not in text  # the hostile quote is an event quote, not shown here


def test_events_show_their_outlets_and_independent_count() -> None:
    rows = _section(compare_tables(situation()), "Events")
    riot = next(r for r in rows if r.startswith("e1 "))
    assert "2/3" in riot and "riot" in riot and "Port Verda" in riot
    assert _cells(riot)[1:] == ["2031-05-09", "riot", "Port Verda", "2/3",
                                "Verda Times, Lorn Herald, …"]
    historical = next(r for r in rows if r.startswith("e4 "))
    assert "2011-12-16*" in historical
    unplaced = next(r for r in rows if r.startswith("e3 "))
    assert "state_of_emergency" in unplaced and " - " in unplaced


def test_long_cells_are_cut_with_an_ellipsis() -> None:
    busy = situation()
    busy.documents[0].source = "The Very Long Name of an Outlet That Never Ends " * 3
    text = compare_tables(busy)
    riot = next(r for r in _section(text, "Events") if r.startswith("e1 "))
    assert riot.endswith("…") and display_width(riot) == WIDTH


def test_claim_groups_show_status_range_and_conservative_figure() -> None:
    lines = _section(compare_tables(situation()), "Claim groups")
    header, rows, explanations = lines[1], lines[3:7], lines[7:]
    assert header.split() == ["#", "measure", "who", "location", "status", "range",
                              "conservative"]
    # killed before arrested before participants (vocab order), then by group counted
    assert [_cells(r) for r in rows] == [
        ["1", "killed", "protesters", "Port Verda", "contradicts", "5 to 9", "5"],
        ["2", "killed", "security_forces", "Port Verda", "agree", "2", "2"],
        ["3", "arrested", "people", "-", "grows", "200 to 2,000", "2,000"],
        ["4", "participants", "protesters", "Lorn", "single", "12", "12"],
    ]
    assert explanations[0] == "  1. 5 (Verda Times) vs at least 9 (Lorn Herald) for the same day"
    assert explanations[2].startswith("  3. rose from 200")


def test_price_ratios_read_as_multipliers_and_levels_keep_their_unit() -> None:
    ratio = group("g9", "price", "bread", None, "agree", [claim("a1", 1.3012), claim("b1", 1.5)],
                  1.3012, unit="ratio")
    assert (figure_range(ratio), conservative(ratio)) == ("×1.30 to ×1.50", "×1.30")
    level = group("g8", "price", "bread", None, "single", [claim("a1", 40), claim("b1", 45)],
                  40, unit="dinars per loaf")
    assert (figure_range(level), conservative(level)) == ("40 to 45 dinars per loaf", "40")


def test_framing_lists_labels_by_source_and_group_most_used_first() -> None:
    rows = _section(compare_tables(situation()), "Framing")[3:]
    assert [r.split("  ")[0] for r in rows] == ["Lorn Herald", "Lorn Herald", "Verda Times"]
    assert rows[2].endswith("rioters ×3, terrorists ×1")
    assert "so-called peacekeepers ×1" in rows[0]


def test_output_is_deterministic_whatever_the_framing_order() -> None:
    shuffled = situation()
    shuffled.framing.reverse()
    shuffled.claim_groups.reverse()
    assert compare_tables(shuffled) == compare_tables(situation())


def test_as_of_and_empty_situations_say_so() -> None:
    assert "(reported by 2031-05-10)" in compare_tables(situation(as_of="2031-05-10"))
    empty = compare_tables(Situation())
    assert empty.startswith("0 documents, 0 events, 0 claim groups")
    assert empty.count("(none)") == 3


def test_a_group_without_a_range_shows_its_figures() -> None:
    bare = situation()
    bare.claim_groups = [dataclasses.replace(bare.claim_groups[3], low=None, high=None,
                                             conservative=None)]
    row = _section(compare_tables(bare), "Claim groups")[3]
    assert _cells(row)[4:] == ["single", "dozens (12)"]


# --- the command ------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "cd.db")
    with open_store(path) as store:
        # the same story twice, the second a light rewrite by another outlet
        store.add([sample("d1", source="Wire"),
                   sample("d2", text=TEXT + " Protests went on.", source="Courier")])
    return path


def test_compare_command_reconciles_the_store(db: str) -> None:
    result = CliRunner().invoke(main, ["compare", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 documents")
    events = _section(result.stdout, "Events")
    assert any("arrests" in row and "Wire" in row and "Courier" in row for row in events)


def test_compare_as_of_and_errors(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    before = runner.invoke(main, ["compare", "--db", db, "--as-of", "2024-03-01"])
    assert before.exit_code == 0 and before.stdout.startswith("0 documents")
    bad = runner.invoke(main, ["compare", "--db", db, "--as-of", "March"])
    assert bad.exit_code == 2 and "use YYYY-MM-DD" in bad.stderr
    missing = runner.invoke(main, ["compare", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == EXIT_STORE and "Traceback" not in missing.stderr
