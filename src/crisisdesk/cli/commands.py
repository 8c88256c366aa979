"""Commands on the per-document facts: ingest, extract, list, export, score, demo."""

from __future__ import annotations

import json
import sys
from importlib import resources
from typing import Any

import click

from crisisdesk import batch
from crisisdesk.cli.common import (
    db_option,
    errors_to_exit_codes,
    filters,
    main,
    max_bytes_option,
    open_existing,
    progress,
    quiet_option,
    report_failures,
)
from crisisdesk.cli.situation import as_of_option
from crisisdesk.engine import DEFAULT_TIMEOUT, ENGINES, EngineOptions
from crisisdesk.evaluate import evaluate, format_report
from crisisdesk.present import export as export_mod
from crisisdesk.present import tables
from crisisdesk.store import open_store


def engine_options(f: Any) -> Any:
    """--engine, --workers, --timeout and --ray-address (read with :func:`engine_of`)."""
    options = [
        click.option("--engine", "engine_kind", type=click.Choice(ENGINES), default="local",
                     show_default=True,
                     help="Where extraction runs: a process pool here, or a Ray cluster."),
        click.option("--workers", type=click.IntRange(min=1), default=None,
                     help="Worker processes (default: every core; 1 = no pool)."),
        click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT,
                     show_default=True,
                     help="Seconds one document may take before it is recorded as failed "
                     "(0 = no limit)."),
        click.option("--ray-address", default=None,
                     help="Ray cluster for --engine ray (default: a local one)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def engine_of(
    engine_kind: str, workers: int | None, timeout: float, ray_address: str | None
) -> EngineOptions:
    return EngineOptions(
        kind=engine_kind, workers=workers, timeout=timeout or None, ray_address=ray_address
    )


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@max_bytes_option
@engine_options
@quiet_option
def ingest(
    paths: tuple[str, ...], db: str, max_bytes: int, quiet: bool, **engine: Any
) -> None:
    """Read, extract and store reports (files, folders, JSONL feeds, or - for stdin).

    Incremental: reports already in the store are not extracted again, so re-running an
    interrupted ingest continues where it stopped."""
    with errors_to_exit_codes(), open_store(db) as store, progress(quiet, "ingest") as bar:
        summary = batch.ingest(
            paths,
            store,
            max_bytes=max_bytes,
            engine=engine_of(**engine),
            on_outcome=lambda _: bar.update(),
        )
    report_failures(summary, quiet)
    sys.exit(summary.exit_code)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@max_bytes_option
@engine_options
@quiet_option
def extract(paths: tuple[str, ...], max_bytes: int, quiet: bool, **engine: Any) -> None:
    """Print the facts of each report as JSON Lines (no database)."""
    summary = batch.BatchSummary()
    with errors_to_exit_codes(), progress(quiet, "extract") as bar:
        for outcome in batch.extract_all(paths, max_bytes=max_bytes, engine=engine_of(**engine)):
            summary.record(outcome)
            if outcome.facts is not None:
                click.echo(json.dumps(outcome.facts.to_dict(), ensure_ascii=False))
            bar.update()
    report_failures(summary, quiet)
    sys.exit(summary.exit_code)


@main.command()
@db_option
@click.option("--kind", default=None, help="Only events of this kind (e.g. protest, arrests).")
@filters
def events(db: str, kind: str | None, **filters: str | None) -> None:
    """List stored events as a table."""
    with errors_to_exit_codes(), open_existing(db) as store:
        click.echo(tables.events_table(store.events(kind=kind, **filters)))


@main.command()
@db_option
@click.option("--measure", default=None, help="Only claims of this measure (e.g. killed).")
@filters
def claims(db: str, measure: str | None, **filters: str | None) -> None:
    """List stored claims (figures) as a table."""
    with errors_to_exit_codes(), open_existing(db) as store:
        click.echo(tables.claims_table(store.claims(measure=measure, **filters)))


@main.command()
@db_option
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
@as_of_option
def export(db: str, fmt: str, output: Any, as_of: str | None) -> None:
    """Export the reconciled situation (jsonl: the stored facts of each document)."""
    with errors_to_exit_codes(), open_existing(db) as store:
        export_mod.export(store, fmt, output, as_of=as_of)


@main.command(name="eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@quiet_option
def eval_(gold: tuple[str, ...], as_json: bool, quiet: bool) -> None:
    """Score extraction against gold files (schema of shared/gold/seeds.json)."""
    reports = []
    with errors_to_exit_codes():
        for path in gold:
            with progress(quiet, f"eval {path}") as bar:
                reports.append(evaluate(path, on_document=lambda _: bar.update()))
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2, ensure_ascii=False))
    else:
        click.echo("\n\n".join(format_report(r) for r in reports))


@main.command()
@click.option("--db", default="crisisdesk-demo.db", show_default=True,
              help="SQLite file the demo corpus is ingested into.")
@quiet_option
def demo(db: str, quiet: bool) -> None:
    """Ingest the bundled demo corpus and print a summary of events and figures."""
    corpus = resources.files("crisisdesk") / "data" / "demo" / "reports.jsonl"
    with resources.as_file(corpus) as path, errors_to_exit_codes(), open_store(db) as store:
        with progress(quiet, "demo") as bar:
            summary = batch.ingest([str(path)], store, on_outcome=lambda _: bar.update())
        report_failures(summary, quiet)
        click.echo(tables.summary(store))
    sys.exit(summary.exit_code)
