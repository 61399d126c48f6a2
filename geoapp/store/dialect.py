"""The spatial seam: every difference between PostGIS and SpatiaLite, fixed at compile time.

Query code builds one expression; the ``@compiles`` functions below turn it into the
SQL of the store it runs on. Nothing outside this module branches on the backend.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, not_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import Float, NullType, String


class envelope(FunctionElement):
    """A WGS 84 rectangle from ``(minx, miny, maxx, maxy)``."""

    inherit_cache = True


@compiles(envelope, "postgresql")
def _envelope_pg(element: envelope, compiler: Any, **kw: Any) -> str:
    return f"ST_MakeEnvelope({compiler.process(element.clauses, **kw)}, 4326)"


@compiles(envelope, "sqlite")
def _envelope_sqlite(element: envelope, compiler: Any, **kw: Any) -> str:
    return f"BuildMbr({compiler.process(element.clauses, **kw)}, 4326)"


def in_bbox(table: Table, bbox: tuple[float, float, float, float]) -> in_frame:
    """True where a table's geometry intersects a rectangle, found through the spatial index."""
    return in_frame(table.c.geom, *(bindparam(None, float(v), type_=Float) for v in bbox))


class geodesic_metres(FunctionElement):
    """Distance in metres on the WGS 84 ellipsoid between two geometries."""

    type = Float()
    inherit_cache = True


@compiles(geodesic_metres, "postgresql")
def _geodesic_pg(element: geodesic_metres, compiler: Any, **kw: Any) -> str:
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"ST_Distance(({a})::geography, ({b})::geography, true)"


@compiles(geodesic_metres, "sqlite")
def _geodesic_sqlite(element: geodesic_metres, compiler: Any, **kw: Any) -> str:
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"ST_Distance({a}, {b}, 1)"


def outside(column, values: list) -> ColumnElement:
    """True where ``column`` is none of ``values``, written ``NOT (column IN (...))``.

    Both stores mean the same by it; PostgreSQL hashes a long IN list but compares a
    NOT IN list element by element with every row.
    """
    return not_(column.in_(values).self_group())


def insert(table: Table, dialect_name: str):
    """Return an INSERT for ``table`` that supports ``on_conflict_do_update`` on this store."""
    module = postgresql if dialect_name == "postgresql" else sqlite
    return module.insert(table)


class spatial_version(FunctionElement):
    """The version of PostGIS or SpatiaLite."""

    type = String()
    inherit_cache = True


@compiles(spatial_version, "postgresql")
def _version_pg(element: spatial_version, compiler: Any, **kw: Any) -> str:
    return "PostGIS_Lib_Version()"


@compiles(spatial_version, "sqlite")
def _version_sqlite(element: spatial_version, compiler: Any, **kw: Any) -> str:
    return "spatialite_version()"


class point(FunctionElement):
    """A WGS 84 point from ``(lon, lat)``."""

    inherit_cache = True


@compiles(point, "postgresql")
def _point_pg(element: point, compiler: Any, **kw: Any) -> str:
    return f"ST_SetSRID(ST_MakePoint({compiler.process(element.clauses, **kw)}), 4326)"


@compiles(point, "sqlite")
def _point_sqlite(element: point, compiler: Any, **kw: Any) -> str:
    return f"MakePoint({compiler.process(element.clauses, **kw)}, 4326)"


class nearness(FunctionElement):
    """Metres from a geometry to a point, for ordering nearest first.

    PostGIS: the KNN operator on geography (sphere distance, walked through the GiST index
    on ``geom::geography``). SpatiaLite has no KNN operator here: the ellipsoidal distance,
    so use it only on rows already narrowed by :class:`in_bbox`. Either is within 1% of
    the ellipsoidal distance.
    """

    type = Float()
    inherit_cache = True


@compiles(nearness, "postgresql")
def _nearness_pg(element: nearness, compiler: Any, **kw: Any) -> str:
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"(({a})::geography <-> ({b})::geography)"


@compiles(nearness, "sqlite")
def _nearness_sqlite(element: nearness, compiler: Any, **kw: Any) -> str:
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"ST_Distance({a}, {b}, 1)"


class in_frame(FunctionElement):
    """True where a geometry column meets a rectangle (minx, miny, maxx, maxy), via the index.

    A FunctionElement, so that the statement is cached once compiled.
    """

    # Untyped on purpose: a Boolean gets "= 1" appended on SQLite, which hides the
    # ROWID IN (...) from SQLite's planner and turns the index lookup into a scan.
    type = NullType()
    inherit_cache = True


def _exact_test(column, geom: str, box: str) -> str:
    # For points the index's rectangle test is already exact; other shapes need the real one.
    if getattr(column.type, "geometry_type", "").upper() == "POINT":
        return ""
    return f" AND ST_Intersects({geom}, {box})"


@compiles(in_frame, "postgresql")
def _in_frame_pg(element: in_frame, compiler: Any, **kw: Any) -> str:
    column, *corners = element.clauses.clauses
    geom = compiler.process(column, **kw)
    box = f"ST_MakeEnvelope({', '.join(compiler.process(c, **kw) for c in corners)}, 4326)"
    return f"({geom} && {box}{_exact_test(column, geom, box)})"


