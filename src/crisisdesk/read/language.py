"""Language identification with py3langid (its model ships inside the package)."""

from __future__ import annotations

import py3langid

# Detection reads the start of the text: 2,000 characters decide the language of any report
# and keep the cost flat for huge files.
_SAMPLE_CHARS = 2000
# Under six words py3langid often guesses wrong (a headline like "Police detained 40 people"
# came back as Latin in our trials); such snippets are taken as English when all-ASCII.
_MIN_WORDS = 6


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for text with no letters."""
    sample = text[:_SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return None
    if len(sample.split()) < _MIN_WORDS and all(c.isascii() for c in letters):
        return "en"
    code, _ = py3langid.classify(sample)  # loads its model once per process
    return str(code)
