"""Ukraine's oblasts, raions and hromadas: the 2020 polygons joined to KATOTTG codes by name."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geoapp.sample import katottg, shapes
from geoapp.sample.text import name_key, romanise

TYPE_WORDS = "міська|сільська|селищна|територіальна"
TYPE_EN = {"міська": "urban", "селищна": "settlement", "сільська": "rural"}

# Hromada polygons that the name join cannot code, keyed by (oblast, raion, hromada) as
# spelled in hromady.geojson; the codifier moved or renamed them after October 2020.
RENAMED = {
    # Moved to another raion in the codifier.
    ("Донецька область", "Донецький район", "Авдіївська територіальна громада"):
        "UA14160010000086090",
    ("Донецька область", "Краматорський район", "Торецька територіальна громада"):
        "UA14020110000075529",
    ("Донецька область", "Кальміуський район", "Мирненська територіальна громада"):
        "UA14040090000061195",
    # "Попаснянський район" was not kept: both hromadas are in Сєвєродонецький.
    ("Луганська область", "Попаснянський район", "Гірська територіальна громада"):
        "UA44120010000044132",
    ("Луганська область", "Попаснянський район", "Попаснянська територіальна громада"):
        "UA44120070000073915",
    # Spelled differently in the codifier.
    ("Луганська область", "Сєвєродонецький район", "Сєверодонецька міська громада"):
        "UA44120110000010163",
    ("Луганська область", "Луганський район", "Лутугінська територіальна громада"):
        "UA44060030000019360",
    # Misspelled "Андрівська" in the polygons; its centre Андріївка lies inside it.
    ("Запорізька область", "Бердянський район", "Андрівська селищна громада"):
        "UA23020030000059558",
}
# Two features are both labelled Ніжинський raion's Талалаївська; feature 341 is
# Прилуцький raion's Талалаївська (its centre, Талалаївка near Prylutskyi, lies inside it).
BY_FEATURE = {341: "UA74080190000091939"}
# Features that are not hromadas: each stands for a whole oblast-level unit.
SPECIAL = {"Київ": katottg.KYIV, "Севастополь": katottg.SEVASTOPOL,
           "Автономна республіка Крим": katottg.CRIMEA}
OBLAST_NAMES = {katottg.KYIV: "Київ", katottg.SEVASTOPOL: "Севастополь",
                katottg.CRIMEA: "Автономна Республіка Крим"}
OBLAST_NAMES_EN = {katottg.KYIV: "Kyiv", katottg.SEVASTOPOL: "Sevastopol",
                   katottg.CRIMEA: "Autonomous Republic of Crimea"}


def bare(name: str) -> str:
    """Return a polygon name without "область", "район" or "... громада"."""
    name = re.sub(rf"\s+({TYPE_WORDS})\s+громада$", "", name.strip())
    return re.sub(r"\s+(область|район)$", "", name).replace("Маріупольский", "Маріупольський")


def hromada_type(name: str) -> str:
    """Return the type word of a polygon's hromada name ('' when none)."""
    found = re.search(rf"({TYPE_WORDS}) громада$", name.strip())
    return found.group(1) if found else ""


def read_polygons(folder: Path) -> dict[str, gpd.GeoDataFrame]:
    """Return the three polygon layers of ua-admin-boundaries."""
    return {layer: gpd.read_file(folder / f"{layer}.geojson", engine="pyogrio")
            for layer in ("regiony", "rayony", "hromady")}


def code_hromadas(hromady: gpd.GeoDataFrame, codifier: pd.DataFrame,
                  types: dict[str, str]) -> tuple[pd.Series, dict]:
    """Return each hromada feature's KATOTTG code (by feature id) and how it was found."""
    oblasts = {**katottg.names_by_code(codifier, "O"), **katottg.names_by_code(codifier, "K")}
    raions = katottg.names_by_code(codifier, "P")
    coded = codifier[codifier["category"] == "H"]
    index: dict[tuple, list[str]] = {}
    for code, oblast, raion, name in coded[["code", "oblast", "raion", "name"]].itertuples(
            index=False):
        key = (name_key(oblasts[oblast]), name_key(raions[raion]), name_key(name))
        index.setdefault(key, []).append(code)
    codes, how = {}, {"name": 0, "name_and_type": 0, "rule": 0, "special": 0, "synthetic": 0}
    for row in hromady.itertuples():
        code, method = _code_one(row, index, types)
        codes[row.id] = code
        how[method] += 1
    return pd.Series(codes), how


