"""The GeoNames gazetteer: folded names, look-ups, and the disk cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisisdesk.extract import gazetteer
from crisisdesk.extract.gazetteer import Entry, Gazetteer, fold, load_gazetteer


@pytest.mark.parametrize(
    ("a", "b"),
    [("Alma-Ata", "Alma Ata"), ("Mangistau", "Mangystau"), ("Zhanaozen", "Janaozen"),
     ("Bogotá", "Bogota"), ("Kharkiv", "Harkiv")],
)
def test_fold_merges_spellings(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_fold_keeps_different_names_apart() -> None:
    assert fold("Minsk") != fold("Pinsk")


def test_lookup_finds_alternate_names_and_regions() -> None:
    gaz = load_gazetteer()
    almaty = [e for e, main in gaz.lookup("Alma-Ata") if e.country == "KZ"]
    assert almaty and almaty[0].name == "Almaty" and almaty[0].kind == "city"
    regions = [e for e, _ in gaz.lookup("Mangistau") if e.kind == "region"]
    assert [r.name for r in regions] == ["Mangystau Region"]
    assert regions[0].lat is not None and 40 < regions[0].lat < 47  # centroid of its towns
    kano = [e for e, _ in gaz.lookup("Kano") if e.kind == "region"]
    assert kano[0].name == "Kano State" and kano[0].country == "NG"


def test_countries_are_indexed_by_iso_code() -> None:
    countries = load_gazetteer().countries
    assert countries["MM"].name == "Myanmar"
    assert countries["MM"].kind == "country"


def test_the_cache_round_trips_and_ignores_junk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = gazetteer._cache_path()
    assert path.parent == tmp_path / "crisisdesk"
    entry = Entry(1, "Testville", "ZZ", "city", 1.0, 2.0, 600, None)
    gazetteer._write_cache(path, Gazetteer([entry], {"testvile": (0,)}))
    assert list(path.parent.glob("*.tmp")) == []  # written atomically, no leftovers
    loaded = gazetteer._read_cache(path)
    assert loaded is not None and loaded.lookup("Testville") == [(entry, True)]
    path.write_bytes(b"not a pickle")
    assert gazetteer._read_cache(path) is None


@pytest.mark.parametrize("written", ["russians", "kenyan", "bel", "ukrainians", "zzzz", ""])
def test_country_keys_sharing_are_the_countries_with_the_same_first_letters(
    written: str,
) -> None:
    gaz = load_gazetteer()
    expected = [(k, e) for k, e in gaz.country_keys() if len(k) >= 4 and k[:4] == written[:4]]
    assert gaz.country_keys_sharing(written) == (expected if len(written) >= 4 else [])
