"""The ``crisisdesk`` command: argument checking, one library call, errors turned into exit codes.

No logic lives here that a test of the library cannot reach.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any, TypeVar

import click
from tqdm import tqdm

from crisisdesk import batch
from crisisdesk.errors import CrisisdeskError
from crisisdesk.evaluate import evaluate, format_report
from crisisdesk.present import export as export_mod
from crisisdesk.present import tables
from crisisdesk.read import DEFAULT_MAX_BYTES
from crisisdesk.store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "crisisdesk.db"


def _fail(message: str, code: int) -> None:
    click.echo(f"crisisdesk: error: {message}", err=True)
    sys.exit(code)


@contextmanager
def _errors_to_exit_codes() -> Iterator[None]:
    try:
        yield
    except CrisisdeskError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted; documents already stored are kept, re-run to continue", 130)


def _db_option(f: F) -> F:
    return click.option(
        "--db",
        default=DEFAULT_DB,
        show_default=True,
        envvar="CRISISDESK_DB",
        help="SQLite file of the store (or set CRISISDESK_DB).",
    )(f)


def _quiet_option(f: F) -> F:
    return click.option("--quiet", "-q", is_flag=True, help="No progress bar, no summary.")(f)


def _max_bytes_option(f: F) -> F:
    return click.option(
        "--max-bytes",
        default=DEFAULT_MAX_BYTES,
        show_default=True,
        type=click.IntRange(min=1),
        help="Largest input file read; larger ones are reported and skipped.",
    )(f)


def _progress(quiet: bool, desc: str, total: int | None = None) -> tqdm[Any]:
    # disable=None: tqdm shows the bar only on a terminal, never in pipes or logs.
    disable = True if quiet else None
    return tqdm(total=total, desc=desc, unit="doc", disable=disable, file=sys.stderr)


def _report_failures(summary: batch.BatchSummary, quiet: bool) -> None:
    for origin, reason in summary.failures:
        click.echo(f"crisisdesk: skipped {origin}: {reason}", err=True)
    if not quiet:
        click.echo(f"crisisdesk: {summary.describe()}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="crisisdesk")
def main() -> None:
    """Turn news reports about a crisis into a sourced, geocoded, dated record."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_db_option
@_max_bytes_option
@_quiet_option
def ingest(paths: tuple[str, ...], db: str, max_bytes: int, quiet: bool) -> None:
    """Read, extract and store reports (files, folders, JSONL feeds, or - for stdin)."""
    with _errors_to_exit_codes(), open_store(db) as store, _progress(quiet, "ingest") as bar:
        summary = batch.ingest(paths, store, max_bytes=max_bytes, on_outcome=lambda _: bar.update())
    _report_failures(summary, quiet)
    sys.exit(summary.exit_code)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_max_bytes_option
@_quiet_option
def extract(paths: tuple[str, ...], max_bytes: int, quiet: bool) -> None:
    """Print the facts of each report as JSON Lines (no database)."""
    summary = batch.BatchSummary()
    with _errors_to_exit_codes(), _progress(quiet, "extract") as bar:
        for outcome in batch.extract_all(paths, max_bytes=max_bytes):
            summary.record(outcome)
            if outcome.facts is not None:
                click.echo(json.dumps(outcome.facts.to_dict(), ensure_ascii=False))
            bar.update()
    _report_failures(summary, quiet)
    sys.exit(summary.exit_code)


def _iso_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def _filters(f: F) -> F:
    options = [
        ("--source", "Only reports whose source contains this text.", None),
        ("--place", "Only facts whose location contains this text.", None),
        ("--since", "Only facts dated on or after this date (YYYY-MM-DD).", _iso_date),
        ("--until", "Only facts dated on or before this date (YYYY-MM-DD).", _iso_date),
        ("--doc", "Only the document with this id.", None),
    ]
    for name, help_text, callback in reversed(options):
        f = click.option(name, default=None, help=help_text, callback=callback)(f)
    return f


def _open_existing(db: str) -> Store:
    return open_store(db, must_exist=True)


@main.command()
@_db_option
@click.option("--kind", default=None, help="Only events of this kind (e.g. protest, arrests).")
@_filters
def events(db: str, kind: str | None, **filters: str | None) -> None:
    """List stored events as a table."""
    with _errors_to_exit_codes(), _open_existing(db) as store:
        click.echo(tables.events_table(store.events(kind=kind, **filters)))


@main.command()
@_db_option
@click.option("--measure", default=None, help="Only claims of this measure (e.g. killed).")
@_filters
def claims(db: str, measure: str | None, **filters: str | None) -> None:
    """List stored claims (figures) as a table."""
    with _errors_to_exit_codes(), _open_existing(db) as store:
        click.echo(tables.claims_table(store.claims(measure=measure, **filters)))


@main.command()
@_db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(export_mod.FORMATS),
    default="json",
    show_default=True,
    help="Output format (csv uses ACLED's column layout).",
)
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: standard output).")
def export(db: str, fmt: str, output: Any) -> None:
    """Export the stored facts."""
    with _errors_to_exit_codes(), _open_existing(db) as store:
        export_mod.export(store, fmt, output)


@main.command(name="eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@_quiet_option
def eval_(gold: tuple[str, ...], as_json: bool, quiet: bool) -> None:
    """Score extraction against gold files (schema of shared/gold/seeds.json)."""
    reports = []
    with _errors_to_exit_codes():
        for path in gold:
            with _progress(quiet, f"eval {path}") as bar:
                reports.append(evaluate(path, on_document=lambda _: bar.update()))
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2, ensure_ascii=False))
    else:
        click.echo("\n\n".join(format_report(r) for r in reports))


@main.command()
@click.option("--db", default="crisisdesk-demo.db", show_default=True,
              help="SQLite file the demo corpus is ingested into.")
@_quiet_option
def demo(db: str, quiet: bool) -> None:
    """Ingest the bundled demo corpus and print a summary of events and figures."""
    corpus = resources.files("crisisdesk") / "data" / "demo" / "reports.jsonl"
    with resources.as_file(corpus) as path, _errors_to_exit_codes(), open_store(db) as store:
        with _progress(quiet, "demo") as bar:
            summary = batch.ingest([str(path)], store, on_outcome=lambda _: bar.update())
        _report_failures(summary, quiet)
        click.echo(tables.summary(store))
    sys.exit(summary.exit_code)
