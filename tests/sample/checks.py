"""Checks shared by the tests of a fresh build and of the committed data/ files."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

LEVELS = ["country", "oblast", "raion", "hromada"]


def read_places(folder: Path) -> pd.DataFrame:
    """Return places.csv.gz with every cell as text."""
    return pd.read_csv(folder / "places.csv.gz", dtype=str, keep_default_na=False)


def read_partnerships(folder: Path) -> pd.DataFrame:
    """Return partnerships.csv with every cell as text."""
    return pd.read_csv(folder / "partnerships.csv", dtype=str, keep_default_na=False)


def read_regions(folder: Path) -> gpd.GeoDataFrame:
    """Return the regions layer of regions.gpkg."""
    return gpd.read_file(folder / "regions.gpkg", layer="regions", engine="pyogrio")


def misplaced(places: pd.DataFrame, regions: gpd.GeoDataFrame) -> list[str]:
    """Return ids of hinted places not strictly inside their hint region alone.

    "Alone" means no other region of the same or a deeper level touches the point, so a
    loader that takes the deepest containing region can only find the hint.
    """
    hinted = places[places["region_hint"] != ""]
    row = {code: i for i, code in enumerate(regions["code"])}
    depth = regions["level"].map(LEVELS.index).to_numpy()
    geoms = regions.geometry.to_numpy()
    points = shapely.points(hinted["lon"].astype(float), hinted["lat"].astype(float))
    own = np.array([row.get(h, -1) for h in hinted["region_hint"]])
    ok = own >= 0
    ok[ok] = shapely.contains_properly(geoms[own[ok]], points[ok])
    hit_point, hit_region = shapely.STRtree(geoms).query(points, predicate="intersects")
    rival = (hit_region != own[hit_point]) & (depth[hit_region] >= depth[own[hit_point]])
    ok[np.unique(hit_point[rival])] = False
    return sorted(hinted["id"][~ok])
