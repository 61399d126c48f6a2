"""Queries of the store, written once for both PostGIS and SpatiaLite."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely
from sqlalchemy import ColumnElement, Connection, Select, Table, and_, func, literal, or_, select
from sqlalchemy.sql.expression import CTE

from geoapp.dates import Period
from geoapp.store import dialect, driver, watch
from geoapp.store.models import (
    REGION_LEVELS,
    Activity,
    Partnership,
    Place,
    Programme,
    Region,
    Revision,
    fold,
    place_programmes,
)

places = Place.__table__
regions = Region.__table__
partnerships = Partnership.__table__


@dataclass(frozen=True)
class PlaceFilter:
    """What a user narrowed the places to; empty fields do not filter."""

    kinds: tuple[str, ...] = ()
    region: str | None = None
    programme: str | None = None
    statuses: tuple[str, ...] = ()
    q: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    area: str | None = None
    during: Period | None = None
    # A half-open box [west, east) x (south, north]: a point on the edge between two such
    # boxes (map tiles) falls in exactly one of them.
    tile: tuple[float, float, float, float] | None = None


def dated_within(start: ColumnElement, end: ColumnElement, period: Period) -> ColumnElement:
    """True where a record dated from ``start`` to ``end`` (None: still going) meets ``period``.

    A record with no start date is left out: nobody knows when it was.
    """
    found = [start.is_not(None)]
    if period.end is not None:
        found.append(start <= period.end)
    if period.start is not None:
        found.append(or_(end.is_(None), end >= period.start))
    return and_(*found)


def has_area(areas: ColumnElement, area: str) -> ColumnElement:
    """True where a ``;``-separated list of areas holds ``area``."""
    return (literal(";") + func.coalesce(areas, "") + literal(";")).contains(
        f";{area};", autoescape=True)


def published(table: Table) -> ColumnElement[bool]:
    """The rule of every public read: a record shows once published (loads publish).

    Proposed (``pending``), ``rejected`` and ``withdrawn`` records are seen only by those
    who write them, through :mod:`geoapp.store.edits`.
    """
    return table.c.review_state == "published"


def region_subtree(code: str) -> CTE:
    """Return a CTE of the codes of a region and every region below it."""
    tree = select(regions.c.code).where(regions.c.code == code).cte("subtree", recursive=True)
    below = select(regions.c.code).where(regions.c.parent_code == tree.c.code)
    return tree.union_all(below)


def region_subtrees(codes: tuple[str, ...]) -> CTE:
    """Return a CTE of the codes of several regions and every region below them."""
    tree = select(regions.c.code).where(regions.c.code.in_(codes)).cte(
        "subtrees", recursive=True)
    below = select(regions.c.code).where(regions.c.parent_code == tree.c.code)
    return tree.union_all(below)


def region_lineage(conn: Connection, code: str | None) -> list[tuple[str, str]]:
    """Return (code, level) of a region and its ancestors, from it up to the top."""
    if code is None:
        return []
    up = select(regions.c.code, regions.c.level, regions.c.parent_code,
                literal(0).label("depth")).where(regions.c.code == code).cte(
        "lineage", recursive=True)
    parent = regions.alias("parent")
    up = up.union_all(select(parent.c.code, parent.c.level, parent.c.parent_code,
                             (up.c.depth + 1).label("depth"))
                      .where(parent.c.code == up.c.parent_code, up.c.depth < 16))
    return [tuple(row) for row in conn.execute(
        select(up.c.code, up.c.level).order_by(up.c.depth))]


def filter_places(query: Select, where: PlaceFilter) -> Select:
    """Narrow a query over ``places`` to the published places ``where`` asks for."""
    query = query.where(published(places))
    if where.kinds:
        query = query.where(one_of(places.c.kind, where.kinds))
    if where.statuses:
        query = query.where(one_of(places.c.status, where.statuses))
    if where.q:
        query = query.where(dialect.name_contains(places.c.name_folded, fold(where.q)))
    if where.region:
        query = query.where(places.c.region_code.in_(select(region_subtree(where.region))))
    if where.programme:
        members = select(place_programmes.c.place_id).where(
            place_programmes.c.programme_code == where.programme)
        query = query.where(places.c.id.in_(members))
    if where.bbox:
        query = query.where(dialect.in_bbox(places, where.bbox))
    if where.tile:
        query = query.where(in_half_open(where.tile))
    return query


def one_of(column: ColumnElement, values: tuple[str, ...]) -> ColumnElement[bool]:
    """``column IN values``; a single value as ``=``, which spares every run of a cached
    statement the expansion of its IN list into SQL text."""
    return column == values[0] if len(values) == 1 else column.in_(values)


def in_half_open(box: tuple[float, float, float, float]) -> ColumnElement:
    """True where a place lies in ``box`` without its east and south edges."""
    west, south, east, north = box
    lon, lat = func.ST_X(places.c.geom), func.ST_Y(places.c.geom)
    return and_(dialect.in_bbox(places, box), lon >= west, lon < east, lat > south,
                lat <= north)


def place_columns() -> list:
    """Return the columns of a place as shown to users, with its lon/lat."""
    return [places.c.id, places.c.kind, places.c.type, places.c.name, places.c.status,
            places.c.website, places.c.address, places.c.location_precision,
            places.c.region_code, places.c.note,
            func.ST_X(places.c.geom).label("lon"), func.ST_Y(places.c.geom).label("lat")]


def find_places(conn: Connection, where: PlaceFilter, limit: int = 100, offset: int = 0) -> list:
    """Return the places matching ``where`` in a stable order, one page at a time."""
    query = filter_places(select(*place_columns()), where).order_by(places.c.id)
    return conn.execute(query.limit(limit).offset(offset)).mappings().all()


def count_places(conn: Connection, where: PlaceFilter) -> int:
    """Return how many places match ``where``."""
    return conn.execute(filter_places(select(func.count()).select_from(places), where)).scalar()


def get_place(conn: Connection, place_id: str):
    """Return one place, or None."""
    return conn.execute(select(*place_columns()).where(places.c.id == place_id)).mappings().first()


def existing_ids(conn: Connection, table, ids: list[str]) -> set[str]:
    """Return which of ``ids`` are already keys of ``table``."""
    key = table.primary_key.columns.values()[0]
    found: set[str] = set()
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        found.update(conn.execute(select(key).where(key.in_(chunk))).scalars())
    return found


def regions_frame(conn: Connection) -> gpd.GeoDataFrame:
    """Return every region's code, level and polygon as a GeoDataFrame."""
    # An old store may hold a region without its polygon (see migration 0004): left out.
    rows = conn.execute(select(regions.c.code, regions.c.level,
                               func.ST_AsBinary(regions.c.geom).label("wkb"))
                        .where(regions.c.geom.is_not(None))).all()
    geoms = shapely.from_wkb([bytes(r.wkb) for r in rows]) if rows else []
    return gpd.GeoDataFrame({"code": [r.code for r in rows], "level": [r.level for r in rows]},
                            geometry=list(geoms), crs="EPSG:4326")


