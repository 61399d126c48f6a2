"""Kazakhstan's 20 regions and 224 districts, coded by their OCHA-style pcodes.

The source names its units in English, Kazakh and Russian, the regions by a bare adjective
("Павлодарская"); each region's name in the UI's five languages is written here. A
district keeps the source's names, its Kazakh (Cyrillic) name standing for the Ukrainian
and its English (Latin) one for the Romanian.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from geoapp.sample import shapes

# pcode: (uk, en, ru, kk, ro)
REGION_NAMES = {
    "KZ10": ("Абайська область", "Abai Region", "Абайская область", "Абай облысы",
             "Regiunea Abai"),
    "KZ11": ("Акмолинська область", "Akmola Region", "Акмолинская область", "Ақмола облысы",
             "Regiunea Akmola"),
    "KZ15": ("Актюбинська область", "Aktobe Region", "Актюбинская область", "Ақтөбе облысы",
             "Regiunea Aktobe"),
    "KZ19": ("Алматинська область", "Almaty Region", "Алматинская область", "Алматы облысы",
             "Regiunea Almatî"),
    "KZ23": ("Атирауська область", "Atyrau Region", "Атырауская область", "Атырау облысы",
             "Regiunea Atîrau"),
    "KZ27": ("Західноказахстанська область", "West Kazakhstan Region",
             "Западно-Казахстанская область", "Батыс Қазақстан облысы",
             "Regiunea Kazahstanul de Vest"),
    "KZ31": ("Жамбильська область", "Jambyl Region", "Жамбылская область", "Жамбыл облысы",
             "Regiunea Jambîl"),
    "KZ33": ("Жетисуська область", "Jetisu Region", "Жетысуская область", "Жетісу облысы",
             "Regiunea Jetîsu"),
    "KZ35": ("Карагандинська область", "Karaganda Region", "Карагандинская область",
             "Қарағанды облысы", "Regiunea Karaganda"),
    "KZ39": ("Костанайська область", "Kostanay Region", "Костанайская область",
             "Қостанай облысы", "Regiunea Kostanai"),
    "KZ43": ("Кизилординська область", "Kyzylorda Region", "Кызылординская область",
             "Қызылорда облысы", "Regiunea Kîzîlorda"),
    "KZ47": ("Мангістауська область", "Mangystau Region", "Мангистауская область",
             "Маңғыстау облысы", "Regiunea Mangîstau"),
    "KZ55": ("Павлодарська область", "Pavlodar Region", "Павлодарская область",
             "Павлодар облысы", "Regiunea Pavlodar"),
    "KZ59": ("Північноказахстанська область", "North Kazakhstan Region",
             "Северо-Казахстанская область", "Солтүстік Қазақстан облысы",
             "Regiunea Kazahstanul de Nord"),
    "KZ61": ("Туркестанська область", "Turkistan Region", "Туркестанская область",
             "Түркістан облысы", "Regiunea Turkestan"),
    "KZ62": ("Улитауська область", "Ulytau Region", "Улытауская область", "Ұлытау облысы",
             "Regiunea Ulîtau"),
    "KZ63": ("Східноказахстанська область", "East Kazakhstan Region",
             "Восточно-Казахстанская область", "Шығыс Қазақстан облысы",
             "Regiunea Kazahstanul de Est"),
    "KZ71": ("Астана", "Astana", "Астана", "Астана", "Astana"),
    "KZ75": ("Алмати", "Almaty", "Алматы", "Алматы", "Almatî"),
    "KZ79": ("Шимкент", "Shymkent", "Шымкент", "Шымкент", "Șîmkent"),
}
LANGUAGES = ("uk", "en", "ru", "kk", "ro")
# Latin letters the source typed inside Cyrillic names ("Aршалинский", "Солтүстiк").
LOOK_ALIKES = str.maketrans("AaEeOoPpCcXxiI", "АаЕеОоРрСсХхіІ")


def read_level(folder: Path, level: int) -> gpd.GeoDataFrame:
    """Return the ADM1 or ADM2 layer of kz-admin-boundaries."""
    return gpd.read_file(folder / f"kaz_admbnda_adm{level}_2024.shp", engine="pyogrio")


def region_frame(folder: Path) -> gpd.GeoDataFrame:
    """Return the regions (level oblast) and districts (level raion) with their names."""
    regions = read_level(folder, 1)
    districts = read_level(folder, 2)
    records = [_record(r, 1, "oblast", "KZ") for r in regions.itertuples()]
    records += [_record(r, 2, "raion", r.ADM1_PCODE) for r in districts.itertuples()]
    geoms = list(regions.geometry) + list(districts.geometry)
    return gpd.GeoDataFrame(records, geometry=shapes.clean(geoms), crs="EPSG:4326")


def _record(row, level: int, name: str, parent: str) -> dict:
    def field(suffix: str) -> str:
        value = str(getattr(row, f"ADM{level}_{suffix}") or "").strip()
        return value if suffix in ("EN", "PCODE") else value.translate(LOOK_ALIKES)

    code = field("PCODE")
    if code in REGION_NAMES:
        names = dict(zip(LANGUAGES, REGION_NAMES[code], strict=True))
    else:
        names = {"uk": field("KK"), "en": field("EN"), "ru": field("RU"), "kk": field("KK"),
                 "ro": field("EN")}
    return {"code": code, "level": name, "parent_code": parent,
            **{f"name_{lang}": value for lang, value in names.items()}}
