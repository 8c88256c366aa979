"""Boilerplate lines go; reporting stays."""

from __future__ import annotations

from crisisdesk.read.boilerplate import strip_boilerplate


def test_pleas_credits_links_and_closing_bio_are_dropped() -> None:
    text = (
        "Photo credit: Reuters/Staff\n\n"
        "Protesters blocked the highway near the port on Friday.\n\n"
        "https://example.org/related-story\n\n"
        "If you value our work, please consider donating today!\n"
        "Click to Donate\n\n"
        "Jane Roe is a freelance journalist who covers labour rights across the region."
    )
    assert strip_boilerplate(text) == "Protesters blocked the highway near the port on Friday."


def test_reporting_that_mentions_journalists_or_links_is_kept() -> None:
    text = (
        "A journalist is among those detained, the union said.\n\n"
        "Police published the list at https://example.org/list on Monday."
    )
    assert strip_boilerplate(text) == text