def place_points(conn: Connection, ids: list[str]) -> dict[str, tuple[float, float]]:
    """Return the lon/lat of each of ``ids`` that exists."""
    found = {}
    for start in range(0, len(ids), 5000):
        query = select(places.c.id, func.ST_X(places.c.geom), func.ST_Y(places.c.geom)).where(
            places.c.id.in_(ids[start:start + 5000]))
        found.update({row[0]: (row[1], row[2]) for row in conn.execute(query)})
    return found


def counts(conn: Connection) -> dict:
    """Return the counts of regions by level, places by kind, programmes, partnerships
    by programme and activities by kind."""
    def grouped(column, table) -> dict:
        rows = conn.execute(select(column, func.count()).select_from(table).group_by(column))
        return {str(key): n for key, n in sorted(rows, key=lambda r: str(r[0]))}

    return {
        "regions": grouped(regions.c.level, regions),
        "places": grouped(places.c.kind, places),
        "programmes": conn.execute(select(func.count()).select_from(Programme.__table__)).scalar(),
        "partnerships": grouped(func.coalesce(partnerships.c.programme_code, literal("none")),
                                partnerships),
        "activities": grouped(Activity.__table__.c.kind, Activity.__table__),
    }


def ping(conn: Connection) -> str:
    """Return the spatial library's version, proving the store answers spatial SQL."""
    return conn.execute(select(dialect.spatial_version())).scalar()


def bump_revision(conn: Connection, name: str) -> None:
    """Raise the revision of ``name`` records, so that caches of them are renewed."""
    table = Revision.__table__
    stmt = dialect.insert(table, conn.dialect.name).values(name=name, number=1)
    stmt = stmt.on_conflict_do_update(index_elements=["name"],
                                      set_={"number": table.c.number + 1})
    if conn.dialect.name == "postgresql":  # the listeners are told the new number
        watch.notify(conn, name, conn.execute(stmt.returning(table.c.number)).scalar_one())
    else:
        conn.execute(stmt)


