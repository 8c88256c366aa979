"""Dropping the lines of a report that are not reporting: donation pleas, share buttons,
photo credits, bare links and the author's bio at the end.

Conservative by design: a line is dropped only when it matches one of these shapes, and an
author bio only when it is one of the last paragraphs and reads like one.
"""

from __future__ import annotations

import re

_JUNK_LINE = re.compile(
    r"^\s*(?:"
    r"(?:kindly\s+)?share\s+(?:this|on)\b.{0,40}"
    r"|click\s+(?:here\s+)?to\s+\w+.{0,40}"
    r"|subscribe\b.{0,80}"
    r"|sign\s+up\b.{0,80}"
    r"|(?:photo|image|picture)\s*(?:credit)?s?\s*:.{0,120}"
    r"|related\s*(?:media|articles|stories)?\s*:?"
    r"|advertisement"
    r"|https?://\S+"
    r"|.{0,80}\b(?:consider\s+donating|donate\s+(?:now|today)|support\s+our\s+(?:journalism|work|reporting))\b.{0,120}"
    r")\s*$",
    re.IGNORECASE,
)
# "Jane Doe is a journalist who ...", "David is currently working as a writer at ..."
_BIO = re.compile(
    r"^\s*(?:[A-Z][\w.'-]+\s+){1,3}(?:is|has been)\s+(?:a|an|the|currently)\b[^.]{0,160}"
    r"\b(?:author|writer|journalist|reporter|correspondent|editor|columnist|freelancer)\b",
)
# Only the last few paragraphs are searched for a bio: bios close articles.
_BIO_TAIL_PARAGRAPHS = 2


def strip_boilerplate(text: str) -> str:
    """The text without boilerplate lines and a closing author bio, whitespace tidied."""
    kept = [line for line in text.splitlines() if not _JUNK_LINE.match(line)]
    paragraphs = [p for p in "\n".join(kept).split("\n\n")]
    while paragraphs and not paragraphs[-1].strip():
        paragraphs.pop()
    tail_start = max(0, len(paragraphs) - _BIO_TAIL_PARAGRAPHS)
    paragraphs = paragraphs[:tail_start] + [
        p for p in paragraphs[tail_start:] if not _BIO.match(p.strip())
    ]
    cleaned = "\n\n".join(paragraphs)
    return re.sub(r"\n{3,}", "\n\n", cleaned).strip()
