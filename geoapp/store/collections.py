"""Queries behind the API's collections: the items of a layer's source, one page at a time.

A collection reads one source table (places, partnerships or regions) narrowed by its
layer's kinds or levels and by a :class:`~geoapp.store.queries.PlaceFilter`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import orjson
import shapely
from shapely.geometry import mapping
from sqlalchemy import Connection, Select, and_, bindparam, case, func, or_, select
from sqlalchemy.types import Integer

from geoapp.errors import N_, ParameterError
from geoapp.store import activities, dialect, driver, queries
from geoapp.store.models import Programme, Region, RegionStatus
from geoapp.store.queries import PlaceFilter, partnerships, places, regions
from geoapp.store.remembered import MISSING, Remembered
from geoapp.store.sources import PROPERTIES, SOURCES

TABLES = {name: source.table for name, source in SOURCES.items()}
statuses = RegionStatus.__table__
KEYS = {name: source.key_column for name, source in SOURCES.items()}


@dataclass(frozen=True)
class ItemQuery:
    """Which items of a source a request asks for: the layer's scope and the user's filter."""

    source: str
    where: PlaceFilter = PlaceFilter()
    levels: tuple[str, ...] = ()


def narrow(query: Select, item_query: ItemQuery) -> Select:
    """Narrow a query over the source table to the items ``item_query`` asks for."""
    where, source = item_query.where, item_query.source
    table = TABLES[source]
    if where.bbox:
        query = query.where(_in_bbox(table, where.bbox))
    if source == "places":
        return queries.filter_places(query, replace(where, bbox=None))
    if source == "activities":
        return activities.filter_activities(query, where)
    if source == "region_statuses":
        return _narrow_statuses(query, where)
    if source == "regions":
        if item_query.levels:
            query = query.where(regions.c.level.in_(item_query.levels))
        if where.region:
            query = query.where(regions.c.code.in_(select(queries.region_subtree(where.region))))
    else:
        query = query.where(queries.published(partnerships))
        if where.statuses:
            query = query.where(partnerships.c.status.in_(where.statuses))
        if where.programme:
            query = query.where(partnerships.c.programme_code == where.programme)
        if where.during:
            query = query.where(queries.dated_within(
                partnerships.c.start_date, partnerships.c.end_date, where.during))
        if where.region:
            inside = select(places.c.id).where(
                places.c.region_code.in_(select(queries.region_subtree(where.region))))
            query = query.where(or_(partnerships.c.place_a_id.in_(inside),
                                    partnerships.c.place_b_id.in_(inside)))
    return query


def _narrow_statuses(query: Select, where: PlaceFilter) -> Select:
    """Statuses of the list by status, and of a region and the regions below it."""
    if where.statuses:
        query = query.where(statuses.c.status.in_(where.statuses))
    if where.region:
        query = query.where(statuses.c.region_code.in_(
            select(queries.region_subtree(where.region))))
    return query


def _in_bbox(table, bbox: tuple[float, float, float, float]):
    if table is statuses:
        # A status has no shape of its own: its region's, found through the regions' index.
        return statuses.c.region_code.in_(select(regions.c.code).where(
            _in_bbox(regions, bbox)))
    minx, miny, maxx, maxy = bbox
    if minx <= maxx:
        return dialect.in_bbox(table, bbox)
    # A box whose west edge is east of its east edge crosses the antimeridian.
    return or_(dialect.in_bbox(table, (minx, miny, 180.0, maxy)),
               dialect.in_bbox(table, (-180.0, miny, maxx, maxy)))


def _geometry(source: str):
    """The geometry column of a source; a status takes its region's polygon."""
    if source == "region_statuses":
        return select(regions.c.geom).where(
            regions.c.code == statuses.c.region_code).correlate(statuses).scalar_subquery()
    return TABLES[source].c.geom


def _columns(source: str) -> list:
    table = TABLES[source]
    found = [KEYS[source].label("id"), *(table.c[name] for name in PROPERTIES[source])]
    if source == "places":
        # Points need no WKB round trip: their coordinates are two numbers.
        return [*found, func.ST_X(table.c.geom).label("lon"), func.ST_Y(table.c.geom).label("lat")]
    return [*found, func.ST_AsBinary(_geometry(source)).label("wkb")]


def _feature(source: str, row: Any, geometry: Any) -> dict:
    properties = {name: _plain(row[name]) for name in PROPERTIES[source]}
    return {"type": "Feature", "id": row["id"], "geometry": geometry, "properties": properties}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _features(source: str, rows: list) -> list[dict]:
    if source == "places":
        return [_feature(source, row, None if row["lon"] is None else
                         {"type": "Point", "coordinates": [row["lon"], row["lat"]]})
                for row in rows]
    shapes = shapely.from_wkb([None if r["wkb"] is None else bytes(r["wkb"]) for r in rows])
    return [_feature(source, row, None if shape is None else mapping(shape))
            for row, shape in zip(rows, shapes, strict=True)]


