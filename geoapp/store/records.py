"""The kinds of record people edit: each versioned, reviewed and kept in the history.

A kind knows its table, the data revision a write raises, the fields a change may set,
how a record reads as plain JSON values (a *snapshot*), how a snapshot is written back,
the regions a record lies in, and the rules of its fields. Another kind (activities)
joins by adding a table with ``version`` and ``review_state`` columns and an entry in
:data:`KINDS`; the history, review, revert and the API's writes then work for it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import LineString
from sqlalchemy import Column, Connection, Table, func, or_, select, update

from geoapp.store import checks, queries
from geoapp.store.models import fold
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

KINDS: dict[str, RecordKind] = {kind.name: kind for kind in (PLACE, PARTNERSHIP)}
# The kind of record behind each source of the API's collections.
BY_SOURCE = {"places": PLACE, "partnerships": PARTNERSHIP}