def revision(conn: Connection, name: str) -> int:
    """Return how many loads have changed ``name`` records (0 before the first)."""
    table = Revision.__table__
    found = conn.execute(select(table.c.number).where(table.c.name == name)).scalar()
    return found or 0


def revisions(conn: Connection) -> dict[str, int]:
    """Return the revision of every kind of record that a load has changed."""
    return dict(driver.rows(conn, _REVISIONS, prepared=True))


# The first query of every cached answer: built once (statements remember their cache key).
_REVISIONS = select(Revision.__table__.c.name, Revision.__table__.c.number)

# The revisions' sum, as one more column of a statement (a page of items, a tile), read with
# its answer in one round trip and one snapshot. A load or a write only ever raises a
# revision (bump_revision), so the sum grows with every change: on one database and its
# replicas, equal sums are equal revisions.
REVISIONS_SUM = select(func.coalesce(func.sum(Revision.__table__.c.number), 0)).scalar_subquery()
_READ = "geoapp.revisions_read"


def revisions_sum(revisions: tuple) -> int:
    """The sum of ``revisions`` ((name, number) pairs), as :data:`REVISIONS_SUM` reads it."""
    return sum(number for _name, number in revisions)


def note_revisions_read(conn: Connection, read: int) -> None:
    """Note on ``conn`` the revisions' sum a statement read with its answer (its
    :data:`REVISIONS_SUM` column)."""
    conn.info[_READ] = read


def read_at(conn: Connection, revisions: tuple) -> bool:
    """Whether what was read on ``conn`` is of ``revisions``: true unless a statement
    noted another sum since it was last asked (:func:`revisions_read`)."""
    read = conn.info.get(_READ)
    return read is None or read == revisions_sum(revisions)


def revisions_read(conn: Connection) -> int | None:
    """The revisions' sum the last statement with :data:`REVISIONS_SUM` read on ``conn``
    (None: none since last asked), forgotten once told."""
    return conn.info.pop(_READ, None)


def programme_names(conn: Connection, lang: str) -> dict[str, str]:
    """Return programme codes and their names in ``lang`` (else Ukrainian, English, the code)."""
    table = Programme.__table__
    rows = conn.execute(select(table).order_by(table.c.code)).mappings().all()
    return {r["code"]: r[f"name_{lang}"] or r["name_uk"] or r["name_en"] or r["code"]
            for r in rows}


def place_programme_codes(conn: Connection, place_id: str) -> list[str]:
    """Codes of the programmes a place takes part in."""
    query = select(place_programmes.c.programme_code).where(
        place_programmes.c.place_id == place_id).order_by(place_programmes.c.programme_code)
    return list(conn.execute(query).scalars())


def place_partners(conn: Connection, place_id: str,
                   states: tuple[str, ...] = ("published",)) -> list:
    """A place's partnerships in review ``states``, each with the other place's id and name."""
    other = places.alias("other")
    query = (
        select(partnerships.c.id, partnerships.c.programme_code, partnerships.c.status,
               partnerships.c.start_date, partnerships.c.end_date, partnerships.c.source,
               partnerships.c.review_state,
               other.c.id.label("partner_id"), other.c.name.label("partner_name"))
        .where(partnerships.c.review_state.in_(states))
        .join(other, or_(
            (partnerships.c.place_a_id == place_id) & (other.c.id == partnerships.c.place_b_id),
            (partnerships.c.place_b_id == place_id) & (other.c.id == partnerships.c.place_a_id)))
        .order_by(partnerships.c.start_date, partnerships.c.id))
    return conn.execute(query).mappings().all()


def region_at(conn: Connection, lon: float, lat: float) -> str | None:
    """The code of the deepest region whose polygon holds the point, or None."""
    tiny = 1e-9  # a box around the point: found through the spatial index, then tested
    query = select(regions.c.code, regions.c.level).where(
        dialect.in_bbox(regions, (lon - tiny, lat - tiny, lon + tiny, lat + tiny)))
    found = sorted(conn.execute(query), key=lambda row: REGION_LEVELS.index(row.level)
                   if row.level in REGION_LEVELS else -1)
    return found[-1].code if found else None


def place_names(conn: Connection, ids: list[str]) -> dict[str, str]:
    """The name of each of ``ids`` that exists."""
    found = {}
    for start in range(0, len(ids), 5000):
        query = select(places.c.id, places.c.name).where(places.c.id.in_(ids[start:start + 5000]))
        found.update(dict(conn.execute(query).all()))
    return found
