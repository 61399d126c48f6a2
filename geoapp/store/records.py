"""The kinds of record people edit: each versioned, reviewed and kept in the history.

A kind knows its table, the data revision a write raises, the fields a change may set,
how a record reads as plain JSON values (a *snapshot*), how a snapshot is written back,
the regions a record lies in, and the rules of its fields. A kind joins by adding a table
with ``version`` and ``review_state`` columns and an entry in :data:`KINDS`; the history,
review, revert and the API's writes then work for it too (places, partnerships,
activities).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import LineString, MultiPoint
from sqlalchemy import (
    Column,
    Connection,
    Table,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from geoapp.store import checks, queries
from geoapp.store.models import Activity, activity_places, fold
from geoapp.store.queries import partnerships, places

# What every snapshot carries besides a kind's own fields.
STATE = ("review_state", "version")


@dataclass(frozen=True)
class RecordKind:
    """One kind of editable record."""

    name: str
    table: Table
    revision: str
    fields: tuple[str, ...]
    required: tuple[str, ...]
    defaults: dict[str, Any]
    columns: Callable[[], list]
    check: Callable[[Connection, dict, dict], dict]
    to_row: Callable[[Connection, dict, set], dict]
    regions: Callable[[Connection, dict], list[str | None]]
    in_regions: Callable[[Any], Any]
    after_write: Callable[[Connection, dict, set], None] = lambda conn, record, changed: None
    derived: tuple[str, ...] = field(default=())

    @property
    def key(self) -> Column:
        """The column of the record's id."""
        return self.table.primary_key.columns.values()[0]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def read(conn: Connection, kind: RecordKind, record_id: str) -> dict | None:
    """A record as a snapshot of plain values, or None when there is none."""
    if "\x00" in record_id:  # no id holds a NUL, and PostgreSQL cannot even compare one
        return None
    query = select(*kind.columns()).where(kind.key == record_id)
    row = conn.execute(query).mappings().first()
    return {name: _plain(value) for name, value in row.items()} if row else None


def point_ewkt(lon: float, lat: float) -> str:
    """A point as EWKT, which both stores parse."""
    return f"SRID=4326;POINT({lon!r} {lat!r})"


# Places --------------------------------------------------------------------------------

PLACE_FIELDS = ("name", "kind", "type", "status", "website", "address", "location_precision",
                "note", "lon", "lat")


def _place_columns() -> list:
    own = [places.c[name] for name in PLACE_FIELDS if name not in ("lon", "lat")]
    return [places.c.id, *own, places.c.region_code, *(places.c[s] for s in STATE),
            func.ST_X(places.c.geom).label("lon"), func.ST_Y(places.c.geom).label("lat")]


def _place_row(conn: Connection, record: dict, changed: set) -> dict:
    row = {name: record[name] for name in PLACE_FIELDS if name not in ("lon", "lat")}
    row.update(name_folded=fold(record["name"]), review_state=record["review_state"])
    if changed & {"lon", "lat"}:
        row["geom"] = point_ewkt(record["lon"], record["lat"])
        row["region_code"] = queries.region_at(conn, record["lon"], record["lat"])
    return row


def _place_moved(conn: Connection, record: dict, changed: set) -> None:
    """Redraw the lines of a moved place's partnerships."""
    if not changed & {"lon", "lat"}:
        return
    touching = conn.execute(select(partnerships.c.id, partnerships.c.place_a_id,
                                   partnerships.c.place_b_id).where(or_(
        partnerships.c.place_a_id == record["id"],
        partnerships.c.place_b_id == record["id"]))).all()
    for row in touching:
        conn.execute(update(partnerships).where(partnerships.c.id == row.id).values(
            geom=line_between(conn, row.place_a_id, row.place_b_id)))
    if touching:
        queries.bump_revision(conn, "partnerships")


PLACE = RecordKind(
    name="place", table=places, revision="places", fields=PLACE_FIELDS,
    required=("name", "kind", "lon", "lat"),
    defaults={"status": "operating", "location_precision": "exact"},
    columns=_place_columns, check=checks.check_place, to_row=_place_row,
    regions=lambda conn, record: [record.get("region_code")],
    in_regions=lambda codes: places.c.region_code.in_(codes), after_write=_place_moved,
    derived=("region_code",))


# Partnerships --------------------------------------------------------------------------

PARTNERSHIP_FIELDS = ("place_a_id", "place_b_id", "programme_code", "status", "start_date",
                      "end_date", "areas", "source", "title")


def _partnership_columns() -> list:
    return [partnerships.c.id, *(partnerships.c[name] for name in PARTNERSHIP_FIELDS),
            *(partnerships.c[s] for s in STATE)]


def line_between(conn: Connection, place_a: str, place_b: str) -> str:
    """The line from one place to another, as EWKT."""
    points = queries.place_points(conn, [place_a, place_b])
    return f"SRID=4326;{LineString([points[place_a], points[place_b]]).wkt}"


