"""Name normalisation, transliteration-aware matching and acronyms, on real public figures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisisdesk.names import acronym_of, is_acronym_of, name_key, normalise_name, same_person


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("President Volodymyr Zelensky", "volodymyr zelensky"),
        ("Prime Minister Narendra Modi's", "narendra modi"),
        ("Gen. Min Aung Hlaing", "min aung hlaing"),
        ("Mr O'Brien", "obrien"),
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("Former President  Evo Morales", "evo morales"),
        ("President", ""),
        ("His Excellency Mr Ban Ki-moon", "ban ki moon"),
        ("HRH Prince Charles", "charles"),
    ],
)
def test_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


@pytest.mark.parametrize(
    "variants",
    [
        ["Muammar Gaddafi", "Muammar al-Qaddafi", "Moammar Kadhafi", "Mu'ammar Gadhafi"],
        ["Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelenskiy", "Wolodymyr Selenskyj"],
        ["Mohammed Morsi", "Muhammad Morsi", "Mohamed Morsy"],
        ["Nikol Pashinyan", "Nikol Pashinian"],
        ["Gotabaya Rajapaksa", "Gotabhaya Rajapakse"],
        ["Dzhokhar Dudayev", "Jokhar Dudaev", "Djokhar Doudaïev"],  # English, French
    ],
)
def test_transliterations_share_one_key(variants: list[str]) -> None:
    assert len({name_key(v) for v in variants}) == 1
    assert all(same_person(variants[0], v) for v in variants)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Zelensky", "President Volodymyr Zelenskyy"),
        ("V. Putin", "Vladimir Putin"),
        ("Assad", "Bashar al-Assad"),
    ],
)
def test_partial_mentions_match_the_full_name(a: str, b: str) -> None:
    assert same_person(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Olena Zelenska", "Volodymyr Zelensky"),  # spouses: the surname ending differs
        ("Lyudmila Putina", "Vladimir Putin"),
        ("Vladimir Putin", "Vladimir Zelensky"),
        ("Joe Biden", "Hunter Biden"),
        ("Mahinda Rajapaksa", "Gotabaya Rajapakse"),
        ("President", "Vladimir Putin"),
        ("V.", "Vladimir Putin"),
    ],
)
def test_different_people_do_not_match(a: str, b: str) -> None:
    assert not same_person(a, b)


def test_acronym_of() -> None:
    assert acronym_of("North Atlantic Treaty Organization") == "NATO"
    assert acronym_of("Organization for Security and Co-operation in Europe") == "OSCE"
    assert acronym_of("the International Committee of the Red Cross") == "ICRC"


@pytest.mark.parametrize(
    ("acronym", "expansion", "expected"),
    [
        ("ECOWAS", "Economic Community of West African States", True),
        ("SARS", "Special Anti-Robbery Squad", True),
        ("FARC", "Fuerzas Armadas Revolucionarias de Colombia", True),
        ("UN", "United Nations", True),
        ("NATO", "United Nations", False),
        ("EU", "European Parliament", False),
        ("", "United Nations", False),
    ],
)
def test_is_acronym_of(acronym: str, expansion: str, expected: bool) -> None:
    assert is_acronym_of(acronym, expansion) is expected


@given(st.text())
def test_normalise_name_is_idempotent_and_total(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once
    assert once == once.strip()


@given(st.text(), st.text())
def test_same_person_is_symmetric_and_total(a: str, b: str) -> None:
    assert same_person(a, b) == same_person(b, a)
