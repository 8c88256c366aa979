"""Reports sent to the server, turned into documents by the same readers as ``ingest``.

Two ways in: a pasted report (JSON: ``text`` plus optional ``title``, ``source``, ``url``,
``published``) and uploaded files. An upload's file name is used for two things only: its
extension picks the reader (``.txt``, ``.md``, ``.html``, ``.json``, ``.jsonl``...), and a
cleaned copy of its last component names the document. It is never opened as a path: the bytes
come from the request, so no request can make the server read or write a file.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import PurePosixPath, PureWindowsPath

from crisisdesk.errors import ReadError
from crisisdesk.read import read_bytes
from crisisdesk.read.formats import KNOWN_SUFFIXES
from crisisdesk.records import Document

Item = Document | ReadError

# Content types browsers send for the files the readers accept. Browsers label files they do
# not know (.md, .jsonl on many systems) as application/octet-stream or send none; those are
# let through to the reader, which rejects binary content itself ("not a text file").
ACCEPTED_TYPES = frozenset({
    "",
    "text/plain",
    "text/markdown",
    "text/x-markdown",
    "text/html",
    "application/json",
    "application/x-ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/octet-stream",
})

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
# Longest document name kept from a file name: ids are shown in tables and URLs.
_NAME_CHARS = 80
PASTED_FIELDS = ("text", "title", "source", "url", "published")


def clean_name(filename: str | None) -> str:
    """A safe label from an upload's file name: its last component (under either path
    convention), characters outside ``[A-Za-z0-9._-]`` replaced, no leading dots."""
    last = PureWindowsPath(PurePosixPath(filename or "").name).name
    cleaned = _UNSAFE_NAME.sub("_", last).lstrip(".")[:_NAME_CHARS]
    return cleaned or "upload"


def media_type(content_type: str | None) -> str:
    """``text/plain`` from ``text/plain; charset=utf-8``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def read_upload(data: bytes, filename: str | None, *, max_bytes: int) -> Iterator[Item]:
    """The reports in one uploaded file, read by the reader its extension names."""
    name = clean_name(filename)
    origin = f"upload:{name}"
    suffix = PurePosixPath(name).suffix.lower()
    stem = PurePosixPath(name).stem or "upload"
    if suffix not in KNOWN_SUFFIXES:
        known = ", ".join(KNOWN_SUFFIXES)
        yield ReadError(origin, f"unsupported file type {suffix or '(none)'!r}; use one of {known}")
    else:
        yield from read_bytes(data, f"{stem}{suffix}", max_bytes=max_bytes, origin=origin)


def read_pasted(fields: dict[str, str | None]) -> Iterator[Item]:
    """The report pasted into the page, named ``pasted-<first 12 hex digits of its hash>``."""
    article = {k: v for k, v in fields.items() if k in PASTED_FIELDS and v}
    data = json.dumps(article).encode("utf-8")
    stem = "pasted-" + hashlib.sha256(data).hexdigest()[:12]
    yield from read_bytes(data, f"{stem}.json", origin="upload:pasted")
