"""Language identification: English news decided by its function words, the rest by the model."""

from __future__ import annotations

import pytest

from crisisdesk.read import language
from crisisdesk.read.language import detect_language

ENGLISH = ("Thousands of dockers marched through the port city on Saturday, and the union said "
           "that police had detained twelve of them.")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Des milliers de manifestants ont défilé samedi à Lyon contre la réforme, selon la "
         "police. Les syndicats appellent à une nouvelle grève.", "fr"),
        ("Miles de personas marcharon el sábado en Quito contra la reforma, según la policía. "
         "Los sindicatos convocaron un nuevo paro.", "es"),
        ("Tausende Menschen haben am Samstag in Leipzig gegen die Reform demonstriert, teilte "
         "die Polizei mit. Die Gewerkschaften riefen zu einem neuen Streik auf.", "de"),
        ("Milhares de pessoas marcharam no sábado em Recife contra a reforma, segundo a "
         "polícia. Os sindicatos convocaram uma nova greve.", "pt"),
    ],
)
def test_other_languages_go_to_the_model(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_english_news_is_english_without_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def unused(_text: str) -> tuple[str, float]:
        raise AssertionError("the model was asked")

    monkeypatch.setattr(language.py3langid, "classify", unused)
    assert detect_language(ENGLISH) == "en"
    assert detect_language("Police detained 40 people") == "en"  # a short snippet


def test_text_without_letters_has_no_language() -> None:
    assert detect_language("12 345 — 67") is None
