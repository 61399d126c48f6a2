"""Communities: every hromada (and Kyiv) as a place at its administrative centre."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geoapp.sample import katottg
from geoapp.sample.placement import RegionMap, community_points

TYPES = {"міська": "urban_hromada", "селищна": "settlement_hromada", "сільська": "rural_hromada"}


def centres(kse: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """Return the centre point of each hromada (KSE) and of Kyiv and Sevastopol (GeoNames)."""
    hromadas = pd.DataFrame({"region": kse["hromada_code"],
                             "lon": kse["lon_center"].astype(float),
                             "lat": kse["lat_center"].astype(float)})
    cities = points[points["code"].isin([katottg.KYIV, katottg.SEVASTOPOL])]
    cities = cities.rename(columns={"code": "region"})[["region", "lon", "lat"]]
    return pd.concat([hromadas, cities], ignore_index=True)


def community_places(regions: gpd.GeoDataFrame, region_map: RegionMap, kse: pd.DataFrame,
                     centre_points: pd.DataFrame) -> pd.DataFrame:
    """Return one community place per hromada polygon, and one for Kyiv."""
    units = regions[(regions["level"] == "hromada") | (regions["code"] == katottg.KYIV)]
    at = community_points(region_map, list(units["code"]), centre_points)
    info = kse.set_index("hromada_code")
    rows = [_community(code, name, at.loc[code], info) for code, name in
            zip(units["code"], units["name_uk"], strict=True)]
    return pd.DataFrame(rows)


def _community(code: str, name: str, at: pd.Series, info: pd.DataFrame) -> dict:
    known = code in info.index
    centre = (f"{info.at[code, 'hromada_center']}, {info.at[code, 'raion_name']} район, "
              f"{info.at[code, 'oblast_name']} область") if known else name
    return {
        "id": f"katottg:{code}", "kind": "community",
        "type": TYPES.get(info.at[code, "hromada_type"], "hromada") if known else "city",
        "name": name, "status": "operating", "website": "", "address": centre,
        "location_precision": at["precision"], "region_hint": code, "programmes": "",
        "note": "", "lon": at["lon"], "lat": at["lat"],
    }
