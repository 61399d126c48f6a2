"""All regions of the sample: Ukraine and Kazakhstan, from countries down to hromadas, and
Ukraine's neighbours Moldova and Russia (first level), Romania and Belarus (countries)."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from geoapp.sample import kazakhstan, neighbours, shapes, ukraine

COLUMNS = ["code", "level", "parent_code", "name_uk", "name_en", "name_ru", "name_kk",
           "name_ro"]
LEVELS = ["country", "oblast", "raion", "hromada"]
COUNTRIES = {
    "UA": {"name_uk": "Україна", "name_en": "Ukraine", "name_ru": "Украина",
           "name_kk": "Украина", "name_ro": "Ucraina"},
    "KZ": {"name_uk": "Казахстан", "name_en": "Kazakhstan", "name_ru": "Казахстан",
           "name_kk": "Қазақстан", "name_ro": "Kazahstan"},
}


def build_regions(source: Path, codifier: pd.DataFrame, kse: pd.DataFrame) -> tuple:
    """Return every region (sorted, with all name columns) and how hromadas were coded."""
    polygons = ukraine.read_polygons(source / "ua-admin-boundaries")
    hromadas, how = ukraine.hromada_frame(polygons, codifier, kse)
    oblasts = ukraine.oblast_frame(polygons, codifier)
    kz = kazakhstan.region_frame(source / "kz-admin-boundaries")
    countries = [country("UA", oblasts), country("KZ", kz[kz["level"] == "oblast"])]
    parts = [*countries, oblasts, ukraine.raion_frame(polygons, codifier), hromadas, kz,
             neighbours.region_frame(source)]
    frame = pd.concat(parts, ignore_index=True)
    check_parents(frame)
    return tidy(frame), how


def country(code: str, units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return a country dissolved from its top-level units."""
    shape = shapes.clean([shapes.dissolve(list(units.geometry))])
    record = {"code": code, "level": "country", "parent_code": "", **COUNTRIES[code]}
    return gpd.GeoDataFrame([record], geometry=shape, crs="EPSG:4326")


def check_parents(frame: pd.DataFrame) -> None:
    """Raise unless every parent exists one level up (countries have none)."""
    level_of = dict(zip(frame["code"], frame["level"], strict=True))
    for code, level, parent in frame[["code", "level", "parent_code"]].itertuples(index=False):
        expected = LEVELS[LEVELS.index(level) - 1] if level != "country" else None
        if (expected is None) != (not parent) or (parent and level_of.get(parent) != expected):
            raise ValueError(f"region {code} ({level}) has parent {parent!r}, "
                             f"which is not a {expected}")


def tidy(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return the regions with every column filled and rows in a fixed order."""
    frame = frame.reindex(columns=COLUMNS + ["geometry"])
    frame[COLUMNS] = frame[COLUMNS].fillna("")
    frame["depth"] = frame["level"].map(LEVELS.index)
    frame = frame.sort_values(["depth", "code"]).drop(columns="depth").reset_index(drop=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
