"""Reads behind the map: points in view, counts per region, partnership lines, regions.

One statement each, on the caller's connection; the choice between points and counts
is made by :mod:`geoapp.layerdata`, not here.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from geoapp.store.collections import ItemQuery, narrow
from geoapp.store.queries import PlaceFilter, filter_places, partnerships, place_columns, places
from geoapp.store.remembered import Remembered
from geoapp.store.sources import SOURCES

regions = SOURCES["regions"].table
# What a partnership's line always carries besides its two ends.
PARTNERSHIP_SENT = ("title", "status", "start_date", "end_date", "areas", "source")


def count_up_to(conn: Connection, item_query: ItemQuery, cap: int) -> int:
    """How many items match, counting no further than ``cap + 1``."""
    key = SOURCES[item_query.source].key_column
    capped = narrow(select(key), item_query).limit(cap + 1).subquery()
    return conn.execute(select(func.count()).select_from(capped)).scalar()


def place_points(conn: Connection, where: PlaceFilter, cap: int) -> list:
    """Up to ``cap + 1`` matching places with their lon/lat, by id."""
    query = filter_places(select(*place_columns()), where).order_by(places.c.id)
    return conn.execute(query.limit(cap + 1)).mappings().all()


# Counting a whole map of a million places per region took a second and a half.
_REGION_COUNTS = Remembered(256)


def counts_by_region(conn: Connection, where: PlaceFilter,
                     revision: tuple | None = None) -> dict[str, int]:
    """How many matching places each region holds directly, remembered under the data's
    ``revision`` (None: counted afresh). The answer is shared: do not change it."""
    return _REGION_COUNTS.answer(conn, revision, where, lambda: _counted(conn, where))


def _counted(conn: Connection, where: PlaceFilter) -> dict[str, int]:
    query = filter_places(select(places.c.region_code, func.count()).select_from(places),
                          where)
    return dict(conn.execute(query.group_by(places.c.region_code)).all())


def partnership_lines(conn: Connection, item_query: ItemQuery, fields: tuple[str, ...],
                      cap: int) -> list:
    """Up to ``cap + 1`` matching partnerships with both ends' names and positions, by id."""
    a, b = places.alias("a"), places.alias("b")
    columns = dict.fromkeys(("id", "place_a_id", "place_b_id", "programme_code",
                             *PARTNERSHIP_SENT, *fields))
    query = (
        select(*(partnerships.c[name] for name in columns),
               a.c.name.label("a_name"), func.ST_X(a.c.geom).label("a_lon"),
               func.ST_Y(a.c.geom).label("a_lat"), b.c.name.label("b_name"),
               func.ST_X(b.c.geom).label("b_lon"), func.ST_Y(b.c.geom).label("b_lat"))
        .join_from(partnerships, a, partnerships.c.place_a_id == a.c.id)
        .join(b, partnerships.c.place_b_id == b.c.id))
    query = narrow(query, item_query).order_by(partnerships.c.id)
    return conn.execute(query.limit(cap + 1)).mappings().all()


def partnership_pairs(conn: Connection, item_query: ItemQuery) -> list:
    """Matching partnerships counted by the regions of their two ends and their programme.

    An end outside every region counts under its place's id (and name). Each row carries
    the mean position of its ends, for ends that have no polygon to stand on.
    """
    a, b = places.alias("a"), places.alias("b")
    ends = (func.coalesce(a.c.region_code, a.c.id), func.coalesce(b.c.region_code, b.c.id),
            partnerships.c.programme_code)
    query = (
        select(ends[0].label("a_region"), ends[1].label("b_region"), ends[2],
               func.count().label("count"), func.min(a.c.name).label("a_name"),
               func.min(b.c.name).label("b_name"),
               func.avg(func.ST_X(a.c.geom)).label("a_lon"),
               func.avg(func.ST_Y(a.c.geom)).label("a_lat"),
               func.avg(func.ST_X(b.c.geom)).label("b_lon"),
               func.avg(func.ST_Y(b.c.geom)).label("b_lat"))
        .join_from(partnerships, a, partnerships.c.place_a_id == a.c.id)
        .join(b, partnerships.c.place_b_id == b.c.id))
    return conn.execute(narrow(query, item_query).group_by(*ends)).mappings().all()


def activity_rows(conn: Connection, item_query: ItemQuery, cap: int) -> list:
    """Up to ``cap + 1`` matching published activities, by id."""
    table = SOURCES["activities"].table
    query = narrow(select(*(c for c in table.c if c.name != "geom")), item_query)
    return conn.execute(query.order_by(table.c.id).limit(cap + 1)).mappings().all()


def region_rows(conn: Connection) -> list:
    """Every region: code, level, parent, names and polygon (WKB), for the atlas."""
    columns = [regions.c.code, regions.c.level, regions.c.parent_code,
               *(c for c in regions.c if c.name.startswith("name_")),
               func.ST_AsBinary(regions.c.geom).label("wkb")]
    return conn.execute(select(*columns)).mappings().all()
