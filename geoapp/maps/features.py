"""GeoJSON for the map's layers: places, partnerships as (geodesic) lines, region counts.

Pure functions over rows and shapes: no Flask, no database.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

import shapely

from geoapp.dates import describe
from geoapp.geodesy import wgs84
from geoapp.regiontree import ancestor_at

# Lines longer than this are drawn as arcs: on a Web Mercator map a straight line between
# Uzhhorod and Luhansk strays tens of kilometres from the shortest path.
ARC_METRES = 200_000
ARC_STEP_METRES = 50_000
ARC_MAX_POINTS = 64
# The colours of the official list's statuses, gravest darkest.
STATUS_COLOURS = {"temporarily_occupied": "#7f0000", "active_hostilities": "#e34a33",
                  "possible_hostilities": "#fdae6b"}
# Region level whose counts stand in for markers, by zoom: oblasts far out, then raions.
LEVEL_BY_ZOOM = ((7, "oblast"), (9, "raion"), (99, "hromada"))


def level_for_zoom(zoom: int) -> str:
    """The region level whose counts are shown at ``zoom``."""
    return next(level for below, level in LEVEL_BY_ZOOM if zoom < below)


def tolerance_for_zoom(zoom: int) -> float:
    """Simplification tolerance in degrees: about a third of a screen pixel at ``zoom``."""
    return 360 / (256 * 2 ** zoom) / 3


def plain(value: Any) -> Any:
    """A value as JSON can carry it: dates as ISO text."""
    return value.isoformat() if isinstance(value, dt.date) else value


def place_feature(row: Mapping, fields: Iterable[str]) -> dict:
    """A place as a GeoJSON point with its id, kind and the layer's popup ``fields``."""
    properties = {"id": row["id"], "kind": row["kind"]}
    properties.update({field: plain(row[field]) for field in fields})
    return {"type": "Feature", "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
            "properties": properties}


def arc(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[float, float]]:
    """The line from ``a`` to ``b`` (lon, lat), bent along the geodesic when it is long."""
    _, _, metres = wgs84().inv(a[0], a[1], b[0], b[1])
    if metres < ARC_METRES:
        return [a, b]
    between = min(ARC_MAX_POINTS, math.ceil(metres / ARC_STEP_METRES))
    return [a, *wgs84().npts(a[0], a[1], b[0], b[1], between), b]


def partnership_feature(row: Mapping, fields: Iterable[str]) -> dict:
    """A partnership as a line between its two places, with both ends named."""
    points = arc((row["a_lon"], row["a_lat"]), (row["b_lon"], row["b_lat"]))
    properties = {"id": row["id"], "programme_code": row["programme_code"],
                  "place_a_id": row["place_a_id"], "place_a_name": row["a_name"],
                  "place_b_id": row["place_b_id"], "place_b_name": row["b_name"]}
    properties.update({field: plain(row[field]) for field in fields})
    return {"type": "Feature", "id": row["id"],
            "geometry": {"type": "LineString",
                         "coordinates": [[round(x, 6), round(y, 6)] for x, y in points]},
            "properties": properties}


def title_in(row: Mapping, lang: str) -> str:
    """An activity's title in ``lang`` when translated, else as the source gave it."""
    return row.get(f"title_{lang}") or row["title"]


def activity_feature(row: Mapping, places: list[Mapping], lang: str,
                     fields: Iterable[str]) -> dict:
    """An activity as GeoJSON points at its places, titled and dated for the reader."""
    properties = {"id": row["id"], "kind": row["kind"], "title": title_in(row, lang),
                  "when": describe(row["start_date"], row["end_date"], row["date_precision"],
                                   lang),
                  "date_precision": row["date_precision"],
                  "partnership_id": row["partnership_id"],
                  "programme_code": row["programme_code"],
                  "places": [{"id": p["id"], "name": p["name"]} for p in places]}
    properties.update({field: plain(row[field]) for field in fields if field not in properties})
    coordinates = [[round(p["lon"], 6), round(p["lat"], 6)] for p in places]
    return {"type": "Feature", "id": row["id"],
            "geometry": {"type": "MultiPoint", "coordinates": coordinates},
            "properties": properties}


def roll_up(counts: Mapping[str, int], parents: Mapping[str, str | None],
            levels: Mapping[str, str], level: str) -> dict[str, int]:
    """Add up counts per region into their ancestors (or themselves) at ``level``."""
    totals: dict[str, int] = {}
    for code, n in counts.items():
        found = ancestor_at(code, level, parents, levels)
        if found is not None:
            totals[found] = totals.get(found, 0) + n
    return totals


def simplified(geometry: shapely.Geometry, zoom: int) -> dict:
    """A polygon simplified for ``zoom``, as a GeoJSON geometry with 5-decimal coordinates."""
    shape = shapely.simplify(geometry, tolerance_for_zoom(zoom), preserve_topology=True)
    return shapely.geometry.mapping(shapely.set_precision(shape, 1e-5))


def region_feature(code: str, name: str, geometry: dict, count: int | None = None) -> dict:
    """A region as a GeoJSON polygon with its name and, for the choropleth, its count."""
    properties: dict[str, Any] = {"code": code, "name": name}
    if count is not None:
        properties["count"] = count
    return {"type": "Feature", "id": code, "geometry": geometry, "properties": properties}


def collection(features: list[dict], **extra: Any) -> dict:
    """A GeoJSON FeatureCollection with extra members (``aggregated``, ``truncated``...)."""
    return {"type": "FeatureCollection", "features": features, **extra}
