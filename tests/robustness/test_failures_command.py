"""``crisisdesk failures``: what an ingest could not read is listed, and leaves the list once
a re-run stores it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from crisisdesk.cli import main

REPORT = (
    "Taxi drivers blocked the main bridge of Karvik on Tuesday to protest a fuel tax, and "
    "police said 9 drivers were detained."
)


def test_failures_are_listed_and_cleared_by_a_successful_rerun(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "store.db")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(REPORT)
    broken = tmp_path / "in" / "feed.json"
    broken.write_text('{"id": "f1", "text": ')
    first = runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", db, "-q"])
    assert first.exit_code == 1

    listed = runner.invoke(main, ["failures", "--db", db])
    assert listed.exit_code == 0
    [line] = listed.stdout.splitlines()
    assert f"{broken}: malformed JSON" in line
    [row] = json.loads(runner.invoke(main, ["failures", "--db", db, "--json"]).stdout)
    assert row["origin"] == str(broken) and row["failed_at"]

    broken.write_text(json.dumps({"id": "f1", "text": REPORT.replace("Karvik", "Lisk")}))
    assert runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", db, "-q"]).exit_code == 0
    assert runner.invoke(main, ["failures", "--db", db]).stdout.strip() == "no failures recorded"


def test_failures_of_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["failures", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 5 and "no store here yet" in result.stderr
