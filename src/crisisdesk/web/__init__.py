"""The web page and JSON API (``crisisdesk serve``): map, timeline, evidence, claims ledger,
sources and framing, and adding reports from the browser. See docs/web.md."""

from crisisdesk.web.app import WebOptions, create_app

__all__ = ["WebOptions", "create_app"]
