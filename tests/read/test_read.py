"""Reading every supported input, and every bad one without losing the rest."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisisdesk.errors import ReadError
from crisisdesk.read import dedupe, read_inputs
from crisisdesk.records import Document

REPORT = (
    "Hundreds of farmers marched through the centre of Ruritania City on Monday to protest "
    "against a new tax on fertiliser, and police said 14 people were detained after the rally."
)


def _read(*paths: Path | str, **kwargs: int) -> list[Document | ReadError]:
    return list(read_inputs([str(p) for p in paths], **kwargs))


def test_plain_text_file_becomes_a_document_named_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "report-1.txt"
    path.write_text(REPORT, encoding="utf-8")
    [doc] = _read(path)
    assert isinstance(doc, Document)
    assert (doc.id, doc.text, doc.language, doc.origin) == ("report-1", REPORT, "en", str(path))


def test_markdown_syntax_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"# Farmers march\n\n**{REPORT}** See [the statement](http://x.test).")
    [doc] = _read(path)
    assert isinstance(doc, Document)
    assert doc.text.startswith("Farmers march\n\nHundreds")
    assert "See the statement." in doc.text and "**" not in doc.text


def test_html_page_gives_main_text_and_metadata_without_boilerplate(tmp_path: Path) -> None:
    html = f"""<html><head><title>Farmers march in Ruritania</title>
    <meta property="og:site_name" content="Ruritania Post">
    <meta name="date" content="2024-03-05"></head><body>
    <nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <article><h1>Farmers march in Ruritania</h1><p>{REPORT}</p>
    <p>The agriculture ministry said the tax would be reviewed next month.</p></article>
    <footer>Please consider donating to support our journalism.</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html)
    [doc] = _read(path)
    assert isinstance(doc, Document)
    assert "Hundreds of farmers" in doc.text
    assert "Home" not in doc.text and "donating" not in doc.text
    assert doc.published == "2024-03-05"
    assert doc.title == "Farmers march in Ruritania"


def test_json_list_and_jsonl_lines_with_their_metadata(tmp_path: Path) -> None:
    articles = [
        {"id": "a1", "text": REPORT, "source": "Wire", "published": "2024-03-05T10:00:00Z"},
        {"text": REPORT + " More.", "url": "http://example.org/x", "extra": 1},
    ]
    (tmp_path / "feed.json").write_text(json.dumps(articles))
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(a) for a in articles))
    from_json = _read(tmp_path / "feed.json")
    from_jsonl = _read(tmp_path / "feed.jsonl")
    assert [d.id for d in from_json if isinstance(d, Document)] == ["a1", "feed-2"]
    assert [d.id for d in from_jsonl if isinstance(d, Document)] == ["a1", "feed-2"]
    first = from_jsonl[0]
    assert isinstance(first, Document)
    assert (first.source, first.published, first.origin) == (
        "Wire", "2024-03-05", f"{tmp_path / 'feed.jsonl'}:1"
    )


def test_malformed_jsonl_line_is_reported_and_the_others_come_through(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"id": "ok1", "text": REPORT}) + "\n{not json\n"
        + json.dumps({"id": "notext"}) + "\n" + json.dumps({"id": "ok2", "text": REPORT + "!"})
    )
    items = _read(path)
    assert [i.id for i in items if isinstance(i, Document)] == ["ok1", "ok2"]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [e.origin for e in errors] == [f"{path}:2", f"{path}:3"]
    assert "malformed JSON" in errors[0].reason and "no 'text'" in errors[1].reason


def test_folder_is_read_recursively_in_order_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(REPORT + " Two.")
    (tmp_path / "one.txt").write_text(REPORT + " One.")
    (tmp_path / ".hidden.txt").write_text(REPORT + " Hidden.")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00\x00")
    assert [d.id for d in _read(tmp_path) if isinstance(d, Document)] == ["two", "one"]


def test_stdin_plain_text_and_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    def feed(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))

    feed(REPORT.encode())
    [doc] = _read("-")
    assert isinstance(doc, Document) and doc.id == "stdin-1"
    feed((json.dumps({"id": "s1", "text": REPORT}) + "\n").encode())
    [doc] = _read("-")
    assert isinstance(doc, Document) and doc.id == "s1"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (bytes(range(256)) * 4, "not a text file"),
    ],
)
def test_bad_files_give_one_clear_error(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [item] = _read(path)
    assert isinstance(item, ReadError)
    assert reason in item.reason and str(path) in str(item)


def test_missing_path_and_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(REPORT * 100)
    missing, too_big = _read(tmp_path / "nope.txt", big, max_bytes=1000)
    assert isinstance(missing, ReadError) and "no such file" in missing.reason
    assert isinstance(too_big, ReadError) and "--max-bytes" in too_big.reason


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    text = "Police in São Tomé detained 12 people after the café protest, officials said on Monday."
    path.write_bytes(text.encode("latin-1"))
    [doc] = _read(path)
    assert isinstance(doc, Document) and doc.text == text


def test_non_english_report_is_kept_and_flagged(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text(
        "Die Polizei hat am Montag in der Hauptstadt mehr als hundert Demonstranten "
        "festgenommen, nachdem die Proteste gegen die Regierung eskaliert waren."
    )
    [doc] = _read(path)
    assert isinstance(doc, Document) and doc.language == "de"


def test_dedupe_marks_repeats(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "b.txt").write_text(REPORT + "\n")  # same text up to whitespace
    items = list(dedupe(read_inputs([str(tmp_path)])))
    assert isinstance(items[0], Document)
    assert isinstance(items[1], ReadError) and items[1].reason == "duplicate of a"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".jsonl", ".json", ".html"]))
def test_random_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    for item in read_inputs([str(path)]):
        assert isinstance(item, Document | ReadError)
