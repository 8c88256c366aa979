"""Loading gold files (the schema of ``shared/gold/seeds.json``) into documents and answers."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crisisdesk.errors import GoldFileError, ReadError
from crisisdesk.read import read_inputs
from crisisdesk.records import Document


@dataclass
class GoldDocument:
    """One annotated report: the document as a feed would give it, and its hand-made facts."""

    document: Document
    places: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    published_true: str | None = None  # the real publication day when the feed withholds it


def load_gold(path: str | Path) -> list[GoldDocument]:
    """The documents of a gold file, texts read from each ``text_file`` (relative to the folder
    above the gold file), with the metadata a feed would carry (``published``, ``source``,
    ``url``) and nothing of the answers."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GoldFileError(f"{path}: gold file not found") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldFileError(f"{path}: not a readable JSON gold file ({exc})") from exc
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, dict):
        raise GoldFileError(
            f"{path}: expected an object with a 'documents' mapping of id -> annotation"
        )

    root = path.resolve().parent.parent
    gold: list[GoldDocument] = []
    for doc_id, entry in sorted(documents.items()):
        text_file = entry.get("text_file")
        if not text_file:
            raise GoldFileError(f"{path}: document {doc_id!r} names no 'text_file'")
        document = _read_text(path, root / text_file)
        document = dataclasses.replace(
            document,
            id=doc_id,
            source=entry.get("source"),
            url=entry.get("url"),
            published=entry.get("published"),
        )
        gold.append(
            GoldDocument(
                document=document,
                places=list(entry.get("places", [])),
                claims=list(entry.get("claims", [])),
                events=list(entry.get("events", [])),
                published_true=entry.get("published_true") or entry.get("published_estimate"),
            )
        )
    return gold


def _read_text(gold_path: Path, text_path: Path) -> Document:
    """A gold text read as a user's file would be (same cleaning, same language detection)."""
    item = next(iter(read_inputs([str(text_path)])), None)
    if isinstance(item, Document):
        return item
    reason = item.reason if isinstance(item, ReadError) else "no report in it"
    raise GoldFileError(
        f"{gold_path}: cannot read {text_path}: {reason} "
        "(text_file is relative to the folder above the gold file)"
    )