def key_value(key, raw: str) -> str | int | None:
    """An id as its key column holds it; None for a number-keyed source's non-number."""
    if key.type.python_type is not int:
        return raw
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def _after(key, after: str | None) -> str | int | None:
    """The key a next link carries, as its column holds it; ParameterError if none can be."""
    if after is None:
        return None
    found = key_value(key, after)
    if found is None:
        raise ParameterError("after", N_("%(value)s is not an id of this collection"),
                             value=repr(after[:40]))
    return found


def find_items(conn: Connection, item_query: ItemQuery, limit: int, offset: int,
               after: str | None = None) -> list[dict]:
    """Return one page of GeoJSON features in a stable order (by id), geometries as dicts."""
    key = KEYS[item_query.source]
    after = _after(key, after)
    query = narrow(select(*_columns(item_query.source)), item_query)
    query = query.where(key > after) if after is not None else query.offset(offset)
    query = query.order_by(key).limit(limit)
    return _features(item_query.source, conn.execute(query).mappings().all())


@dataclass(frozen=True)
class Page:
    """One page of features ready for a fast JSON encoder, and how many items match."""

    features: list[dict]
    # None when there are as many as the cap or more, or when the page is empty.
    matched: int | None


def _page_columns(source: str) -> list:
    table = TABLES[source]
    found = [KEYS[source], *(table.c[name] for name in PROPERTIES[source])]
    if source == "places":
        return [*found, func.ST_X(table.c.geom), func.ST_Y(table.c.geom)]
    return [*found, dialect.geojson(_geometry(source))]


def _fast_features(source: str, rows: list) -> list[dict]:
    # From the driver's tuples: properties by position; dates left to the encoder, which
    # writes a date (psycopg) and its ISO text (SQLite) alike; geometry as the database
    # wrote it (a fragment of JSON) except points, which are two numbers.
    names, end = PROPERTIES[source], len(PROPERTIES[source]) + 1
    if source == "places":
        return [{"type": "Feature", "id": row[0],
                 "geometry": None if row[end] is None else
                 {"type": "Point", "coordinates": [row[end], row[end + 1]]},
                 "properties": dict(zip(names, row[1:end], strict=True))} for row in rows]
    return [{"type": "Feature", "id": row[0],
             "geometry": None if row[end] is None else orjson.Fragment(row[end]),
             "properties": dict(zip(names, row[1:end], strict=True))} for row in rows]


# numberMatched by (query, cap), under the data's revision.
_COUNTS = Remembered(4096)


def find_page(conn: Connection, item_query: ItemQuery, limit: int, offset: int = 0,
              after: str | None = None, cap: int = 50_000, revision: tuple | None = None) -> Page:
    """Return a page in id order, from ``offset`` or from just after the key ``after``,
    with the count of matching items (up to ``cap``).

    The count is read in the page's own query, or remembered from an earlier page of the
    same query at the same data ``revision`` (None: never remembered). The query also
    reads the revisions' sum (:func:`queries.note_revisions_read`).
    """
    after = _after(KEYS[item_query.source], after)
    known = _COUNTS.recall(conn, revision, (item_query, cap))
    statement = _page_statement(item_query, cap if known is MISSING else None,
                                after is not None)
    where = {"after": after} if after is not None else {"offset": offset}
    rows = driver.rows(conn, statement, {**where, "limit": limit})
    if rows:
        queries.note_revisions_read(conn, rows[0][-1])
    if known is MISSING and rows:
        known = rows[0][-2] if rows[0][-2] < cap else None
        _COUNTS.keep(conn, revision, (item_query, cap), known)
    return Page(_fast_features(item_query.source, rows), None if known is MISSING else known)


@lru_cache(maxsize=256)
def _page_statement(item_query: ItemQuery, cap: int | None, after: bool) -> Select:
    """The query of a page, with the count of matches up to ``cap`` unless None and the
    revisions' sum last, built once per filter: the page's place (``after`` or
    ``offset``) and size are parameters. Building it cost a page of ten items about a
    seventh of its CPU."""
    key = KEYS[item_query.source]
    # One narrowed query for both, so that a region's subtree is one CTE.
    query = narrow(select(*_page_columns(item_query.source)), item_query)
    if cap is not None:
        capped = query.with_only_columns(key).limit(cap).subquery()
        query = query.add_columns(select(func.count()).select_from(capped).scalar_subquery())
    query = query.add_columns(queries.REVISIONS_SUM)
    if after:
        query = query.where(key > bindparam("after", type_=key.type))
    else:
        query = query.offset(bindparam("offset", type_=Integer))
    return query.order_by(key).limit(bindparam("limit", type_=Integer))


def each_batch(conn: Connection, item_query: ItemQuery, size: int = 2000) -> Iterator[list[dict]]:
    """Yield every matching item as GeoJSON features, ``size`` at a time, in id order.

    Keyset paging (``id > last``) keeps each batch as cheap as the first however far an
    export has gone.
    """
    key, last = KEYS[item_query.source], None
    while True:
        query = narrow(select(*_columns(item_query.source)), item_query)
        if last is not None:
            query = query.where(key > last)
        rows = conn.execute(query.order_by(key).limit(size)).mappings().all()
        if not rows:
            return
        yield _features(item_query.source, rows)
        if len(rows) < size:
            return
        last = rows[-1]["id"]


