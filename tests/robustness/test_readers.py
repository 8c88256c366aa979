"""Hostile and broken inputs to every reader: no crash, no hang, one clear line per failure.

Each read runs in a worker process with a time budget (``budget.Worker``): a reader that hangs
fails its test instead of stalling the suite.
"""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisdesk.errors import ReadError
from crisisdesk.read import read_inputs
from crisisdesk.read.formats import KNOWN_SUFFIXES, MAX_HTML_TAGS
from tests.robustness.budget import Worker

# Seconds one input may take to read. The slowest case here reads in ~2 s on a 2-core machine;
# ten times that is a hang, not a slow disk.
BUDGET = 20.0

REPORT = (
    "Dock workers in the port city of Valmora walked out on Thursday over unpaid wages, and "
    "the harbour authority said 36 ships were left waiting at anchor."
)

Outcome = tuple[str, str, str]  # ("document", id, text) or ("error", origin, message)

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def read_all(paths: list[str], max_bytes: int = 5_000_000) -> list[Outcome]:
    """Every outcome of reading ``paths`` (runs in the worker)."""
    out: list[Outcome] = []
    for item in read_inputs(paths, max_bytes=max_bytes):
        if isinstance(item, ReadError):
            out.append(("error", item.origin, str(item)))
        else:
            out.append(("document", item.id, item.text))
    return out


def _read(worker: Worker, path: Path, **kwargs: int) -> list[Outcome]:
    outcomes = worker.run(BUDGET, read_all, [str(path)], *kwargs.values())
    for kind, origin, message in outcomes:
        if kind == "error":
            assert str(path) in origin and message.startswith(origin), message
            assert "\n" not in message and len(message) < 300, message
            assert "Traceback" not in message and "Error(" not in message, message
    return outcomes


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- fuzzing -----------------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(KNOWN_SUFFIXES))
def test_random_bytes_in_any_format(
    worker: Worker, tmp_path: Path, data: bytes, suffix: str
) -> None:
    _read(worker, _write(tmp_path, f"fuzz{suffix}", data))


@FUZZ
@given(text=st.text(max_size=3000), suffix=st.sampled_from(KNOWN_SUFFIXES))
def test_random_unicode_in_any_format(
    worker: Worker, tmp_path: Path, text: str, suffix: str
) -> None:
    _read(worker, _write(tmp_path, f"fuzz{suffix}", text.encode("utf-8", "surrogatepass")))


_WORDS = st.text(
    alphabet=st.characters(codec="latin-1", categories=("L", "Zs")), min_size=1, max_size=200
)


@FUZZ
@given(extra=_WORDS, codec=st.sampled_from(["utf-16", "utf-32", "utf-8-sig"]))
def test_text_with_a_byte_order_mark_reads_as_its_utf8_twin(
    worker: Worker, tmp_path: Path, extra: str, codec: str
) -> None:
    text = f"{REPORT} {extra}"
    plain = _read(worker, _write(tmp_path, "plain.txt", text.encode("utf-8")))
    marked = _read(worker, _write(tmp_path, "marked.txt", text.encode(codec)))
    assert [o[2] for o in marked] == [o[2] for o in plain]
    assert marked[0][0] == "document"


@FUZZ
@given(jsonl=st.lists(st.one_of(st.just("good"), st.text(max_size=80)), min_size=1, max_size=8))
def test_jsonl_bad_lines_lose_only_themselves(
    worker: Worker, tmp_path: Path, jsonl: list[str]
) -> None:
    lines = [
        json.dumps({"id": f"r{n}", "text": f"{REPORT} ({n})"}) if line == "good" else line
        for n, line in enumerate(jsonl)
    ]
    path = _write(tmp_path, "feed.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))
    outcomes = _read(worker, path)
    good = [f"r{n}" for n, line in enumerate(jsonl) if line == "good"]
    assert [ident for kind, ident, _ in outcomes if kind == "document"][: len(good)] == good
    for kind, origin, _ in outcomes:
        if kind == "error":
            assert origin.startswith(f"{path}:")  # the line number is named


# --- encodings -----------------------------------------------------------------------------------


def test_latin1_and_cp1252_text(worker: Worker, tmp_path: Path) -> None:
    text = f"{REPORT} Señora Müller of the Café Ñandú said «enough» — Zoë agreed."
    [(kind, _, read)] = _read(worker, _write(tmp_path, "w.txt", text.encode("cp1252")))
    assert kind == "document" and read == text
    latin = f"{REPORT} Ågot Søreide and Joël Pérez spoke."
    [(kind, _, read)] = _read(worker, _write(tmp_path, "l.txt", latin.encode("latin-1")))
    assert kind == "document" and read == latin


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (REPORT.encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8" + b"x", "not valid UTF-16"),
        (bytes(range(256)) * 8, "not a text file"),
        (b"\x01\x02\x03\x04\x05\x06" * 500, "control characters"),
    ],
)
def test_unreadable_encodings_are_named(
    worker: Worker, tmp_path: Path, data: bytes, reason: str
) -> None:
    [(kind, _, message)] = _read(worker, _write(tmp_path, "enc.txt", data))
    assert kind == "error" and reason in message


