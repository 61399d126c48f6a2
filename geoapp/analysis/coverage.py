"""How far each school is from the nearest STEM centre, along the WGS 84 ellipsoid.

The nearest centre is exact, not approximate. A k-d tree over earth-centred (ECEF)
coordinates finds the centre nearest in straight-line (chord) distance; a chord is never
longer than the geodesic between the same two points, so every centre that could be nearer
along the ellipsoid lies within a chord of that first centre's geodesic distance. Those few
are measured with pyproj's Geod (Karney's algorithm) and the shortest wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd
from pyproj import Transformer
from scipy.spatial import cKDTree
from sqlalchemy import Connection

from geoapp import geodesy
from geoapp.analysis.regions import ancestors_at, region_table
from geoapp.store.queries import PlaceFilter, count_places, find_places

THRESHOLDS_KM = (10, 25, 50)
SCHOOL_KINDS = ("school",)
CENTRE_KINDS = ("stem_centre",)
# A suspended school (often on the front line) still has pupils to serve; a suspended
# centre serves nobody.
SCHOOL_STATUSES = ("operating", "suspended")
CENTRE_STATUSES = ("operating",)
PLACE_COLUMNS = ["id", "kind", "type", "name", "status", "region_code", "lon", "lat"]


def places_frame(conn: Connection, kinds: Sequence[str], statuses: Sequence[str]) -> pd.DataFrame:
    """Every place of ``kinds`` and ``statuses`` with its coordinates, by the app's own filter."""
    where = PlaceFilter(kinds=tuple(kinds), statuses=tuple(statuses))
    rows = find_places(conn, where, limit=max(count_places(conn, where), 1))
    return pd.DataFrame([dict(row) for row in rows], columns=PLACE_COLUMNS)


@cache
def _to_ecef() -> Transformer:
    return Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True)


def ecef(lons: Sequence[float], lats: Sequence[float]) -> np.ndarray:
    """Earth-centred x, y, z in metres of points on the WGS 84 ellipsoid, one row each."""
    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    x, y, z = _to_ecef().transform(lons, lats, np.zeros_like(lons))
    return np.column_stack([x, y, z])


def nearest(from_lonlat: tuple[Sequence[float], Sequence[float]],
            to_lonlat: tuple[Sequence[float], Sequence[float]]) -> tuple[np.ndarray, np.ndarray]:
    """For each ``from`` point, the index of the nearest ``to`` point and its distance in metres."""
    lons, lats = (np.asarray(a, dtype=float) for a in from_lonlat)
    to_lons, to_lats = (np.asarray(a, dtype=float) for a in to_lonlat)
    if lons.size == 0 or to_lons.size == 0:
        return np.full(lons.size, -1), np.full(lons.size, np.nan)
    tree, here = cKDTree(ecef(to_lons, to_lats)), ecef(lons, lats)
    _, first = tree.query(here, k=1)
    bound = _geodesic(lons, lats, to_lons[first], to_lats[first])
    # A millimetre of slack for rounding in the ECEF transform.
    reach = tree.query_ball_point(here, r=bound + 1e-3)
    sizes = np.fromiter(map(len, reach), dtype=int, count=lons.size)
    rows = np.repeat(np.arange(lons.size), sizes)
    cols = np.fromiter((j for ball in reach for j in ball), dtype=int, count=int(sizes.sum()))
    metres = _geodesic(lons[rows], lats[rows], to_lons[cols], to_lats[cols])
    order = np.lexsort((metres, rows))
    starts = np.searchsorted(rows[order], np.arange(lons.size))
    return cols[order][starts], metres[order][starts]


def _geodesic(lons, lats, to_lons, to_lats) -> np.ndarray:
    return np.asarray(geodesy.wgs84().inv(lons, lats, to_lons, to_lats)[2])


def school_distances(conn: Connection, school_kinds: Sequence[str] = SCHOOL_KINDS,
                     centre_kinds: Sequence[str] = CENTRE_KINDS) -> pd.DataFrame:
    """Every school with its oblast, its nearest STEM centre and the distance to it in km."""
    schools = places_frame(conn, school_kinds, SCHOOL_STATUSES)
    centres = places_frame(conn, centre_kinds, CENTRE_STATUSES)
    index, metres = nearest((schools["lon"], schools["lat"]), (centres["lon"], centres["lat"]))
    table = region_table(conn)
    oblasts = ancestors_at(table, schools["region_code"], "oblast")
    names = table["name_en"].to_dict()
    return schools.assign(
        oblast_code=oblasts, oblast=[names.get(code) for code in oblasts],
        centre_id=_pick(centres["id"], index), centre_name=_pick(centres["name"], index),
        distance_km=metres / 1000.0,
    )


def _pick(values: pd.Series, index: np.ndarray) -> list:
    values = values.tolist()
    return [values[i] if i >= 0 else None for i in index]


def shares_beyond(distances: pd.DataFrame, thresholds_km: Sequence[float] = THRESHOLDS_KM,
                  by: str = "oblast_code") -> pd.DataFrame:
    """Per oblast: schools, median km, and the share of schools beyond each threshold."""
    known = distances.dropna(subset=[by])
    grouped = known.groupby(by)
    table = pd.DataFrame({
        "oblast": grouped["oblast"].first(),
        "schools": grouped.size(),
        "median_km": grouped["distance_km"].median(),
    })
    for km in thresholds_km:
        # A school with no centre at all (NaN distance) is beyond every threshold.
        beyond = ~(known["distance_km"] <= km)
        table[f"beyond_{km:g}km"] = beyond.groupby(known[by]).mean()
    return table.sort_values(f"beyond_{thresholds_km[-1]:g}km", ascending=False)


def farthest(distances: pd.DataFrame, n: int = 20) -> pd.DataFrame:
    """The ``n`` schools farthest from any STEM centre."""
    columns = ["id", "name", "oblast", "status", "centre_name", "distance_km"]
    return distances.nlargest(n, "distance_km")[columns].reset_index(drop=True)