def get_item(conn: Connection, item_query: ItemQuery,
             item_id: str) -> tuple[dict, int | None] | None:
    """Return one feature of the collection and its version (None where the source keeps
    none), or None when it is not one of its items."""
    item_id = key_value(KEYS[item_query.source], item_id)
    if item_id is None:
        return None
    statement = _item_statement(item_query)
    found = driver.rows(conn, statement, {"item_id": item_id}, prepared=True)
    if not found:
        return None
    row = dict(zip(statement.selected_columns.keys(), found[0], strict=True))
    return _features(item_query.source, [row])[0], row.get("version")


@lru_cache(maxsize=64)
def _item_statement(item_query: ItemQuery) -> Select:
    """The query of one item, built once per collection: a single item is the API's most
    frequent request, and building the statement cost as much as running it."""
    key, table = KEYS[item_query.source], TABLES[item_query.source]
    columns = _columns(item_query.source)
    if "version" in table.c:
        columns.append(table.c.version.label("version"))
    return narrow(select(*columns), item_query).where(
        key == bindparam("item_id", type_=key.type))


def count_items(conn: Connection, item_query: ItemQuery, cap: int) -> int | None:
    """Return how many items match, or None when there are ``cap`` or more (counting is dear)."""
    capped = narrow(select(KEYS[item_query.source]), item_query).limit(cap).subquery()
    found = conn.execute(select(func.count()).select_from(capped)).scalar()
    return found if found < cap else None


def _corners(source: str) -> list:
    geom = _geometry(source)
    if source == "places":
        return [geom]
    if source == "partnerships":
        return [func.ST_StartPoint(geom), func.ST_EndPoint(geom)]
    if source == "activities":
        # A one-point MultiPoint's envelope is a point, which has no ring.
        return [dialect.low_corner(geom), dialect.high_corner(geom)]
    # The 1st and 3rd points of an envelope's ring are its lower-left and upper-right corners.
    ring = func.ST_ExteriorRing(func.ST_Envelope(geom))
    return [func.ST_PointN(ring, 1), func.ST_PointN(ring, 3)]


# Extents by query, under the data's revision: a collection's over 100,000 schools read
# every row (28 ms a collection document, 40 ms the list of them).
_EXTENTS = Remembered(1024)


def extent(conn: Connection, item_query: ItemQuery,
           revision: tuple | None = None) -> tuple[float, float, float, float] | None:
    """Return the bounding box (minx, miny, maxx, maxy) of the items, or None when empty;
    remembered under the data's ``revision`` (None: measured afresh)."""
    return _remembered(conn, revision, ("space", item_query), _measured_extent)


def _measured_extent(conn: Connection, item_query: ItemQuery) -> tuple | None:
    aggregates = []
    for point in _corners(item_query.source):
        aggregates += [func.min(func.ST_X(point)), func.min(func.ST_Y(point)),
                       func.max(func.ST_X(point)), func.max(func.ST_Y(point))]
    query = select(*aggregates).select_from(TABLES[item_query.source])
    row = conn.execute(narrow(query, item_query)).one()
    if row[0] is None:
        return None
    lows, highs = [row[i:i + 2] for i in range(0, len(row), 4)], [
        row[i + 2:i + 4] for i in range(0, len(row), 4)]
    return (min(p[0] for p in lows), min(p[1] for p in lows),
            max(p[0] for p in highs), max(p[1] for p in highs))


def time_extent(conn: Connection, item_query: ItemQuery,
                revision: tuple | None = None) -> tuple | None:
    """Return the first day and the last (None while some are still going) of a dated
    source's items, or None when the source has no dates or no item has one; remembered
    under the data's ``revision`` (None: read afresh)."""
    if "start_date" not in TABLES[item_query.source].c:
        return None
    return _remembered(conn, revision, ("time", item_query), _measured_time_extent)


def _remembered(conn: Connection, revision: tuple | None, key: tuple,
                measure: Callable[[Connection, ItemQuery], Any]) -> Any:
    """``measure(conn, item_query)`` of ``key`` (kind, item_query), kept under ``revision``."""
    return _EXTENTS.answer(conn, revision, key, lambda: measure(conn, key[1]))


def _measured_time_extent(conn: Connection, item_query: ItemQuery) -> tuple | None:
    table = TABLES[item_query.source]
    start, end = table.c.start_date, table.c.end_date
    going = func.sum(case((and_(start.is_not(None), end.is_(None)), 1), else_=0))
    first, last, open_ended = conn.execute(
        narrow(select(func.min(start), func.max(end), going), item_query)).one()
    if first is None:
        return None
    return first, None if open_ended else last


def check_known(conn: Connection, region: str | None = None,
                programme: str | None = None) -> None:
    """Refuse a region or programme code that the store does not know."""
    for name, code, table, message in (
            ("region", region, Region.__table__, N_("no region has the code %(value)s")),
            ("programme", programme, Programme.__table__,
             N_("no programme has the code %(value)s"))):
        if code is not None and not queries.existing_ids(conn, table, [code]):
            raise ParameterError(name, message, value=repr(code))
