"""Mapbox Vector Tiles of a source's items in the WebMercatorQuad tiling, with the items' filters.

PostGIS encodes a tile in one query (ST_AsMVT); the embedded store reads the rows of the
tile's area and encodes them here with mapbox-vector-tile. Both clip with the same buffer.
Large tiles, those far out that hold thousands of items, are remembered under the data's
revision (these and the map's GeoJSON tiles): encoding one took PostGIS about 100 ms (a
z6 tile of 14,000 schools, 1.1 MB), and a few such tiles are what every reader of the
whole country asks for.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from functools import lru_cache

import mapbox_vector_tile
import numpy as np
import shapely
from sqlalchemy import Connection, Select, bindparam, func, literal_column, select
from sqlalchemy.types import Float, Integer

from geoapp.store import dialect, driver, queries
from geoapp.store.collections import KEYS, TABLES, ItemQuery, narrow
from geoapp.store.dialect import HALF_WORLD, MAX_LAT
from geoapp.store.remembered import MISSING, Remembered
from geoapp.store.sources import PROPERTIES

EXTENT = 4096
BUFFER = 64
MAX_ZOOM = 22
# A tile of this many bytes or more is remembered, up to GEOAPP_TILE_MEMORY_MB per process.
REMEMBERED_FROM = 32 * 1024
# From this zoom on, a tile of points is a small area, found by the spatial index whatever
# its filters: its query is prepared once per connection (PostGIS), and after five runs
# PostgreSQL keeps one plan for it. A z9 tile of schools: the database's time 1.25 ->
# 0.92 ms (parse and plan 0.34 -> 0.03 ms). Farther out, each tile is planned for its own
# area: a z6 tile of closed schools took 7-43% longer on the plan kept for any tile.
PREPARED_FROM = 8
_LARGE_TILES = Remembered(1024, budget=64 << 20)


@dataclass(frozen=True)
class Tile:
    """One tile of WebMercatorQuad: zoom, column (x) and row (y, from the top)."""

    z: int
    x: int
    y: int

    def exists(self) -> bool:
        """True when the zoom is served and the column and row fall in its matrix."""
        return 0 <= self.z <= MAX_ZOOM and 0 <= self.x < 2 ** self.z and 0 <= self.y < 2 ** self.z

    def mercator_bounds(self, margin: float = 0.0) -> tuple[float, float, float, float]:
        """(minx, miny, maxx, maxy) in Web Mercator metres, widened by ``margin`` tiles."""
        size = 2 * HALF_WORLD / 2 ** self.z
        minx, maxy = -HALF_WORLD + self.x * size, HALF_WORLD - self.y * size
        return (minx - margin * size, maxy - size - margin * size,
                minx + size + margin * size, maxy + margin * size)

    def scale(self) -> float:
        """The tile's pixels a Web Mercator metre."""
        return 2.0 ** self.z * EXTENT / (2 * HALF_WORLD)

    def lonlat_box(self) -> tuple[float, float, float, float]:
        """The tile's own WGS 84 box (west, south, east, north), without a buffer.

        Each edge is computed from its own column or row number alone, so that two
        neighbours share the very same number for the edge between them.
        """
        return (edge_lon(self.x, self.z), edge_lat(self.y + 1, self.z),
                edge_lon(self.x + 1, self.z), edge_lat(self.y, self.z))

    def lonlat_bounds(self) -> tuple[float, float, float, float]:
        """The WGS 84 box of the tile and its buffer, for the spatial index."""
        minx, miny, maxx, maxy = self.mercator_bounds(BUFFER / EXTENT)
        (west, south), (east, north) = to_lonlat(minx, miny), to_lonlat(maxx, maxy)
        return (max(west, -180.0), max(south, -90.0), min(east, 180.0), min(north, 90.0))


def to_lonlat(x: float, y: float) -> tuple[float, float]:
    """Web Mercator metres to longitude and latitude."""
    return (x / HALF_WORLD * 180.0,
            math.degrees(2 * math.atan(math.exp(y / HALF_WORLD * math.pi)) - math.pi / 2))


def edge_lon(column: int, z: int) -> float:
    """The longitude of the west edge of ``column`` at zoom ``z``."""
    return column / 2 ** z * 360.0 - 180.0


def edge_lat(row: int, z: int) -> float:
    """The latitude of the north edge of ``row`` at zoom ``z``."""
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / 2 ** z))))


def _to_mercator(coords: np.ndarray) -> np.ndarray:
    lat = np.clip(coords[:, 1], -MAX_LAT, MAX_LAT)
    return np.column_stack([coords[:, 0] * HALF_WORLD / 180.0,
                            np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) * HALF_WORLD / np.pi])


def _in_tile(item_query: ItemQuery, tile: Tile) -> ItemQuery:
    return replace(item_query, where=replace(item_query.where, bbox=tile.lonlat_bounds()))


def remember_tiles(megabytes: int) -> None:
    """Keep up to ``megabytes`` of large tiles (0: none), forgetting those kept so far."""
    global _LARGE_TILES
    _LARGE_TILES = Remembered(1024, budget=megabytes << 20)


