"""Partnerships seen from far out: one line per pair of regions, with how many it stands for.

Hundreds of lines between schools are a hairball at the scale of a country; a planner reads
"Poltava oblast - Donetsk oblast: 41" instead. Pure functions over counted rows and the
region atlas: no Flask, no database.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import shapely

from geoapp.maps.features import arc
from geoapp.maps.regions import RegionAtlas
from geoapp.regiontree import ancestor_at

# The level whose pairs stand for the lines, by zoom: oblasts far out, then raions.
LINK_LEVEL_BY_ZOOM = ((7, "oblast"), (99, "raion"))
# Places outside every region (sister cities across Europe) gather in cells of this many
# degrees, by level: one end per cell rather than one per city.
CELL_DEGREES = {"oblast": 10.0, "raion": 2.0}
# A cell's name lists this many of its places, then how many more.
CELL_NAMED = 2


def link_level(zoom: int) -> str:
    """The region level whose pairs are drawn at ``zoom``."""
    return next(level for below, level in LINK_LEVEL_BY_ZOOM if zoom < below)


@dataclass
class End:
    """One end of the pairs: a region (or a place outside every region) and where it sits."""

    code: str
    names: set[str] = field(default_factory=set)
    weight: int = 0
    lon: float = 0.0
    lat: float = 0.0

    @property
    def name(self) -> str:
        """The region's name, or the first places of a cell and how many more."""
        shown = sorted(self.names)
        more = len(shown) - CELL_NAMED
        return ", ".join(shown[:CELL_NAMED]) + (f" +{more}" if more > 0 else "")

    def add(self, row_lon: float, row_lat: float, count: int) -> None:
        """Move the mean position of the ends counted here."""
        total = self.weight + count
        self.lon += (row_lon - self.lon) * count / total
        self.lat += (row_lat - self.lat) * count / total
        self.weight = total


@dataclass
class Link:
    """The partnerships between two ends, counted by programme."""

    a: str
    b: str
    programmes: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """How many partnerships the link stands for."""
        return sum(self.programmes.values())


def end_of(code: str, level: str, atlas: RegionAtlas, lon: float, lat: float) -> str:
    """The region at ``level`` holding ``code``, or the largest below a country, or the
    region itself; a place outside every region, its cell."""
    if code not in atlas.levels:
        cell = CELL_DEGREES[level]
        return f"cell:{math.floor(lon / cell)}:{math.floor(lat / cell)}"
    return (ancestor_at(code, level, atlas.parents, atlas.levels)
            or ancestor_at(code, "oblast", atlas.parents, atlas.levels) or code)


def count_links(rows: Iterable[Mapping], atlas: RegionAtlas, level: str,
                lang: str) -> tuple[dict[str, End], list[Link]]:
    """Roll rows of (a_region, b_region, programme_code, count, positions) up to ``level``.

    The two directions of a pair are one link; partnerships within one region are a link
    from it to itself.
    """
    ends: dict[str, End] = {}
    links: dict[tuple[str, str], Link] = {}
    for row in rows:
        found = []
        for side in ("a", "b"):
            lon, lat = row[f"{side}_lon"], row[f"{side}_lat"]
            code = end_of(row[f"{side}_region"], level, atlas, lon, lat)
            end = ends.setdefault(code, End(code))
            end.names.add(_name(code, row[f"{side}_name"], atlas, lang))
            end.add(lon, lat, row["count"])
            found.append(code)
        pair = (min(found), max(found))
        link = links.setdefault(pair, Link(*pair))
        programme = row["programme_code"] or ""
        link.programmes[programme] = link.programmes.get(programme, 0) + row["count"]
    return ends, sorted(links.values(), key=lambda link: (-link.count, link.a, link.b))


def _name(code: str, place_name: str | None, atlas: RegionAtlas, lang: str) -> str:
    return atlas.name(code, lang) if code in atlas.levels else (place_name or code)


def where(end: End, atlas: RegionAtlas) -> tuple[float, float]:
    """Where an end is drawn: inside its region's polygon, else amid its places."""
    shape = atlas.shapes.get(end.code)
    return _inside(shape) if shape is not None else (round(end.lon, 5), round(end.lat, 5))


@functools.lru_cache(maxsize=4096)
def _inside(shape: shapely.Geometry) -> tuple[float, float]:
    point = shapely.point_on_surface(shape)
    return round(point.x, 5), round(point.y, 5)


def link_feature(link: Link, ends: Mapping[str, End],
                 points: Mapping[str, tuple[float, float]]) -> dict:
    """A link as a (geodesic) line, or a point for the partnerships within one region."""
    a, b = points[link.a], points[link.b]
    if link.a == link.b:
        geometry = {"type": "Point", "coordinates": list(a)}
    else:
        geometry = {"type": "LineString",
                    "coordinates": [[round(x, 5), round(y, 5)] for x, y in arc(a, b)]}
    programmes = dict(sorted(link.programmes.items(), key=lambda item: -item[1]))
    return {"type": "Feature", "id": f"{link.a}|{link.b}", "geometry": geometry,
            "properties": {"a": link.a, "b": link.b, "a_name": ends[link.a].name,
                           "b_name": ends[link.b].name, "count": link.count,
                           "programmes": programmes}}


def link_features(rows: Iterable[Mapping], atlas: RegionAtlas, level: str,
                  lang: str) -> list[dict]:
    """The links of ``rows`` at ``level``, the largest first."""
    ends, links = count_links(rows, atlas, level, lang)
    points = {code: where(end, atlas) for code, end in ends.items()}
    return [link_feature(link, ends, points) for link in links]
