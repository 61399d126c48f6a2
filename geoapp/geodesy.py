"""Distances and bearings on the WGS 84 ellipsoid (Karney's algorithm, through pyproj's Geod).

No Flask, no database: plain numbers in, plain numbers out.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
from pyproj import Geod

# Azimuths sampled around a geodesic circle to find its bounding box; every 2 degrees.
_AZIMUTHS = np.arange(0.0, 360.0, 2.0)
# Margin added to each side of a circle's box: sampling every 2 degrees misses at most
# (1 - cos 1 deg) ~ 1.5e-4 of the circle's extent, so 1% (plus a hair) is ample.
_BOX_MARGIN = 0.01
_BOX_PAD_DEGREES = 1e-7


@cache
def wgs84() -> Geod:
    """The WGS 84 ellipsoid's Geod, built once."""
    return Geod(ellps="WGS84")


def distances_and_bearings(lon: float, lat: float, lons: Sequence[float],
                           lats: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Metres and initial bearings (degrees clockwise from north, 0-360) from one point to many."""
    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    if lons.size == 0:
        return np.empty(0), np.empty(0)
    bearings, _, metres = wgs84().inv(np.full(lons.shape, lon), np.full(lats.shape, lat),
                                      lons, lats)
    return np.asarray(metres), np.mod(np.asarray(bearings), 360.0)


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Metres between two points along the geodesic."""
    return float(wgs84().inv(lon1, lat1, lon2, lat2)[2])


def circle_bbox(lon: float, lat: float, metres: float) -> tuple[float, float, float, float]:
    """A lon/lat box holding every point within ``metres`` of (lon, lat).

    Near a pole or across the antimeridian the box widens to every longitude.
    """
    lons, lats, _ = wgs84().fwd(np.full(_AZIMUTHS.shape, lon), np.full(_AZIMUTHS.shape, lat),
                                _AZIMUTHS, np.full(_AZIMUTHS.shape, float(metres)))
    # Relative longitudes, so that a circle near the antimeridian is measured correctly.
    dlon = np.mod(np.asarray(lons) - lon + 180.0, 360.0) - 180.0
    half_width = float(max(abs(dlon.min()), abs(dlon.max()))) * (1 + _BOX_MARGIN) + _BOX_PAD_DEGREES
    lat_pad = float(np.max(lats) - np.min(lats)) * _BOX_MARGIN / 2 + _BOX_PAD_DEGREES
    south, north = float(np.min(lats)) - lat_pad, float(np.max(lats)) + lat_pad
    # The meridian arc is the shortest way to another latitude, so the circle's
    # northern- and southernmost points are at azimuths 0 and 180: sampled exactly.
    if distance_m(lon, lat, lon, 90.0) <= metres:
        return (-180.0, south, 180.0, 90.0)
    if distance_m(lon, lat, lon, -90.0) <= metres:
        return (-180.0, -90.0, 180.0, north)
    if lon - half_width < -180.0 or lon + half_width > 180.0:
        return (-180.0, max(south, -90.0), 180.0, min(north, 90.0))
    return (lon - half_width, south, lon + half_width, north)