# --- pathological shapes -------------------------------------------------------------------------

_DEEP = 100_000


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("nested.html", b"<div>" * 20_000 + REPORT.encode() + b"</div>" * 20_000, ""),
        ("unclosed.html", b"<p>" * _DEEP, f"more than {MAX_HTML_TAGS:,}"),
        ("list.json", b"[" * _DEEP + b"]" * _DEEP, "nested too deeply"),
        ("object.json", b'{"a":' * _DEEP + b"1" + b"}" * _DEEP, "nested too deeply"),
        ("deep.jsonl", b'{"text": ' + b"[" * _DEEP + b"]" * _DEEP + b"}\n", "nested too deeply"),
        ("links.md", b"[" * _DEEP + b"](" * (_DEEP // 2), ""),
        ("stars.md", b"*_" * _DEEP, ""),
        ("empty.txt", b"", "empty file"),
        ("empty.html", b"", "empty file"),
        ("empty.json", b"  \n", "empty file"),
        ("blank.md", b"\n\n\n", "empty"),
        ("list.json", b"[]", ""),
        ("null.json", b"null", "expected a JSON object"),
        ("script.html", b"<html><script>" + b"x" * 100_000 + b"</script></html>", "no article"),
        ("bom-only.txt", codecs.BOM_UTF8, "empty"),
    ],
)
def test_pathological_files(
    worker: Worker, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    outcomes = _read(worker, _write(tmp_path, name, data))
    if reason:
        assert [o[0] for o in outcomes] == ["error"] and reason in outcomes[0][2]


def test_five_megabyte_single_line(worker: Worker, tmp_path: Path) -> None:
    line = (REPORT.replace(".", ",") + " ") * (5_000_000 // (len(REPORT) + 1))
    path = _write(tmp_path, "line.txt", line.encode())
    [(kind, _, text)] = _read(worker, path)
    assert kind == "document" and len(text) == len(line.strip())
    [(kind, _, message)] = _read(worker, path, max_bytes=1_000_000)
    assert kind == "error" and "--max-bytes" in message


def test_oversized_jsonl_line_loses_only_itself(worker: Worker, tmp_path: Path) -> None:
    big = json.dumps({"id": "big", "text": REPORT * 2000})
    small = json.dumps({"id": "small", "text": REPORT})
    path = _write(tmp_path, "feed.jsonl", f"{big}\n{small}\n".encode())
    outcomes = _read(worker, path, max_bytes=100_000)
    assert [(o[0], o[1]) for o in outcomes] == [("error", f"{path}:1"), ("document", "small")]


# --- folders -------------------------------------------------------------------------------------


def test_folder_with_a_link_loop_and_a_pipe(worker: Worker, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    outcomes = _read(worker, tmp_path)
    assert [(o[0], o[1]) for o in outcomes] == [("document", "a")]
    [(kind, _, message)] = _read(worker, tmp_path / "pipe.txt")
    assert kind == "error" and "not a regular file" in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their permissions")
def test_unlistable_folder_is_reported_and_the_rest_read(worker: Worker, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        outcomes = _read(worker, tmp_path)
    finally:
        locked.chmod(0o755)
    assert [o[0] for o in outcomes] == ["document", "error"]
    assert "cannot list folder" in outcomes[1][2]
