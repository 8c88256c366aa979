"""Commands on the reconciled situation: compare the sources, write the situation report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from crisisdesk.cli.common import db_option, errors_to_exit_codes, iso_date, main, open_existing
from crisisdesk.present.compare import compare_tables
from crisisdesk.present.report import situation_report
from crisisdesk.reconcile import reconcile_store

F = TypeVar("F", bound=Callable[..., Any])


def as_of_option(f: F) -> F:
    """--as-of DATE: only what had been reported (published) by that day."""
    return click.option(
        "--as-of", default=None, callback=iso_date, metavar="DATE",
        help="Only what had been reported by this day (YYYY-MM-DD).",
    )(f)


@main.command()
@db_option
@as_of_option
def compare(db: str, as_of: str | None) -> None:
    """The sources side by side: events with their sources, figure groups with their status
    (agree, grows, contradicts, single), and the labels each source uses for each group."""
    with errors_to_exit_codes(), open_existing(db) as store:
        click.echo(compare_tables(reconcile_store(store, as_of=as_of)))


@main.command()
@db_option
@as_of_option
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: standard output).")
def report(db: str, as_of: str | None, output: Any) -> None:
    """A Markdown situation report: timeline by day, key figures with who reported them and
    where reports disagree, places, framing by source, and the sources read."""
    with errors_to_exit_codes(), open_existing(db) as store:
        output.write(situation_report(reconcile_store(store, as_of=as_of)))
