"""Putting places on the map so that the loader finds each in its own region.

The loader gives a place the deepest region whose polygon contains it. A point therefore
counts as placed only if it lies strictly inside its region (as stored, after
simplification) and inside no other region of the same or a deeper level: a point in an
overlap of two neighbours could be handed to the wrong one.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point

LEVELS = ["country", "oblast", "raion", "hromada"]
DEPTH = {level: depth for depth, level in enumerate(LEVELS)}
DIGITS = 6
NOTE_NO_POINT = "Settlement not found in the gazetteer: placed at its community's centre."
NOTE_OUTSIDE = ("The settlement's gazetteer point lies outside its hromada polygon: "
                "placed at the community's centre.")
NOTE_NO_SETTLEMENT = "The register names no settlement, only its hromada: placed at its centre."


class RegionMap:
    """The stored region polygons, and where a point can sit safely."""

    def __init__(self, regions: gpd.GeoDataFrame) -> None:
        self.codes = regions["code"].to_numpy()
        self.depths = regions["level"].map(DEPTH).to_numpy()
        self.geoms = regions.geometry.to_numpy()
        self.row = {code: i for i, code in enumerate(self.codes)}
        self.tree = shapely.STRtree(self.geoms)
        shapely.prepare(self.geoms)

    def __contains__(self, code: str) -> bool:
        return code in self.row

    def shape(self, code: str):
        """Return the stored polygon of region ``code``."""
        return self.geoms[self.row[code]]

    def level(self, code: str) -> str:
        """Return the level of region ``code``."""
        return LEVELS[self.depths[self.row[code]]]

    def containing(self, lon: float, lat: float) -> list[str]:
        """Return the codes of the regions that contain a point, deepest first."""
        found = self.tree.query(Point(lon, lat), predicate="within")
        return [str(self.codes[i]) for i in sorted(found, key=lambda i: -self.depths[i])]

    def safe(self, xs: np.ndarray, ys: np.ndarray, hints: np.ndarray) -> np.ndarray:
        """Return, per point, whether it lies only in its hint region at that depth."""
        points = shapely.points(np.round(xs, DIGITS), np.round(ys, DIGITS))
        rows = np.array([self.row.get(h, -1) for h in hints])
        known = (rows >= 0) & ~shapely.is_missing(points) & ~np.isnan(xs)
        ok = np.zeros(len(points), dtype=bool)
        ok[known] = shapely.contains_properly(self.geoms[rows[known]], points[known])
        hit_point, hit_region = self.tree.query(points, predicate="intersects")
        rival = (hit_region != rows[hit_point]) & (
            self.depths[hit_region] >= self.depths[rows[hit_point]])
        ok[np.unique(hit_point[rival])] = False
        return ok

    def own_area_point(self, code: str) -> Point:
        """Return a point of ``code``'s polygon outside every same-or-deeper neighbour."""
        i = self.row[code]
        near = self.tree.query(self.geoms[i], predicate="intersects")
        rivals = [j for j in near if j != i and self.depths[j] >= self.depths[i]]
        own = self.geoms[i].difference(shapely.union_all(self.geoms[rivals])) if rivals \
            else self.geoms[i]
        return shapely.point_on_surface(own)


def community_points(regions: RegionMap, codes: list[str], centres: pd.DataFrame) -> pd.DataFrame:
    """Return a safe point for each region code: its centre settlement if safe, else inside."""
    centres = centres.set_index("region")
    rows = []
    for code in sorted(set(codes)):
        x, y, precision = _centre_or_inside(regions, code, centres)
        rows.append((code, x, y, precision))
    return pd.DataFrame(rows, columns=["region", "lon", "lat", "precision"]).set_index("region")


def _centre_or_inside(regions: RegionMap, code: str, centres: pd.DataFrame) -> tuple:
    if code in centres.index:
        x, y = centres.at[code, "lon"], centres.at[code, "lat"]
        if regions.safe(np.array([x]), np.array([y]), np.array([code]))[0]:
            return round(x, DIGITS), round(y, DIGITS), "settlement"
    point = regions.own_area_point(code)
    x, y = round(point.x, DIGITS), round(point.y, DIGITS)
    if not regions.safe(np.array([x]), np.array([y]), np.array([code]))[0]:
        raise ValueError(f"no point of region {code} lies in it alone")
    return x, y, "community_centroid"


def place(frame: pd.DataFrame, points: pd.DataFrame, regions: RegionMap,
          centres: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with lon, lat, location_precision and region_hint.

    ``frame`` has settlement, hromada and oblast codes; ``points`` has a point per
    settlement code. Rows that cannot be placed get no coordinates.
    """
    hints = [h if h in regions else (o if o in regions else "")
             for h, o in zip(frame["hromada"], frame["oblast"], strict=True)]
    at = points.set_index("code").reindex(frame["settlement"])
    xs, ys = at["lon"].to_numpy(dtype=float), at["lat"].to_numpy(dtype=float)
    safe = regions.safe(xs, ys, np.array(hints))
    fallback = community_points(regions, [h for h in hints if h], centres)
    out = frame.assign(region_hint=hints, lon=np.round(xs, DIGITS), lat=np.round(ys, DIGITS),
                       location_precision=np.where(safe, "settlement", ""))
    moved = ~safe & (out["region_hint"] != "")
    centre = fallback.reindex(out.loc[moved, "region_hint"])
    out.loc[moved, "lon"] = centre["lon"].to_numpy()
    out.loc[moved, "lat"] = centre["lat"].to_numpy()
    out.loc[moved, "location_precision"] = "community_centroid"
    why = [_why(s, x) for s, x in zip(out.loc[moved, "settlement"], xs[moved.to_numpy()],
                                      strict=True)]
    out.loc[moved, "note"] = [" ".join(filter(None, (old, new)))
                              for old, new in zip(out.loc[moved, "note"], why, strict=True)]
    out.loc[out["location_precision"] == "", ["lon", "lat"]] = np.nan
    return out


def _why(settlement: str, x: float) -> str:
    if not settlement:
        return NOTE_NO_SETTLEMENT
    return NOTE_NO_POINT if np.isnan(x) else NOTE_OUTSIDE
