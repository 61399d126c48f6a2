"""Queries behind the API's collections: the items of a layer's source, one page at a time.

A collection reads one source table (places, partnerships or regions) narrowed by its
layer's kinds or levels and by a :class:`~geoapp.store.queries.PlaceFilter`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

import shapely
from shapely.geometry import mapping
from sqlalchemy import Connection, Select, func, or_, select

from geoapp.errors import N_, ParameterError
from geoapp.store import dialect, queries
from geoapp.store.models import Programme, Region, RegionStatus
from geoapp.store.queries import PlaceFilter, partnerships, places, regions
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
    if source == "region_statuses":
        return _narrow_statuses(query, where)
    if source == "regions":
        if item_query.levels:
            query = query.where(regions.c.level.in_(item_query.levels))
        if where.region:
            query = query.where(regions.c.code.in_(select(queries.region_subtree(where.region))))
    else:
        if where.statuses:
            query = query.where(partnerships.c.status.in_(where.statuses))
        if where.programme:
            query = query.where(partnerships.c.programme_code == where.programme)
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


def find_items(conn: Connection, item_query: ItemQuery, limit: int, offset: int) -> list[dict]:
    """Return one page of GeoJSON features in a stable order (by id)."""
    query = narrow(select(*_columns(item_query.source)), item_query)
    query = query.order_by(KEYS[item_query.source]).limit(limit).offset(offset)
    return _features(item_query.source, conn.execute(query).mappings().all())


def get_item(conn: Connection, item_query: ItemQuery, item_id: str) -> dict | None:
    """Return one feature of the collection, or None when it is not one of its items."""
    key = KEYS[item_query.source]
    if key.type.python_type is int:  # the list's statuses are numbered
        if not re.fullmatch(r"[0-9]{1,18}", item_id):
            return None
        item_id = int(item_id)
    query = narrow(select(*_columns(item_query.source)), item_query).where(key == item_id)
    rows = conn.execute(query).mappings().all()
    return _features(item_query.source, rows)[0] if rows else None


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
    # The 1st and 3rd points of an envelope's ring are its lower-left and upper-right corners.
    ring = func.ST_ExteriorRing(func.ST_Envelope(geom))
    return [func.ST_PointN(ring, 1), func.ST_PointN(ring, 3)]


def extent(conn: Connection, item_query: ItemQuery) -> tuple[float, float, float, float] | None:
    """Return the bounding box (minx, miny, maxx, maxy) of the items, or None when empty."""
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


def check_known(conn: Connection, region: str | None = None,
                programme: str | None = None) -> None:
    """Refuse a region or programme code that the store does not know."""
    for name, code, table, message in (
            ("region", region, Region.__table__, N_("no region has the code %(value)s")),
            ("programme", programme, Programme.__table__,
             N_("no programme has the code %(value)s"))):
        if code is not None and not queries.existing_ids(conn, table, [code]):
            raise ParameterError(name, message, value=repr(code))
