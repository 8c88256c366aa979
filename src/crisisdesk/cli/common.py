"""What every command shares: the ``crisisdesk`` group, common options, progress and errors.

Commands live in the modules beside this one, one module per stage they present; each checks
its arguments, calls one library function and turns named errors into exit codes here.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
from tqdm import tqdm

from crisisdesk import batch
from crisisdesk.errors import CrisisdeskError
from crisisdesk.read import DEFAULT_MAX_BYTES
from crisisdesk.store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "crisisdesk.db"


def fail(message: str, code: int) -> None:
    click.echo(f"crisisdesk: error: {message}", err=True)
    sys.exit(code)


@contextmanager
def errors_to_exit_codes() -> Iterator[None]:
    try:
        yield
    except CrisisdeskError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted; documents already stored are kept, re-run to continue", 130)


def db_option(f: F) -> F:
    return click.option(
        "--db",
        default=DEFAULT_DB,
        show_default=True,
        envvar="CRISISDESK_DB",
        help="The store: a SQLite file, or a postgresql://user@host/db URL (or set CRISISDESK_DB).",
    )(f)


def quiet_option(f: F) -> F:
    return click.option("--quiet", "-q", is_flag=True, help="No progress bar, no summary.")(f)


def max_bytes_option(f: F) -> F:
    return click.option(
        "--max-bytes",
        default=DEFAULT_MAX_BYTES,
        show_default=True,
        type=click.IntRange(min=1),
        help="Largest input file read; larger ones are reported and skipped.",
    )(f)


def progress(quiet: bool, desc: str, total: int | None = None) -> tqdm[Any]:
    # disable=None: tqdm shows the bar only on a terminal, never in pipes or logs.
    disable = True if quiet else None
    return tqdm(total=total, desc=desc, unit="doc", disable=disable, file=sys.stderr)


def report_failures(summary: batch.BatchSummary, quiet: bool) -> None:
    for origin, reason in summary.failures:
        click.echo(f"crisisdesk: skipped {origin}: {reason}", err=True)
    if not quiet:
        click.echo(f"crisisdesk: {summary.describe()}", err=True)


def iso_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def filters(f: F) -> F:
    options = [
        ("--source", "Only reports whose source contains this text.", None),
        ("--place", "Only facts whose location contains this text.", None),
        ("--since", "Only facts dated on or after this date (YYYY-MM-DD).", iso_date),
        ("--until", "Only facts dated on or before this date (YYYY-MM-DD).", iso_date),
        ("--doc", "Only the document with this id.", None),
    ]
    for name, help_text, callback in reversed(options):
        f = click.option(name, default=None, help=help_text, callback=callback)(f)
    return f


def open_existing(db: str) -> Store:
    return open_store(db, must_exist=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="crisisdesk")
def main() -> None:
    """Turn news reports about a crisis into a sourced, geocoded, dated record."""


