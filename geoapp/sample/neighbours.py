"""Ukraine's neighbours: Moldova's 37 first-level units and Russia's 83 federal subjects
(without Crimea and Sevastopol, which are Ukraine's), and Romania and Belarus as countries
without an outline (no boundaries of theirs were found); see data/SOURCES.md.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geoapp.sample import shapes

FOLDER = "neighbours-admin-boundaries"
FILES = {"MD": "geoBoundaries-MDA-ADM1.geojson.gz",
         "RU": "russia_by_federal_subjects_since_2008.geojson.gz"}
# Russia is drawn far out: its subjects are simplified to about 3 km (every place the sample
# has there stays inside its subject).
TOLERANCE = {"MD": shapes.TOLERANCE, "RU": 0.03}
COUNTRIES = {
    "MD": {"name_uk": "Молдова", "name_en": "Moldova", "name_ru": "Молдова",
           "name_kk": "Молдова", "name_ro": "Republica Moldova"},
    "RU": {"name_uk": "Росія", "name_en": "Russia", "name_ru": "Россия",
           "name_kk": "Ресей", "name_ro": "Rusia"},
    "RO": {"name_uk": "Румунія", "name_en": "Romania", "name_ru": "Румыния",
           "name_kk": "Румыния", "name_ro": "România"},
    "BY": {"name_uk": "Білорусь", "name_en": "Belarus", "name_ru": "Беларусь",
           "name_kk": "Беларусь", "name_ro": "Belarus"},
}
# The source names Moldova's units in Latin letters without diacritics ("Balti"): their
# names in Ukrainian, Russian and Romanian, entered by hand.
MOLDOVA = {
    "Anenii Noi": ("Аненій-Ной", "Анений-Ной", "Anenii Noi"),
    "Balti": ("Бельці", "Бэлць", "Bălți"),
    "Basarabeasca": ("Бессарабка", "Бессарабка", "Basarabeasca"),
    "Bender": ("Бендери", "Бендеры", "Bender"),
    "Briceni": ("Бричани", "Бричаны", "Briceni"),
    "Cahul": ("Кагул", "Кагул", "Cahul"),
    "Calarasi": ("Келераш", "Кэлэраш", "Călărași"),
    "Cantemir": ("Кантемір", "Кантемир", "Cantemir"),
    "Causeni": ("Кеушени", "Кэушень", "Căușeni"),
    "Chisinau": ("Кишинів", "Кишинёв", "Chișinău"),
    "Cimislia": ("Чимішлія", "Чимишлия", "Cimișlia"),
    "Criuleni": ("Криуляни", "Криуляны", "Criuleni"),
    "Donduseni": ("Дондюшани", "Дондюшаны", "Dondușeni"),
    "Drochia": ("Дрокія", "Дрокия", "Drochia"),
    "Dubasari": ("Дубоссари", "Дубоссары", "Dubăsari"),
    "Edinet": ("Єдинці", "Единец", "Edineț"),
    "Falesti": ("Фалешти", "Фалешты", "Fălești"),
    "Floresti": ("Флорешти", "Флорешты", "Florești"),
    "Gagauzia": ("Гагаузія", "Гагаузия", "Găgăuzia"),
    "Glodeni": ("Глодяни", "Глодяны", "Glodeni"),
    "Hincesti": ("Хинчешти", "Хынчешты", "Hîncești"),
    "Ialoveni": ("Яловени", "Яловены", "Ialoveni"),
    "Leova": ("Леова", "Леова", "Leova"),
    "Nisporeni": ("Ніспорени", "Ниспорены", "Nisporeni"),
    "Ocnita": ("Окниця", "Окница", "Ocnița"),
    "Orhei": ("Оргіїв", "Орхей", "Orhei"),
    "Rezina": ("Резина", "Резина", "Rezina"),
    "Riscani": ("Ришкани", "Рышканы", "Rîșcani"),
    "Singerei": ("Синжерей", "Сынжерей", "Sîngerei"),
    "Soldanesti": ("Шолданешти", "Шолданешты", "Șoldănești"),
    "Soroca": ("Сороки", "Сороки", "Soroca"),
    "Stefan Voda": ("Штефан-Воде", "Штефан-Водэ", "Ștefan Vodă"),
    "Straseni": ("Стрешени", "Страшены", "Strășeni"),
    "Taraclia": ("Тараклія", "Тараклия", "Taraclia"),
    "Telenesti": ("Теленешти", "Теленешты", "Telenești"),
    "Transnistria": ("Придністров'я", "Приднестровье", "Stînga Nistrului"),
    "Ungheni": ("Унгени", "Унгены", "Ungheni"),
}


def read_units(source: Path, country: str) -> gpd.GeoDataFrame:
    """One neighbour's first-level units as published (gzipped GeoJSON)."""
    with gzip.open(source / FOLDER / FILES[country]) as raw:
        return gpd.read_file(raw, engine="pyogrio")


def region_frame(source: Path) -> gpd.GeoDataFrame:
    """The neighbours' countries and first-level units (level ``oblast``), named."""
    parts = []
    for country in FILES:
        units = read_units(source, country).sort_values("shapeISO").reset_index(drop=True)
        records = [unit_record(country, row.shapeISO, row.shapeName)
                   for row in units.itertuples()]
        unit_frame = gpd.GeoDataFrame(records, crs="EPSG:4326", geometry=shapes.clean(
            list(units.geometry), TOLERANCE[country]))
        outline = shapes.clean([shapes.dissolve(list(unit_frame.geometry))], TOLERANCE[country])
        parts += [gpd.GeoDataFrame([country_record(country)], geometry=outline,
                                   crs="EPSG:4326"), unit_frame]
    outlineless = pd.DataFrame([country_record(c) for c in COUNTRIES if c not in FILES])
    parts.append(gpd.GeoDataFrame(outlineless, geometry=[None] * len(outlineless),
                                  crs="EPSG:4326"))
    return pd.concat(parts, ignore_index=True)


def country_record(code: str) -> dict:
    """A neighbour as a country-level region."""
    return {"code": code, "level": "country", "parent_code": "", **COUNTRIES[code]}


def unit_record(country: str, iso: str, name: str) -> dict:
    """A first-level unit, coded by ISO 3166-2 and named in every language known."""
    record = {"code": iso, "level": "oblast", "parent_code": country, "name_en": name}
    if country == "MD":
        uk, ru, ro = MOLDOVA[name]
        record |= {"name_uk": uk, "name_ru": ru, "name_ro": ro}
    return record


# The countries of the store, by the English names the twin-cities list uses.
COUNTRY_CODES = {"Ukraine": "UA", "Kazakhstan": "KZ", "Moldova": "MD", "Romania": "RO",
                 "Belarus": "BY", "Russia": "RU"}


def place_countries(places: pd.DataFrame) -> pd.Series:
    """The country (a country region's code) of each place that is known to lie in one.

    Given by hand for the articles' places; else the country of the place's region hint;
    else, for a sister city, the country the twin-cities list names (address).
    """
    given = places["country"].fillna("") if "country" in places else pd.Series(
        "", index=places.index)
    hint = places["region_hint"].fillna("").str[:2].where(
        places["region_hint"].fillna("").str[:2].isin(["UA", "KZ"]), "")
    named = places["address"].fillna("").map(COUNTRY_CODES).fillna("").where(
        places["id"].str.startswith("city:"), "")
    return given.where(given != "", hint.where(hint != "", named))
