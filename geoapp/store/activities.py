"""Queries of activities: the filter every reader shares, their places, a partnership's
timeline, the counts per region, and the years the dated records span."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Select, and_, exists, func, or_, select, union_all

from geoapp.store.models import Activity, activity_places
from geoapp.store.queries import (
    PlaceFilter,
    dated_within,
    has_area,
    partnerships,
    places,
    published,
    region_subtree,
)
from geoapp.store.remembered import Remembered

activities = Activity.__table__


def filter_activities(query: Select, where: PlaceFilter) -> Select:
    """Narrow a query over ``activities`` to the published ones ``where`` asks for."""
    query = query.where(published(activities))
    if where.kinds:
        query = query.where(activities.c.kind.in_(where.kinds))
    if where.programme:
        query = query.where(activities.c.programme_code == where.programme)
    if where.area:
        query = query.where(has_area(activities.c.areas, where.area))
    if where.during:
        query = query.where(dated_within(activities.c.start_date, activities.c.end_date,
                                         where.during))
    if where.region:
        inside = (select(activity_places.c.activity_id)
                  .join(places, places.c.id == activity_places.c.place_id)
                  .where(places.c.region_code.in_(select(region_subtree(where.region)))))
        query = query.where(activities.c.id.in_(inside))
    return query


def newest_first(query: Select) -> Select:
    """Order activities by their start, newest first and undated last, then by id."""
    return query.order_by(activities.c.start_date.is_(None), activities.c.start_date.desc(),
                          activities.c.id)


def oldest_first(query: Select) -> Select:
    """Order activities by their start, oldest first and undated last, then by id."""
    return query.order_by(activities.c.start_date.is_(None), activities.c.start_date,
                          activities.c.id)


def find_activities(conn: Connection, where: PlaceFilter, limit: int = 500) -> list:
    """Published activities matching ``where``, newest first."""
    query = filter_activities(select(*_shown()), where)
    return conn.execute(newest_first(query).limit(limit)).mappings().all()


def _shown() -> list:
    return [c for c in activities.c if c.name != "geom"]


def places_of(conn: Connection, ids: list[str]) -> dict[str, list[dict]]:
    """Each activity's places (id, name, kind, region, lon/lat), in a stable order."""
    found: dict[str, list[dict]] = {}
    for start in range(0, len(ids), 5000):
        query = (select(activity_places.c.activity_id, places.c.id, places.c.name,
                        places.c.kind, places.c.region_code,
                        func.ST_X(places.c.geom).label("lon"),
                        func.ST_Y(places.c.geom).label("lat"))
                 .join(places, places.c.id == activity_places.c.place_id)
                 .where(activity_places.c.activity_id.in_(ids[start:start + 5000]))
                 .order_by(activity_places.c.activity_id, places.c.id))
        for row in conn.execute(query).mappings():
            found.setdefault(row["activity_id"], []).append(
                {k: row[k] for k in ("id", "name", "kind", "region_code", "lon", "lat")})
    return found


def timeline(conn: Connection, partnership_id: str, ends: tuple[str, str]) -> list:
    """A partnership's activities, oldest first: those that name it, and those that name
    no partnership but take place at both its ``ends``."""
    def at(place_id: str):
        return exists().where(activity_places.c.activity_id == activities.c.id,
                              activity_places.c.place_id == place_id)

    unlinked = and_(activities.c.partnership_id.is_(None), at(ends[0]), at(ends[1]))
    query = select(*_shown()).where(published(activities), or_(
        activities.c.partnership_id == partnership_id, unlinked))
    return conn.execute(oldest_first(query)).mappings().all()


def of_partnership(conn: Connection, partnership_id: str) -> list:
    """Every activity that names the partnership, in any review state, newest first: for
    those who write (its proposals, its history)."""
    query = select(activities.c.id, activities.c.title, activities.c.kind,
                   activities.c.start_date, activities.c.end_date, activities.c.review_state,
                   activities.c.version, activities.c.partnership_id,
                   activities.c.place_ids).where(activities.c.partnership_id == partnership_id)
    return conn.execute(newest_first(query)).mappings().all()


def counts_by_region(conn: Connection, where: PlaceFilter) -> dict[str, int]:
    """How many matching activities each region holds directly (through their places)."""
    chosen = filter_activities(select(activities.c.id), where).subquery()
    query = (select(places.c.region_code, func.count(func.distinct(chosen.c.id)))
             .select_from(chosen)
             .join(activity_places, activity_places.c.activity_id == chosen.c.id)
             .join(places, places.c.id == activity_places.c.place_id)
             .group_by(places.c.region_code))
    return dict(conn.execute(query).all())


# Spans of years by database, under the data's revision.
_SPANS = Remembered(16)


def years_span(conn: Connection, revision: tuple | None = None) -> tuple[int, int] | None:
    """The first and last year in which a dated partnership starts or an activity happens;
    remembered under the data's ``revision`` (None: read afresh)."""
    return _SPANS.answer(conn, revision, "years", lambda: _read_years_span(conn))


def _read_years_span(conn: Connection) -> tuple[int, int] | None:
    dates = union_all(
        select(partnerships.c.start_date.label("day")).where(published(partnerships)),
        select(activities.c.start_date.label("day")).where(published(activities)),
        select(activities.c.end_date.label("day")).where(published(activities))).subquery()
    low, high = conn.execute(select(func.min(dates.c.day), func.max(dates.c.day))).one()
    if low is None:
        return None
    return _year(low), _year(high)


def _year(value) -> int:
    # SQLite hands back a date of a UNION as text.
    return value.year if isinstance(value, dt.date) else int(str(value)[:4])
