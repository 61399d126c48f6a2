"""Kazakhstan's regions named in each of the UI's five languages, not in English everywhere."""

from __future__ import annotations

import re

import pytest

from geoapp.maps.regions import RegionAtlas
from geoapp.sample import kazakhstan
from geoapp.store import Store, mapdata
from tests.sample.checks import read_regions
from tests.sample.conftest import DATA

CYRILLIC = re.compile(r"^[\u0400-\u04ff\s()'’-]+$")
LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f\s()'’-]+$")
SCRIPTS = {"uk": CYRILLIC, "ru": CYRILLIC, "kk": CYRILLIC, "en": LATIN, "ro": LATIN}


@pytest.fixture(scope="module")
def kz_regions():
    regions = read_regions(DATA)
    return regions[regions["code"].str.startswith("KZ") & (regions["level"] != "country")]


def test_each_region_has_five_names_each_in_its_languages_script(kz_regions) -> None:
    oblasts = kz_regions[kz_regions["level"] == "oblast"]
    assert len(oblasts) == 20
    for row in oblasts.itertuples():
        for lang, script in SCRIPTS.items():
            name = getattr(row, f"name_{lang}")
            assert script.match(name), (row.code, lang, name)
        assert row.name_uk != row.name_ru or row.code in ("KZ71",), row.code
    pavlodar = oblasts.set_index("code").loc["KZ55"]
    assert (pavlodar.name_uk, pavlodar.name_ru, pavlodar.name_kk, pavlodar.name_ro) == (
        "Павлодарська область", "Павлодарская область", "Павлодар облысы", "Regiunea Pavlodar")


def test_districts_are_never_english_in_a_cyrillic_ui(kz_regions) -> None:
    districts = kz_regions[kz_regions["level"] == "raion"]
    assert len(districts) == 224
    for row in districts.itertuples():
        for lang in ("uk", "ru", "kk"):
            assert CYRILLIC.match(getattr(row, f"name_{lang}")), (row.code, lang)
        assert LATIN.match(row.name_ro), row.code


def test_the_builder_writes_the_committed_names(kz_regions, sources) -> None:
    built = kazakhstan.region_frame(sources / "kz-admin-boundaries").set_index("code")
    committed = kz_regions.set_index("code")
    columns = [f"name_{lang}" for lang in kazakhstan.LANGUAGES]
    assert built[columns].sort_index().equals(committed[columns].sort_index())


@pytest.mark.parametrize("kind", ["spatialite", "postgis"])
def test_the_store_gives_the_names_to_each_ui(sample_urls, kind) -> None:
    store = Store(sample_urls(kind))
    try:
        with store.engine.connect() as conn:
            atlas = RegionAtlas.from_rows(mapdata.region_rows(conn))
    finally:
        store.dispose()
    assert [atlas.name("KZ55", lang) for lang in ("uk", "en", "ru", "kk", "ro")] == [
        "Павлодарська область", "Pavlodar Region", "Павлодарская область", "Павлодар облысы",
        "Regiunea Pavlodar"]
    assert atlas.name("KZ553600", "uk") == "Баянауыл"