def large_tile(conn: Connection, revision: tuple | None, question: Hashable,
               make: Callable[[], bytes], size: int | None = None) -> bytes:
    """The tile ``make`` encodes, or the same tile remembered under the data's ``revision``
    (None: never) when it was large. ``question`` names the tile and all it depends on.
    ``size``, when given, decides instead of the answer's own: the size of the tile a
    smaller answer (its gzip) was made from."""
    found = _LARGE_TILES.recall(conn, revision, question)
    if found is MISSING:
        found = make()
        if (len(found) if size is None else size) >= REMEMBERED_FROM:
            _LARGE_TILES.keep(conn, revision, question, found, weight=len(found))
    return found


def find_tile(conn: Connection, item_query: ItemQuery, tile: Tile, layer_name: str,
              revision: tuple | None = None) -> bytes:
    """Return the vector tile of the items ``item_query`` asks for, as one layer; a large
    one is remembered under the data's ``revision``. The tile's statement also reads the
    revisions' sum (:func:`queries.note_revisions_read`)."""
    return large_tile(conn, revision, ("mvt", item_query, tile, layer_name),
                      lambda: _encoded_tile(conn, item_query, tile, layer_name))


def _encoded_tile(conn: Connection, item_query: ItemQuery, tile: Tile, layer_name: str) -> bytes:
    if dialect.encodes_tiles(conn):
        return _tile_in_database(conn, item_query, tile, layer_name)
    return _tile_in_python(conn, _in_tile(item_query, tile), tile, layer_name)


def _tile_in_database(conn: Connection, item_query: ItemQuery, tile: Tile,
                      layer_name: str) -> bytes:
    west, south, east, north = tile.lonlat_bounds()
    (found, read), = driver.rows(conn, _tile_statement(item_query, layer_name), {
        "z": tile.z, "x": tile.x, "y": tile.y, "scale": tile.scale(),
        "west": west, "south": south, "east": east, "north": north},
        prepared=tile.z >= PREPARED_FROM and dialect.of_points(TABLES[item_query.source].c.geom))
    queries.note_revisions_read(conn, read)
    return bytes(found or b"")


@lru_cache(maxsize=256)
def _tile_statement(item_query: ItemQuery, layer_name: str) -> Select:
    """The query of a collection's tiles (PostGIS), built once per collection and filter:
    the tile's numbers, scale and box are parameters. Building it cost a third of a small
    tile."""
    table, source = TABLES[item_query.source], item_query.source
    numbers = (*(bindparam(n, type_=Integer) for n in "zxy"),
               bindparam(None, EXTENT, type_=Integer), bindparam(None, BUFFER, type_=Integer),
               bindparam("scale", type_=Float))
    frame = dialect.in_frame(table.c.geom, *(bindparam(n, type_=Float) for n in
                                             ("west", "south", "east", "north")))
    rows = narrow(select(KEYS[source].label("id"), *(table.c[n] for n in PROPERTIES[source]),
                         dialect.tile_geometry(table.c.geom, *numbers).label("geom")),
                  item_query).where(frame).subquery("tile_rows")
    return select(dialect.vector_tile(literal_column(rows.name), layer_name, EXTENT),
                  queries.REVISIONS_SUM).select_from(rows)


def _tile_in_python(conn: Connection, item_query: ItemQuery, tile: Tile,
                    layer_name: str) -> bytes:
    table, source = TABLES[item_query.source], item_query.source
    names = PROPERTIES[source]
    rows = conn.execute(narrow(select(KEYS[source], *(table.c[n] for n in names),
                                      func.ST_AsBinary(table.c.geom), queries.REVISIONS_SUM),
                               item_query)).all()
    if rows:
        queries.note_revisions_read(conn, rows[0][-1])
    shapes = shapely.from_wkb([bytes(row[-2]) if row[-2] is not None else None for row in rows])
    shapes = shapely.transform(shapes, lambda coords: _to_pixels(coords, tile))
    shapes = shapely.clip_by_rect(shapes, -BUFFER, -BUFFER, EXTENT + BUFFER, EXTENT + BUFFER)
    features = [{"geometry": shape, "properties": _properties(row, names)}
                for row, shape in zip(rows, shapes, strict=True)
                if shape is not None and not shape.is_empty]
    return mapbox_vector_tile.encode(
        [{"name": layer_name, "features": features}],
        default_options={"extents": EXTENT, "y_coord_down": True})


def _to_pixels(coords: np.ndarray, tile: Tile) -> np.ndarray:
    # Tile coordinates: 0 to EXTENT from the tile's west and north edges.
    minx, _, _, maxy = tile.mercator_bounds()
    scale = tile.scale()
    metres = _to_mercator(coords)
    return np.column_stack([(metres[:, 0] - minx) * scale, (maxy - metres[:, 1]) * scale])


def _properties(row, names: tuple[str, ...]) -> dict:
    found = {"id": row[0]}
    for name, value in zip(names, row[1:-2], strict=True):
        if value is not None:
            found[name] = value.isoformat() if isinstance(value, dt.date) else value
    return found
