"""Turning the bytes of one input into report fields, one function per format.

Each parser takes decoded text and yields dicts of Document fields (``text`` required), or
raises :class:`FormatError` for what cannot be read; JSON Lines yields one item per line so
that a bad line loses only itself.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import trafilatura

from crisisdesk.read.boilerplate import strip_boilerplate

Fields = dict[str, Any]

ARTICLE_KEYS = ("id", "text", "html", "url", "title", "published", "source", "author", "language")


class FormatError(ValueError):
    """The content is not what its format promises; the message says what is wrong."""


# --- encodings -------------------------------------------------------------------------------

# Random bytes and binaries: a NUL byte, or more than this share of control characters, in the
# first 4 KB. Real text in any encoding has almost none.
_CONTROL_SHARE = 0.05
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


# Byte-order marks of the encodings whose text is full of NUL bytes; UTF-32's first, as UTF-32LE's
# mark begins with UTF-16LE's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Text from bytes: UTF-16/32 with a byte-order mark, UTF-8 (BOM or not), else the encoding
    charset_normalizer finds, else cp1252; raises FormatError for binary data."""
    wide = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError as exc:
            raise FormatError(f"not valid {wide.upper()} text ({exc.reason})") from None
    elif b"\x00" in data[:4096]:
        raise FormatError(
            "not a text file (binary content, or UTF-16 without a byte-order mark)"
        )
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    sample = text[:4096]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > _CONTROL_SHARE:
        raise FormatError("not a text file (mostly control characters)")
    return text


# Text that is this ASCII in a legacy 8-bit encoding is Western European (cp1252/Latin-1) far
# more often than anything else: charset detection on its few accented letters is a coin toss.
_WESTERN_ASCII_SHARE = 0.9


def _decode_legacy(data: bytes) -> str:
    from charset_normalizer import from_bytes  # only needed for the rare non-UTF-8 input

    ascii_share = sum(b < 0x80 for b in data[:4096]) / max(1, len(data[:4096]))
    if ascii_share >= _WESTERN_ASCII_SHARE:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode("cp1252", errors="replace")


# --- dates -----------------------------------------------------------------------------------

_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_TEXT_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y")


def normalise_date(value: Any) -> str | None:
    """ISO ``YYYY-MM-DD`` from the usual ways feeds write a date; None when unsure."""
    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO_PREFIX.match(value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    cleaned = " ".join(value.replace(".", " ").split())
    for fmt in _TEXT_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    return None  # "04/05/2021" and the like are ambiguous: better no date than a wrong one


# --- formats ---------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE)
# Link text and address are bounded: unbounded, "[[[[…](((…" costs a scan of the line from every
# "[" (quadratic; a minute for 300 KB). Real link texts are a sentence, addresses a few hundred
# characters; 500 and 2,000 leave room for both.
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)")
_MD_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(\S[^*_\n]*?\S|\S)\1")


def parse_text(text: str) -> Iterator[Fields]:
    yield {"text": strip_boilerplate(text)}


def parse_markdown(text: str) -> Iterator[Fields]:
    text = _MD_HEADING.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    yield {"text": strip_boilerplate(text)}


def parse_html(html: str) -> Iterator[Fields]:
    yield _from_html(html)


# Opening tags in one HTML page. trafilatura costs ~0.1 ms per element on this 2-core machine
# (measured: 50,000 unclosed tags took 7 s); a news page has a few thousand elements, a very long
# one (inline SVG, comments) tens of thousands. Past this it is no article page, and reading it
# would stall the batch for minutes.
MAX_HTML_TAGS = 50_000
_TAG_OPEN = re.compile(r"<[A-Za-z]")


def _from_html(html: str) -> Fields:
    tags = sum(1 for _ in _TAG_OPEN.finditer(html))
    if tags > MAX_HTML_TAGS:
        raise FormatError(
            f"HTML page with {tags:,} tags (more than {MAX_HTML_TAGS:,}): not an article page; "
            "save its text as .txt to read it"
        )
    try:
        extracted = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, with_metadata=True
        )
    except RecursionError:
        raise FormatError("HTML nested too deeply to read") from None
    if extracted is None:
        raise FormatError("no article text found in the HTML page")
    data = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = data.get("text") or ""
    return {
        "text": strip_boilerplate(text),
        "title": data.get("title"),
        "author": data.get("author"),
        "source": data.get("sitename"),
        "published": data.get("date"),
        "url": data.get("url"),
    }


def article_fields(obj: Any) -> Fields:
    """Document fields from one JSON article object; FormatError if it has no text."""
    if not isinstance(obj, dict):
        raise FormatError(f"expected a JSON object per article, got {type(obj).__name__}")
    fields: Fields = {k: obj[k] for k in ARTICLE_KEYS if obj.get(k) is not None}
    if isinstance(fields.get("text"), str) and fields["text"].strip():
        fields["text"] = strip_boilerplate(fields["text"])
    elif isinstance(fields.get("html"), str):
        html_fields = _from_html(fields["html"])
        fields = {**{k: v for k, v in html_fields.items() if v}, **fields}
        fields["text"] = html_fields["text"]
    else:
        raise FormatError("article has no 'text' (or 'html') string")
    fields.pop("html", None)
    if "id" in fields:
        fields["id"] = str(fields["id"])
    return fields


_TOO_DEEP = "JSON nested too deeply (an article is one object, or a list of them)"


def parse_json(text: str) -> Iterator[Fields]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"malformed JSON ({exc.msg} at line {exc.lineno})") from exc
    except RecursionError:
        raise FormatError(_TOO_DEEP) from None
    items = data if isinstance(data, list) else [data]
    for item in items:
        yield article_fields(item)


def parse_jsonl_line(line: str) -> Fields:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise FormatError(f"malformed JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError:
        raise FormatError(_TOO_DEEP) from None
    return article_fields(obj)


PARSERS = {
    ".txt": parse_text,
    ".text": parse_text,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".html": parse_html,
    ".htm": parse_html,
    ".json": parse_json,
}
JSONL_SUFFIXES = (".jsonl", ".ndjson")
KNOWN_SUFFIXES = (*PARSERS, *JSONL_SUFFIXES)
