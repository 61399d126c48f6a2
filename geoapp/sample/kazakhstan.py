"""Kazakhstan's 20 regions and 224 districts, coded by their OCHA-style pcodes."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from geoapp.sample import shapes


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
        return str(getattr(row, f"ADM{level}_{suffix}") or "").strip()

    return {"code": field("PCODE"), "level": name, "parent_code": parent,
            "name_en": field("EN"), "name_kk": field("KK"), "name_ru": field("RU")}