@compiles(in_frame, "sqlite")
def _in_frame_sqlite(element: in_frame, compiler: Any, **kw: Any) -> str:
    # SpatiaLite uses its R*Tree only through the SpatialIndex virtual table.
    column, *corners = element.clauses.clauses
    table, geom = column.table.name, compiler.process(column, **kw)
    box = f"BuildMbr({', '.join(compiler.process(c, **kw) for c in corners)}, 4326)"
    return (f"({table}.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = '{table}' "
            f"AND f_geometry_column = '{column.name}' AND search_frame = {box})"
            f"{_exact_test(column, geom, box)})")


class trigram_contains(FunctionElement):
    """True where a folded-name column contains a text of 3 or more characters, found
    through a trigram index: pg_trgm's GIN index answers LIKE on PostGIS; on SpatiaLite
    the places_fts table (FTS5, trigram tokenizer) answers a phrase MATCH.
    """

    type = NullType()
    inherit_cache = True


def name_contains(column, text: str):
    """True where ``column`` contains ``text``, through the trigram index when it can."""
    pattern = bindparam(None, contains_pattern(text), type_=String)
    if len(text) < 3:  # no trigram to look up: both stores scan
        return column.like(pattern, escape="\\")
    phrase = bindparam(None, '"' + text.replace('"', '""') + '"', type_=String)
    return trigram_contains(column, pattern, phrase)


def contains_pattern(text: str) -> str:
    """A LIKE pattern for "contains ``text``", with ``\\`` escaping % and _."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@compiles(trigram_contains, "postgresql")
def _trigram_contains_pg(element: trigram_contains, compiler: Any, **kw: Any) -> str:
    column, pattern, _phrase = (compiler.process(c, **kw) for c in element.clauses)
    return f"({column} LIKE {pattern} ESCAPE '\\')"


@compiles(trigram_contains, "sqlite")
def _trigram_contains_sqlite(element: trigram_contains, compiler: Any, **kw: Any) -> str:
    column, _pattern, phrase = element.clauses.clauses
    table = column.table.name
    # LIKE with an ESCAPE clause is not handed to FTS5's index: a phrase MATCH is.
    return (f"({table}.ROWID IN (SELECT ROWID FROM {table}_fts WHERE {table}_fts MATCH "
            f"{compiler.process(phrase, **kw)}))")
class low_corner(FunctionElement):
    """The lower-left corner of a geometry's bounding box, as a point."""

    inherit_cache = True


class high_corner(FunctionElement):
    """The upper-right corner of a geometry's bounding box, as a point."""

    inherit_cache = True


@compiles(low_corner, "postgresql")
def _low_pg(element: low_corner, compiler: Any, **kw: Any) -> str:
    geom = compiler.process(element.clauses, **kw)
    return f"ST_MakePoint(ST_XMin({geom}), ST_YMin({geom}))"


@compiles(high_corner, "postgresql")
def _high_pg(element: high_corner, compiler: Any, **kw: Any) -> str:
    geom = compiler.process(element.clauses, **kw)
    return f"ST_MakePoint(ST_XMax({geom}), ST_YMax({geom}))"


@compiles(low_corner, "sqlite")
def _low_sqlite(element: low_corner, compiler: Any, **kw: Any) -> str:
    geom = compiler.process(element.clauses, **kw)
    return f"MakePoint(MbrMinX({geom}), MbrMinY({geom}))"


@compiles(high_corner, "sqlite")
def _high_sqlite(element: high_corner, compiler: Any, **kw: Any) -> str:
    geom = compiler.process(element.clauses, **kw)
    return f"MakePoint(MbrMaxX({geom}), MbrMaxY({geom}))"


class geojson(FunctionElement):
    """A geometry as GeoJSON text, written by the database (15 decimals: no rounding)."""

    type = String()
    inherit_cache = True


@compiles(geojson, "postgresql")
def _geojson_pg(element: geojson, compiler: Any, **kw: Any) -> str:
    return f"ST_AsGeoJSON({compiler.process(element.clauses, **kw)}, 15)"


@compiles(geojson, "sqlite")
def _geojson_sqlite(element: geojson, compiler: Any, **kw: Any) -> str:
    return f"AsGeoJSON({compiler.process(element.clauses, **kw)}, 15)"


def encodes_tiles(conn: Any) -> bool:
    """True where the database encodes vector tiles itself (PostGIS's ST_AsMVT); the
    embedded store's tiles are encoded in Python from the rows it reads."""
    return conn.dialect.name == "postgresql"


class tile_geometry(FunctionElement):
    """A geometry in the coordinates of tile (z, x, y), clipped with a buffer (PostGIS only)."""

    inherit_cache = True


@compiles(tile_geometry, "postgresql")
def _tile_geometry_pg(element: tile_geometry, compiler: Any, **kw: Any) -> str:
    geom, z, x, y, extent, buffer = (compiler.process(c, **kw) for c in element.clauses)
    return (f"ST_AsMVTGeom(ST_Transform({geom}, 3857), ST_TileEnvelope({z}, {x}, {y}), "
            f"{extent}, {buffer}, true)")


class vector_tile(FunctionElement):
    """The Mapbox Vector Tile of a subquery's rows (PostGIS only): (its name, layer, extent)."""

    inherit_cache = True


@compiles(vector_tile, "postgresql")
def _vector_tile_pg(element: vector_tile, compiler: Any, **kw: Any) -> str:
    rows, name, extent = element.clauses.clauses
    return (f"ST_AsMVT({compiler.process(rows, **kw)}, {compiler.process(name, **kw)}, "
            f"{compiler.process(extent, **kw)}, 'geom')")
