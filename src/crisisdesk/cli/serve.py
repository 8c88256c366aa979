"""``crisisdesk serve``: the web page and JSON API over a store (uvicorn)."""

from __future__ import annotations

import click

from crisisdesk.cli.common import db_option, errors_to_exit_codes, main


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default (loopback) serves this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--token", default=None, envvar="CRISISDESK_TOKEN",
              help="Require 'Authorization: Bearer TOKEN' on every API call "
                   "(or set CRISISDESK_TOKEN); use it whenever the server is shared.")
@click.option("--tile-url", default=None, metavar="URL",
              help="Online map tiles drawn under the bundled basemap, "
                   "e.g. https://tile.example.org/{z}/{x}/{y}.png (default: offline only).")
def serve(db: str, host: str, port: int, token: str | None, tile_url: str | None) -> None:
    """Serve the page (map, timeline, evidence, claims ledger, sources and framing; add
    reports) and the JSON API under /api/ for the store. Ctrl-C stops it."""
    import uvicorn

    from crisisdesk.web import WebOptions, create_app
    from crisisdesk.web.app import loopback_hosts

    with errors_to_exit_codes():
        options = WebOptions(tile_url=tile_url, allowed_hosts=loopback_hosts(host))
        app = create_app(db, token=token, options=options)
        if loopback_hosts(host) is None and token is None:
            click.echo(f"crisisdesk: warning: serving {host} to the network with no --token: "
                       "anyone who can reach it can read the store and add reports", err=True)
        click.echo(f"crisisdesk: serving {db} on http://{_url_host(host)}:{port}/", err=True)
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
