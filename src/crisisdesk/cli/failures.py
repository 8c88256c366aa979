"""The ``failures`` command: the inputs an ingest could not read or extract, with the reason."""

from __future__ import annotations

import json

import click

from crisisdesk.cli.common import db_option, errors_to_exit_codes, main, open_existing


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the failures as JSON.")
def failures(db: str, as_json: bool) -> None:
    """List the inputs that failed and have not been stored since, with the reason.

    A re-run of ``ingest`` on the same paths retries them; one that then succeeds leaves the
    list."""
    with errors_to_exit_codes(), open_existing(db) as store:
        rows = store.failures()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no failures recorded")
        return
    for row in rows:
        click.echo(f"{row['failed_at']}  {row['origin']}: {row['reason']}")