def _partnership_row(conn: Connection, record: dict, changed: set) -> dict:
    row = {name: record[name] for name in PARTNERSHIP_FIELDS}
    for name in ("start_date", "end_date"):
        row[name] = dt.date.fromisoformat(row[name]) if row[name] else None
    row["review_state"] = record["review_state"]
    if changed & {"place_a_id", "place_b_id"}:
        row["geom"] = line_between(conn, record["place_a_id"], record["place_b_id"])
    return row


def _partnership_regions(conn: Connection, record: dict) -> list[str | None]:
    ends = [record.get("place_a_id"), record.get("place_b_id")]
    found = dict(conn.execute(select(places.c.id, places.c.region_code)
                              .where(places.c.id.in_([e for e in ends if e]))).all())
    return [found.get(end) for end in ends]


PARTNERSHIP = RecordKind(
    name="partnership", table=partnerships, revision="partnerships",
    fields=PARTNERSHIP_FIELDS, required=("place_a_id", "place_b_id"),
    defaults={"status": "active"}, columns=_partnership_columns,
    check=checks.check_partnership, to_row=_partnership_row, regions=_partnership_regions,
    in_regions=lambda codes: or_(*(partnerships.c[end].in_(
        select(places.c.id).where(places.c.region_code.in_(codes)))
        for end in ("place_a_id", "place_b_id"))))


# Activities -----------------------------------------------------------------------------

activities = Activity.__table__
ACTIVITY_FIELDS = ("partnership_id", "place_ids", "kind", "title", "language", "start_date",
                   "end_date", "programme_code", "areas", "description", "source")


def _activity_columns() -> list:
    translated = [c for c in activities.c if c.name.startswith("title_")]
    return [activities.c.id, *(activities.c[name] for name in ACTIVITY_FIELDS),
            activities.c.date_precision, *translated, *(activities.c[s] for s in STATE)]


def _activity_row(conn: Connection, record: dict, changed: set) -> dict:
    row = {name: record[name] for name in ACTIVITY_FIELDS}
    for name in ("start_date", "end_date"):
        row[name] = dt.date.fromisoformat(row[name]) if row[name] else None
    if changed & {"start_date", "end_date"}:  # typed in a form or sent to the API: days
        row["date_precision"] = "day" if row["start_date"] else None
    row["review_state"] = record["review_state"]
    if "place_ids" in changed:
        ids = _ids(record)
        points = queries.place_points(conn, ids)
        found = [points[p] for p in ids if p in points]
        row["geom"] = f"SRID=4326;{MultiPoint(found).wkt}" if found else None
    return row


def _ids(record: dict) -> list[str]:
    return [p for p in (record.get("place_ids") or "").split(";") if p]


def _activity_relinked(conn: Connection, record: dict, changed: set) -> None:
    """Keep the activity's places, which every query of activities reads, in step."""
    if "place_ids" not in changed:
        return
    conn.execute(delete(activity_places).where(activity_places.c.activity_id == record["id"]))
    if _ids(record):
        conn.execute(insert(activity_places), [{"activity_id": record["id"], "place_id": p}
                                               for p in _ids(record)])


def _activity_regions(conn: Connection, record: dict) -> list[str | None]:
    """An activity of a partnership lies where the partnership's ends do; else at its places."""
    ends = conn.execute(select(partnerships.c.place_a_id, partnerships.c.place_b_id).where(
        partnerships.c.id == record.get("partnership_id"))).first()
    ids = list(ends) if ends else _ids(record)
    found = dict(conn.execute(select(places.c.id, places.c.region_code)
                              .where(places.c.id.in_(ids))).all())
    return [found.get(place) for place in ids]


def _activity_in_regions(codes: Any) -> Any:
    ours = select(places.c.id).where(places.c.region_code.in_(codes))
    return or_(activities.c.partnership_id.in_(select(partnerships.c.id).where(or_(
        partnerships.c.place_a_id.in_(ours), partnerships.c.place_b_id.in_(ours)))),
        and_(activities.c.partnership_id.is_(None),
             activities.c.id.in_(select(activity_places.c.activity_id).where(
                 activity_places.c.place_id.in_(ours)))))


ACTIVITY = RecordKind(
    name="activity", table=activities, revision="activities", fields=ACTIVITY_FIELDS,
    required=("kind", "title"), defaults={}, columns=_activity_columns,
    check=checks.check_activity, to_row=_activity_row, regions=_activity_regions,
    in_regions=_activity_in_regions, after_write=_activity_relinked)

KINDS: dict[str, RecordKind] = {kind.name: kind for kind in (PLACE, PARTNERSHIP, ACTIVITY)}
# The kind of record behind each source of the API's collections.
BY_SOURCE = {"places": PLACE, "partnerships": PARTNERSHIP, "activities": ACTIVITY}