def _code_one(row, index: dict, types: dict[str, str]) -> tuple[str, str]:
    if row.hromada in SPECIAL:
        return SPECIAL[row.hromada], "special"
    rule = BY_FEATURE.get(row.id) or RENAMED.get((row.region, row.rayon, row.hromada))
    if rule:
        return rule, "rule"
    key = (name_key(bare(row.region)), name_key(bare(row.rayon)), name_key(bare(row.hromada)))
    found = index.get(key, [])
    if len(found) == 1:
        return found[0], "name"
    # Same-name hromadas of one raion differ only by type (міська / сільська / селищна).
    typed = [c for c in found if types.get(c) == hromada_type(row.hromada)]
    if len(typed) == 1:
        return typed[0], "name_and_type"
    return f"UA-H-{row.id:04d}", "synthetic"


def hromada_frame(polygons: dict, codifier: pd.DataFrame, kse: pd.DataFrame) -> tuple:
    """Return the hromada regions (code, parent, names, geometry) and the join counts."""
    hromady = polygons["hromady"]
    types = dict(zip(kse["hromada_code"], kse["hromada_type"], strict=True))
    codes, how = code_hromadas(hromady, codifier, types)
    frame = hromady.assign(code=hromady["id"].map(codes))
    frame = frame[~frame["code"].isin(SPECIAL.values())]
    if frame["code"].duplicated().any():
        raise ValueError(f"two hromada polygons got one code: "
                         f"{sorted(frame['code'][frame['code'].duplicated()])}")
    rows = codifier.set_index("code")
    raions = codifier[codifier["category"] == "P"]
    raion_codes = {name_key(n): c for c, n in raions[["code", "name"]].values}
    records = [_hromada_record(r, rows, types, raion_codes) for r in frame.itertuples()]
    return _regions(records, frame.geometry), how


def _hromada_record(row, rows: pd.DataFrame, types: dict[str, str], raion_codes: dict) -> dict:
    if row.code not in rows.index:  # a synthetic code: keep the polygon's own names
        name, kind = bare(row.hromada), hromada_type(row.hromada)
        return {"code": row.code, "level": "hromada",
                "parent_code": raion_codes.get(name_key(bare(row.rayon)), ""),
                "name_uk": row.hromada, "name_en": _hromada_en(name, kind)}
    coded = rows.loc[row.code]
    kind = types.get(row.code) or hromada_type(row.hromada)
    return {"code": row.code, "level": "hromada", "parent_code": coded["raion"],
            "name_uk": f"{coded['name']} {kind} громада".replace("  ", " "),
            "name_en": _hromada_en(coded["name"], kind)}


def _hromada_en(name: str, kind: str) -> str:
    return " ".join(w for w in (romanise(name), TYPE_EN.get(kind, ""), "hromada") if w)


def raion_frame(polygons: dict, codifier: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return the 136 raions, coded by their (nationally unique) names."""
    raions = codifier[codifier["category"] == "P"]
    by_name = {name_key(n): (c, o) for c, o, n in raions[["code", "oblast", "name"]].values}
    rayony = polygons["rayony"]
    found = [by_name.get(name_key(bare(n))) for n in rayony["rayon"]]
    missing = [n for n, f in zip(rayony["rayon"], found, strict=True) if f is None]
    if missing:
        raise ValueError(f"raion polygons without a KATOTTG raion: {missing}")
    names = dict(zip(raions["code"], raions["name"], strict=True))
    records = [{"code": c, "level": "raion", "parent_code": o, "name_uk": f"{names[c]} район",
                "name_en": f"{romanise(names[c])} raion"} for c, o in found]
    return _regions(records, rayony.geometry)


def oblast_frame(polygons: dict, codifier: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return the oblasts, Crimea, Sevastopol and Kyiv (Kyiv's shape is its hromada polygon)."""
    tops = {**katottg.names_by_code(codifier, "O"), **katottg.names_by_code(codifier, "K")}
    by_name = {name_key(n): c for c, n in tops.items()}
    regiony = polygons["regiony"]
    codes = [by_name.get(name_key(bare(n))) for n in regiony["region"]]
    kyiv = polygons["hromady"][polygons["hromady"]["hromada"] == "Київ"]
    geoms = list(regiony.geometry) + list(kyiv.geometry)
    codes = codes + [katottg.KYIV]
    if None in codes or len(set(codes)) != len(codes):
        raise ValueError(f"oblast polygons not coded one to one: {list(regiony['region'])}")
    records = [{"code": c, "level": "oblast", "parent_code": "UA",
                "name_uk": OBLAST_NAMES.get(c, f"{tops[c]} область"),
                "name_en": OBLAST_NAMES_EN.get(c, f"{romanise(tops[c])} oblast")}
               for c in codes]
    return _regions(records, geoms)


def _regions(records: list[dict], geoms) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(records, geometry=shapes.clean(list(geoms)), crs="EPSG:4326")
