"""Read: files, folders, JSON Lines feeds and stdin in; a Document or a ReadError per report out.

:func:`read_inputs` never raises for a bad input: it yields a :class:`ReadError` naming the
input and the reason, and goes on. It streams: folders are walked lazily and JSON Lines are read
line by line, so memory does not grow with the corpus. :func:`dedupe` drops exact repeats.

Formats by extension: ``.txt``/``.md`` (plain text, boilerplate lines dropped), ``.html``
(main text and metadata via trafilatura), ``.json`` (an article object or a list of them) and
``.jsonl`` (one article per line: ``id``, ``text`` or ``html``, and optional ``url``,
``title``, ``published``, ``source``, ``author``, ``language``).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from crisisdesk.errors import ReadError
from crisisdesk.read.formats import (
    JSONL_SUFFIXES,
    KNOWN_SUFFIXES,
    PARSERS,
    Fields,
    FormatError,
    decode,
    normalise_date,
    parse_jsonl_line,
    parse_text,
)
from crisisdesk.read.language import detect_language
from crisisdesk.records import Document

__all__ = ["DEFAULT_MAX_BYTES", "dedupe", "detect_language", "read_bytes", "read_inputs"]

# Largest report read, in bytes. A long news article is 10-50 KB; 5 MB leaves room for whole
# HTML pages with inline scripts while keeping one parse under a few seconds and bounded in
# memory. Raise it with --max-bytes.
DEFAULT_MAX_BYTES = 5_000_000

Item = Document | ReadError


def _document(fields: Fields, default_id: str, origin: str) -> Document:
    text = fields.get("text", "")
    if not text.strip():
        raise FormatError("empty (no text after removing boilerplate)")
    language = fields.get("language") or detect_language(text)
    return Document(
        id=str(fields.get("id") or default_id),
        text=text,
        source=fields.get("source"),
        url=fields.get("url"),
        title=fields.get("title"),
        published=normalise_date(fields.get("published")),
        language=language,
        author=fields.get("author"),
        origin=origin,
    )


def _too_big(size: int, max_bytes: int) -> str:
    return f"too large ({size:,} bytes > {max_bytes:,}); raise the limit with --max-bytes"


def _read_jsonl(stream: BinaryIO, name: str, stem: str, max_bytes: int) -> Iterator[Item]:
    for number, raw in enumerate(stream, start=1):
        origin = f"{name}:{number}"
        if not raw.strip():
            continue
        if len(raw) > max_bytes:
            yield ReadError(origin, _too_big(len(raw), max_bytes))
            continue
        try:
            fields = parse_jsonl_line(decode(raw))
            yield _document(fields, f"{stem}-{number}", origin)
        except FormatError as exc:
            yield ReadError(origin, str(exc))


def _read_whole(data: bytes, suffix: str, stem: str, origin: str) -> Iterator[Item]:
    if not data.strip():
        yield ReadError(origin, "empty file")
        return
    try:
        parsed = list(PARSERS.get(suffix, parse_text)(decode(data)))
    except FormatError as exc:
        yield ReadError(origin, str(exc))
        return
    for n, fields in enumerate(parsed, start=1):
        default_id = stem if len(parsed) == 1 else f"{stem}-{n}"
        try:
            yield _document(fields, default_id, origin)
        except FormatError as exc:
            yield ReadError(origin if len(parsed) == 1 else f"{origin}[{n}]", str(exc))


def read_bytes(
    data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES, origin: str | None = None
) -> Iterator[Item]:
    """The reports in ``data`` received under the file name ``name`` (an upload, a message):
    read by the reader its extension names, exactly as a file of that name would be."""
    path = PurePosixPath(name)
    origin = origin or name
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(io.BytesIO(data), origin, path.stem, max_bytes)
    elif len(data) > max_bytes:
        yield ReadError(origin, _too_big(len(data), max_bytes))
    else:
        yield from _read_whole(data, suffix, path.stem, origin)


def _read_file(path: Path, max_bytes: int) -> Iterator[Item]:
    origin = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as stream:
                yield from _read_jsonl(stream, origin, path.stem, max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield ReadError(origin, _too_big(size, max_bytes))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(origin, f"cannot read ({exc.strerror or exc})")
        return
    yield from _read_whole(data, suffix, path.stem, origin)


def _read_stdin(max_bytes: int) -> Iterator[Item]:
    stream = sys.stdin.buffer
    head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
    if head.lstrip()[:1] in (b"{", b"["):
        yield from _read_jsonl(stream, "<stdin>", "stdin", max_bytes)
        return
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield ReadError("<stdin>", _too_big(len(data), max_bytes))
        return
    yield from _read_whole(data, ".txt", "stdin-1", "<stdin>")


def _walk(folder: Path, seen: set[Path] | None = None) -> Iterator[Path | ReadError]:
    """Files of known formats under ``folder``, sorted, hidden files and folders skipped; a
    folder that cannot be listed is a ReadError. A folder reached twice (a symbolic link
    looping back) is walked once; devices and pipes are skipped (reading one would block)."""
    seen = set() if seen is None else seen
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        yield ReadError(str(folder), f"cannot list folder ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.is_file() and entry.suffix.lower() in KNOWN_SUFFIXES:
            yield entry


def read_inputs(paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every report in ``paths`` (files, folders, or "-" for stdin), in order."""
    for name in paths:
        if name == "-":
            yield from _read_stdin(max_bytes)
            continue
        path = Path(name)
        if path.is_dir():
            for file in _walk(path):
                if isinstance(file, ReadError):
                    yield file
                else:
                    yield from _read_file(file, max_bytes)
        elif path.is_file():
            yield from _read_file(path, max_bytes)
        elif path.exists():
            yield ReadError(name, "not a regular file or folder (a device or pipe?)")
        else:
            yield ReadError(name, "no such file or folder")


def dedupe(items: Iterable[Item]) -> Iterator[Item]:
    """The stream with exact repeats (same content hash) replaced by a "duplicate of" note."""
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Document):
            if item.hash in seen:
                yield ReadError(item.origin or item.id, f"duplicate of {seen[item.hash]}")
                continue
            seen[item.hash] = item.id
        yield item
