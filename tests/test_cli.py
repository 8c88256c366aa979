"""The command line, through click's runner: outputs, idempotency, bad input, exit codes, docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from crisisdesk.cli import main
from crisisdesk.errors import EXIT_ALL_FAILED, EXIT_SOME_FAILED, EXIT_STORE

ROOT = Path(__file__).resolve().parents[1]
REPORT = (
    "Police in Ruritania detained more than 200 protesters in the capital on Monday, "
    "the interior ministry said. At least 3 people were killed when security forces "
    "opened fire on a march in Strelsau."
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "one.txt").write_text(REPORT)
    (folder / "empty.txt").write_text("")
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "f1", "text": REPORT + " Curfew was imposed.", "source": "Wire",
                    "published": "2024-03-05"}) + "\n{broken\n"
    )
    return folder


def test_extract_prints_json_lines_and_names_bad_inputs(runner: CliRunner, reports: Path) -> None:
    result = runner.invoke(main, ["extract", str(reports), "--quiet"])
    assert result.exit_code == EXIT_SOME_FAILED
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [f["id"] for f in facts] == ["f1", "one"]
    assert {"places", "claims", "events", "actors", "labels", "errors"} <= set(facts[0])
    assert "empty.txt: empty file" in result.stderr
    assert "feed.jsonl:2: malformed JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_ingest_is_idempotent_and_tables_read_the_store(
    runner: CliRunner, reports: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "cd.db")
    first = runner.invoke(main, ["ingest", str(reports), "--db", db])
    assert first.exit_code == EXIT_SOME_FAILED
    assert "2 extracted, 2 stored" in first.stderr and "2 failed" in first.stderr
    again = runner.invoke(main, ["ingest", str(reports), "--db", db])
    assert "0 stored, 2 already in the store" in again.stderr
    events = runner.invoke(main, ["events", "--db", db])
    assert events.exit_code == 0 and "date" in events.stdout
    claims = runner.invoke(main, ["claims", "--db", db, "--source", "Wire"])
    assert claims.exit_code == 0
    exported = runner.invoke(main, ["export", "--db", db, "--format", "jsonl"])
    assert len(exported.stdout.splitlines()) == 2


def test_all_inputs_failing_is_exit_3(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 50)
    result = runner.invoke(main, ["extract", str(tmp_path / "bad.txt"), "-q"])
    assert result.exit_code == EXIT_ALL_FAILED
    assert "not a text file" in result.stderr


def test_missing_store_and_bad_dates_are_clear_errors(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(main, ["events", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == EXIT_STORE
    assert "no store here yet" in missing.stderr and "Traceback" not in missing.stderr
    bad = runner.invoke(main, ["claims", "--db", str(tmp_path / "none.db"), "--since", "May"])
    assert bad.exit_code == 2 and "use YYYY-MM-DD" in bad.stderr


def test_eval_on_a_small_gold_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "r1.txt").write_text(REPORT)
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = {"documents": {"r1": {"text_file": "texts/r1.txt", "published": "2024-03-05",
                                 "places": [], "claims": [], "events": []}}}
    (gold_dir / "g.json").write_text(json.dumps(gold))
    result = runner.invoke(main, ["eval", str(gold_dir / "g.json"), "--json", "-q"])
    assert result.exit_code == 0
    [report] = json.loads(result.stdout)
    assert report["documents"][0]["id"] == "r1"
    assert set(report["total"]) >= {"places", "claims", "events", "attribution"}


def test_every_command_and_option_is_documented() -> None:
    docs = (ROOT / "README.md").read_text() + (ROOT / "docs" / "cli.md").read_text()
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        assert f"crisisdesk {name}" in docs, name
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--"):
                    assert re.search(re.escape(opt) + r"\b", docs), f"{name} {opt}"
