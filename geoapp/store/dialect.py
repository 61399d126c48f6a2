"""The spatial seam: every difference between PostGIS and SpatiaLite, fixed at compile time.

Query code builds one expression; the ``@compiles`` functions below turn it into the
SQL of the store it runs on. Nothing outside this module branches on the backend.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import orjson
import shapely
from sqlalchemy import ColumnElement, Connection, Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
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


class among(FunctionElement):
    """True where a column is one of a list of strings, given as one parameter (a JSON
    array): ``among(column, values)``; :class:`outside` is its negation.

    The regions a search keeps or leaves out are hundreds of codes; as an IN list of as
    many parameters, SQLAlchemy and psycopg wrote and parsed a statement of a thousand
    placeholders on every search (12 of a candidates request's 26 ms on PostGIS). Both
    stores read the array as a subquery, which PostgreSQL hashes.
    """

    inherit_cache = True
    negated = False

    def __init__(self, column: ColumnElement, values: Sequence[str]) -> None:
        super().__init__(column, bindparam(None, orjson.dumps(list(values)).decode(),
                                           type_=String))


class outside(among):
    """True where a column is none of a list of strings (see :class:`among`)."""

    inherit_cache = True
    negated = True


def _among(element: among, compiler: Any, kw: dict, values_read: str) -> str:
    column, values = (compiler.process(c, **kw) for c in element.clauses)
    return (f"({column} {'NOT IN' if element.negated else 'IN'} "
            f"({values_read.format(values=values)}))")


@compiles(among, "postgresql")
def _among_pg(element: among, compiler: Any, **kw: Any) -> str:
    return _among(element, compiler, kw, "SELECT json_array_elements_text(CAST({values} AS json))")


@compiles(among, "sqlite")
def _among_sqlite(element: among, compiler: Any, **kw: Any) -> str:
    return _among(element, compiler, kw, "SELECT value FROM json_each({values})")


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


class in_frame(FunctionElement):
    """True where a geometry column meets a rectangle (minx, miny, maxx, maxy), via the index.

    A FunctionElement, so that the statement is cached once compiled.
    """

    # Untyped on purpose: a Boolean gets "= 1" appended on SQLite, which hides the
    # ROWID IN (...) from SQLite's planner and turns the index lookup into a scan.
    type = NullType()
    inherit_cache = True


def of_points(column) -> bool:
    """Whether a geometry column holds points."""
    return getattr(column.type, "geometry_type", "").upper() == "POINT"


def _exact_test(column, geom: str, box: str) -> str:
    # For points the index's rectangle test is already exact; other shapes need the real one.
    if of_points(column):
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


def run_on_cursor(conn: Any, cursor: Any, sql: str, values: Any, prepared: bool) -> None:
    """Run ``sql`` on the driver's ``cursor``; when ``prepared``, PostGIS parses and plans
    it once per connection, and otherwise never, even where the same text was prepared
    before (SQLite's driver keeps its statements compiled anyway)."""
    if conn.dialect.name == "postgresql":
        cursor.execute(sql, values, prepare=prepared)
    else:
        cursor.execute(sql, values)


class tile_geometry(FunctionElement):
    """A geometry in the coordinates of tile (z, x, y), clipped with a buffer (PostGIS only;
    a point is not clipped: the query's frame holds it). Its clauses: the geometry, z, x,
    y, the extent, the buffer and the tile's pixels a Web Mercator metre."""

    inherit_cache = True


# Web Mercator: metres from its origin to the world's edge, and the latitude of its edge.
HALF_WORLD = 20037508.342789244
MAX_LAT = 85.0511287798066


def _tile_point(geom: str, x: str, y: str, extent: str, scale: str) -> str:
    """A point's pixel in tile (x, y) at ``scale`` pixels a metre, by the Web Mercator
    formula (latitude held within the square world, as the embedded store's tiles hold it):
    the pixel ST_AsMVTGeom(ST_Transform(...)) gives a point, without either. The database's
    work on a tile of schools, interleaved runs: z9 (232) 0.82 -> 0.72 ms, z6 (13,984) 73 ->
    60 ms. The tile's frame (its box and buffer, to the index's float4 precision) holds the
    point. The scale is a float8 parameter: in SQL as power(2, z), a plan made once for any
    tile computed it for every row, and as numeric it made every row's arithmetic numeric."""
    lat = f"LEAST(GREATEST(ST_Y({geom}), {-MAX_LAT!r}), {MAX_LAT!r})"
    east = f"ST_X({geom}) * {HALF_WORLD / 180!r}"
    north = f"ln(tan(pi() / 4 + radians({lat}) / 2)) * {HALF_WORLD / math.pi!r}"
    return (f"ST_MakePoint(round(({east} + {HALF_WORLD!r}) * {scale} - {x} * {extent}), "
            f"round(({HALF_WORLD!r} - {north}) * {scale} - {y} * {extent}))")


@compiles(tile_geometry, "postgresql")
def _tile_geometry_pg(element: tile_geometry, compiler: Any, **kw: Any) -> str:
    column = element.clauses.clauses[0]
    geom, z, x, y, extent, buffer, scale = (compiler.process(c, **kw) for c in element.clauses)
    if of_points(column):
        return _tile_point(geom, x, y, extent, scale)
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


# Bulk writes: rows given column by column, staged in a table of the transaction's own and
# upserted from it in one statement. PostGIS: binary COPY, geometry as EWKB (with its SRID).
# SpatiaLite: batched INSERTs, geometry as WKB; the table's per-row triggers (geometry
# constraint, change times, R*Tree, name search) are replaced by one statement each.

STAGED = "staged_rows"


def bulk_upsert(conn: Connection, table: Table, columns: dict[str, Sequence]) -> int:
    """Insert the rows of ``columns`` (``geom``: shapes), replacing those whose key exists
    (and raising their ``version``); return how many existed. Keys must be unique."""
    values = {name: _bound(table.c[name], conn, column) for name, column in columns.items()}
    if "geom" in values:
        values["geom"] = _BULK[conn.dialect.name].encode(columns["geom"])
    aside = conn.info.get(_ASIDE, {}).get(table.name)
    if aside is not None:
        aside.make_room(len(next(iter(values.values()), [])))
    return _BULK[conn.dialect.name].write(conn, table, values)


@contextmanager
def bulk_load(conn: Connection, table: Table) -> Iterator[None]:
    """The bulk writes into ``table`` inside this block are one load (see :class:`_IndexesAside`).

    On PostGIS, if the first write brings at least as many rows as the table held, the
    table's secondary indexes are dropped and built again when the block ends, and the
    rows of a table that was empty are copied straight in. The block must run inside the
    load's transaction, which must roll back if the block raises.
    """
    if conn.dialect.name != "postgresql":
        yield
        return
    aside = _IndexesAside(conn, table)
    conn.info.setdefault(_ASIDE, {})[table.name] = aside
    try:
        yield
    finally:
        del conn.info[_ASIDE][table.name]
    aside.restore()


def _bound(column, conn: Connection, values: Sequence) -> list:
    """Values as the driver takes them (dates as text on SQLite...)."""
    process = None if column.name == "geom" else column.type.bind_processor(conn.dialect)
    return list(values) if process is None else [process(v) for v in values]


def _upsert_from_staged(table: Table, names: list[str], geom: str) -> str:
    """INSERT ... SELECT from the staged rows, ON CONFLICT replacing the row."""
    key = [c.name for c in table.primary_key.columns]
    chosen = [geom if n == "geom" else f'"{n}"' for n in names]
    changes = [f'"{n}" = excluded."{n}"' for n in names if n not in key]
    if "version" in table.c:  # a load is a change too: an edit begun before it is stale
        changes.append(f"version = {table.name}.version + 1")
    quoted = ", ".join(f'"{n}"' for n in names)
    # "WHERE true": SQLite would read ON CONFLICT as part of a join without it.
    return (f"INSERT INTO {table.name} ({quoted}) SELECT {', '.join(chosen)} FROM {STAGED} "
            f"WHERE true ON CONFLICT ({', '.join(key)}) DO UPDATE SET {', '.join(changes)}")


def _staged_join(table: Table) -> str:
    key = " AND ".join(f"t.{c.name} = s.{c.name}" for c in table.primary_key.columns)
    return f"{table.name} t JOIN {STAGED} s ON {key}"


_ASIDE = "geoapp.indexes_aside"
# How long a large load waits for readers to let go of the table before it keeps the
# indexes instead of dropping them (readers queue behind the wait).
LOCK_WAIT = "2s"
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's error code for lock_timeout


class _IndexesAside:
    """A PostGIS table's secondary indexes, dropped during a large load and built again
    after it, as pg_restore and osm2pgsql do: one sorted build instead of an update per row.

    The cost to readers: ``DROP INDEX`` takes an ACCESS EXCLUSIVE lock on the table, held
    until the load's transaction ends, so from the drop to the commit nobody can read the
    table (the map and the API wait). A failure rolls the drop back with the rest. The drop
    waits at most LOCK_WAIT for readers already in the table, else the indexes stay.

    When: if the load's first write alone brings at least as many rows as the table held
    (an estimate from the catalogue); a load of places writes 25,000 rows at a time.
    Measured on 100,000 places (8 indexes then, 7 now): building every index again costs
    about 9 us per row of the table, keeping them about 20 us per row inserted and 32 per
    row updated. 100,000 new places into an empty table: 2.0 s -> 1.4 s; into a table of
    100,000: 2.6 s -> 2.4 s; 100,000 updates in a table of 200,000: 4.0 s -> 5.3 s (so not
    then). Deciding later in the load, once its rows reach the table's, made reloading a
    file of 100,000 into its own table 5.2 s -> 6.7 s: the indexes were kept for three
    quarters of it and built again as well. So a large load into a large table keeps its
    indexes. (Timings of the INSERT and the builds on a shared 2-core machine: they vary by
    a third from run to run.)

    The primary key stays (the upsert needs it), and so does every index behind a
    constraint. Definitions come from pg_indexes, so the indexes come back exactly as
    they were, names and all (a comment on an index would not: none has one).

    The foreign keys stay, checked row by row (0.34 s of a load of 100,000 places; set
    aside, loads ran a fifth faster): dropping one locks the table it refers to against
    readers too (regions, for places; places, for partnerships) until the load commits,
    and a reader holding that table while waiting for this one would deadlock the load.
    """

    def __init__(self, conn: Connection, table: Table):
        self.conn, self.table = conn, table
        self.before = conn.exec_driver_sql(
            "SELECT CASE WHEN reltuples >= 0 THEN reltuples::bigint END FROM pg_class "
            "WHERE oid = %(table)s::regclass", {"table": table.name}).scalar()
        if self.before is None:  # never counted (no VACUUM or ANALYZE yet): count
            self.before = conn.exec_driver_sql(f"SELECT count(*) FROM {table.name}").scalar()
        self.decided, self.empty_before = False, False
        self.dropped: list[tuple[str, str]] = []

    def make_room(self, rows: int) -> None:
        """Before the load's first write, of ``rows``: drop the indexes if it is large enough."""
        if self.decided:
            return
        self.decided = True
        if rows < self.before or not self._locked_at_once():
            return
        self.dropped = self.conn.exec_driver_sql(_SECONDARY_INDEXES,
                                                 {"table": self.table.name}).all()
        for drop, _definition in self.dropped:
            _catalogue_statement(self.conn, drop)
        # Exact, and after the drop locked the table: nobody else adds a row from now on
        # (were one added, its key would send the rows back to the upsert).
        self.empty_before = not self.conn.exec_driver_sql(
            f"SELECT EXISTS (SELECT FROM {self.table.name})").scalar()

    def _locked_at_once(self) -> bool:
        """Take the table's ACCESS EXCLUSIVE lock that the drop needs, waiting at most
        LOCK_WAIT. A reader in a long query or an open transaction holds the table: while
        the drop waited for it, every reader after it would queue behind the drop, and the
        map would stop. When the lock is not had in time, the load keeps the indexes."""
        with self.conn.begin_nested() as attempt:
            try:
                self.conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
                self.conn.exec_driver_sql(f"LOCK TABLE {self.table.name} IN ACCESS EXCLUSIVE MODE")
            except OperationalError as exc:
                if getattr(exc.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                    raise
                attempt.rollback()  # the SET LOCAL with it
                return False
            self.conn.exec_driver_sql("SET LOCAL lock_timeout = DEFAULT")
        return True

    def restore(self) -> None:
        """Build again the indexes dropped, from their definitions in the catalogue; then
        give the planner the statistics of the columns that filters ask (:meth:`analyze`)."""
        for _drop, definition in self.dropped:
            _catalogue_statement(self.conn, definition)
        if self.dropped:
            self.analyze()
        self.dropped = []

    def analyze(self) -> None:
        """ANALYZE the columns of the table's own B-tree indexes (those filters use), on a
        sample of 3,000 rows (a statistics target of 10).

        A load large enough to set the indexes aside changed most of the table: until
        autovacuum analyzes it (a minute or more after the commit), a filter such as
        review_state = 'published' would be planned on a default guess of 0.5% of the rows.
        100,000 new places: 0.01 s; at the default target 0.05 s, the whole table 0.22 s.
        The rows the load wrote are counted for autovacuum at the commit, after this, so
        autovacuum still analyzes the whole table at its own target.
        """
        columns = sorted({c.name for index in self.table.indexes for c in index.columns})
        if not columns:
            return
        was = self.conn.exec_driver_sql("SHOW default_statistics_target").scalar()
        self.conn.exec_driver_sql("SET LOCAL default_statistics_target = 10")
        quoted = ", ".join(f'"{name}"' for name in columns)
        self.conn.exec_driver_sql(f"ANALYZE {self.table.name} ({quoted})")
        self.conn.exec_driver_sql(f"SET LOCAL default_statistics_target = {int(was)}")


def _catalogue_statement(conn: Connection, sql: str) -> None:
    """Run a statement the catalogue wrote; the driver would read a ``%`` in it (a LIKE
    pattern in a partial index, say) as the start of a parameter."""
    conn.exec_driver_sql(sql.replace("%", "%%"))


# A table's valid indexes that back no constraint (the primary key stays), as the DROP
# statement and the definition that makes each again.
_SECONDARY_INDEXES = (
    "SELECT format('DROP INDEX %%I.%%I', i.schemaname, i.indexname), i.indexdef "
    "FROM pg_indexes i JOIN pg_index x "
    "ON x.indexrelid = format('%%I.%%I', i.schemaname, i.indexname)::regclass "
    "WHERE x.indrelid = %(table)s::regclass AND x.indisvalid "
    "AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
    "ORDER BY i.indexname")


# A 2D point's EWKB: little-endian, type Point with the SRID flag, the SRID, x and y.
_EWKB_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("srid", "<u4"), ("xy", "<f8", 2)])


class _PostgisBulk:
    @staticmethod
    def encode(shapes: Sequence) -> list:
        geoms = np.asarray(shapes, dtype=object)
        if len(geoms) and (shapely.get_type_id(geoms) == 0).all() \
                and not shapely.is_empty(geoms).any():
            return _ewkb_points(geoms)
        return list(shapely.to_wkb(shapely.set_srid(geoms, 4326), output_dimension=2,
                                   include_srid=True))

    @staticmethod
    def write(conn: Connection, table: Table, values: dict[str, list]) -> int:
        aside = conn.info.get(_ASIDE, {}).get(table.name)
        if aside is not None and aside.empty_before and _copied_straight_in(conn, table, values):
            return 0
        names = list(values)
        chosen = ", ".join("NULL::bytea AS geom" if n == "geom" else f'"{n}"' for n in names)
        conn.exec_driver_sql(f"CREATE TEMP TABLE {STAGED} ON COMMIT DROP AS SELECT {chosen} "
                             f"FROM {table.name} WITH NO DATA")
        _copy(conn, STAGED, values)
        existed = conn.exec_driver_sql(f"SELECT count(*) FROM {_staged_join(table)}").scalar()
        conn.exec_driver_sql(_upsert_from_staged(table, names, "ST_GeomFromEWKB(geom)"))
        conn.exec_driver_sql(f"DROP TABLE {STAGED}")
        return existed


def _ewkb_points(points: np.ndarray) -> list[bytes]:
    """Points as EWKB, written by numpy: the same bytes as shapely's ``to_wkb`` after
    ``set_srid``, which copies every point first (25,000 places: 13 ms -> 4 ms)."""
    rows = np.empty(len(points), dtype=_EWKB_POINT)
    rows["order"], rows["type"], rows["srid"] = 1, 0x20000001, 4326
    rows["xy"] = shapely.get_coordinates(points)
    data, size = rows.tobytes(), _EWKB_POINT.itemsize
    return [data[start:start + size] for start in range(0, len(data), size)]


def _copied_straight_in(conn: Connection, table: Table, values: dict[str, list]) -> bool:
    """COPY the rows into the table itself, as GDAL does, unless a key is already there:
    then the COPY is rolled back to its savepoint, nothing is written, and the caller
    upserts the rows.

    Tried only where no key is expected: in a table that was empty when its load set its
    indexes aside (and locked it), so that only the load's own earlier writes hold keys.
    """
    import psycopg

    try:
        with conn.begin_nested():
            _copy(conn, table.name, values)
    except psycopg.errors.UniqueViolation:
        return False
    return True


def _copy(conn: Connection, target: str, values: dict[str, list]) -> None:
    """Binary COPY of the rows of ``values`` into ``target``; a geometry column takes EWKB
    (its binary form in COPY), a bytea column takes the EWKB as it is."""
    names = list(values)
    types = {name: (oid, kind) for name, oid, kind in conn.exec_driver_sql(
        "SELECT a.attname, a.atttypid::int, t.typname FROM pg_attribute a JOIN pg_type t "
        "ON t.oid = a.atttypid WHERE a.attrelid = %(target)s::regclass AND a.attnum > 0",
        {"target": target})}
    cursor = conn.connection.dbapi_connection.cursor()
    for oid, kind in types.values():
        if kind == "geometry":
            cursor.adapters.register_dumper(None, _ewkb_dumper(oid))
    quoted = ", ".join(f'"{n}"' for n in names)
    with cursor.copy(f"COPY {target} ({quoted}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types([types[n][0] for n in names])
        for row in zip(*values.values(), strict=True):
            copy.write_row(row)


def _ewkb_dumper(oid: int) -> type:
    """A psycopg dumper that hands EWKB bytes to PostGIS as a binary geometry."""
    from psycopg.adapt import Dumper
    from psycopg.pq import Format

    def dump(self, obj: bytes) -> bytes:
        return obj

    return type("EwkbDumper", (Dumper,), {"oid": oid, "format": Format.BINARY, "dump": dump})


class _SpatialiteBulk:
    @staticmethod
    def encode(shapes: Sequence) -> list:
        return list(shapely.to_wkb(np.asarray(shapes, dtype=object), output_dimension=2))

    @staticmethod
    def write(conn: Connection, table: Table, values: dict[str, list]) -> int:
        names = list(values)
        conn.exec_driver_sql("PRAGMA cache_size = -131072")  # 128 MB for the indexes
        conn.exec_driver_sql(f"CREATE TEMP TABLE {STAGED} ({', '.join(names)})")
        marks = ", ".join("?" for _ in names)
        conn.exec_driver_sql(f"INSERT INTO {STAGED} VALUES ({marks})",
                             list(zip(*values.values(), strict=True)))
        existed = conn.exec_driver_sql(f"SELECT count(*) FROM {_staged_join(table)}").scalar()
        with _SpatialiteTriggers(conn, table, "geom" in values):
            conn.exec_driver_sql(_upsert_from_staged(table, names, "GeomFromWKB(geom, 4326)"))
        conn.exec_driver_sql(f"DROP TABLE {STAGED}")
        return existed


class _SpatialiteTriggers:
    """The table's insert and update triggers, dropped for one bulk write and their work
    done once for all its rows: the geometry's type and SRID checked, the R*Tree and the
    name search (``<table>_fts``) brought up to date, the change time set."""

    def __init__(self, conn: Connection, table: Table, geometry: bool):
        self.conn, self.table, self.geometry = conn, table, geometry
        self.index, self.fts = f"idx_{table.name}_geom", f"{table.name}_fts"
        names = [f"{kind}_{table.name}_geom" for kind in ("ggi", "ggu", "tmi", "tmu", "gii",
                                                            "giu")]
        names += [f"{self.fts}_insert", f"{self.fts}_update"]
        self.saved = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
            f"({', '.join('?' for _ in names)})", tuple(names)).all()
        self.fts_columns = [r[1] for r in conn.exec_driver_sql(
            f"SELECT * FROM pragma_table_info('{self.fts}')")]

    def __enter__(self) -> _SpatialiteTriggers:
        for name, _sql in self.saved:
            self.conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        join, rowids = _staged_join(self.table), f"SELECT t.rowid FROM {_staged_join(self.table)}"
        if self.fts_columns:
            old = ", ".join(f"t.{c}" for c in self.fts_columns)
            self.conn.exec_driver_sql(
                f"INSERT INTO {self.fts} ({self.fts}, rowid, {', '.join(self.fts_columns)}) "
                f"SELECT 'delete', t.rowid, {old} FROM {join}")
        if self.geometry:
            self.conn.exec_driver_sql(f"DELETE FROM {self.index} WHERE pkid IN ({rowids})")
        return self

    def __exit__(self, failed, *exc) -> None:
        try:
            if not failed:
                self.catch_up()
        finally:  # a rollback would bring them back too, but not every caller rolls back
            for _name, sql in self.saved:
                self.conn.exec_driver_sql(sql)

    def catch_up(self) -> None:
        """Do once for the staged rows what the dropped triggers do row by row."""
        join = _staged_join(self.table)
        if self.fts_columns:
            new = ", ".join(f"t.{c}" for c in self.fts_columns)
            self.conn.exec_driver_sql(
                f"INSERT INTO {self.fts} (rowid, {', '.join(self.fts_columns)}) "
                f"SELECT t.rowid, {new} FROM {join}")
        if self.geometry:
            self.check_geometry(join)
            self.conn.exec_driver_sql(
                f"INSERT INTO {self.index} (pkid, xmin, xmax, ymin, ymax) SELECT t.rowid, "
                "MbrMinX(t.geom), MbrMaxX(t.geom), MbrMinY(t.geom), MbrMaxY(t.geom) "
                f"FROM {join} WHERE t.geom IS NOT NULL")
            self.conn.exec_driver_sql(
                "UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', "
                "'now'), last_update = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE "
                f"f_table_name = '{self.table.name}' AND f_geometry_column = 'geom'")

    def check_geometry(self, join: str) -> None:
        """What the geometry constraint triggers would refuse: another type or SRID."""
        kind = self.table.c.geom.type.geometry_type.upper()
        wrong = self.conn.exec_driver_sql(
            f"SELECT s.{self.table.primary_key.columns.values()[0].name} FROM {join} "
            f"WHERE t.geom IS NOT NULL AND (ST_SRID(t.geom) <> 4326 OR "
            f"(GeometryType(t.geom) <> '{kind}' AND '{kind}' <> 'GEOMETRY')) LIMIT 1").first()
        if wrong:
            raise ValueError(f"{self.table.name}.geom: {wrong[0]!r} is not a {kind} in "
                             "EPSG:4326")


_BULK = {"postgresql": _PostgisBulk, "sqlite": _SpatialiteBulk}
