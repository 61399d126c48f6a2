"""Upserting checked records into the store, in batches, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import geopandas as gpd
import shapely
from shapely.geometry import LineString
from sqlalchemy import Connection, LargeBinary, Table, bindparam, delete, func

from geoapp.store import dialect
from geoapp.store.models import (
    REGION_LEVELS,
    Partnership,
    Place,
    Programme,
    Region,
    place_programmes,
)

BATCH = 2000
# The bind name of a row's geometry as WKB (a column's own name is reserved by SQLAlchemy).
WKB = "geom_wkb"


def upsert(conn: Connection, table: Table, rows: list[dict],
           progress: Callable[[int], None] = lambda n: None) -> None:
    """Insert ``rows``, replacing those whose key exists; ``geom`` is given as a shape."""
    if not rows:
        return
    key = [c.name for c in table.primary_key.columns]
    stmt = dialect.insert(table, conn.dialect.name)
    if "geom" in rows[0]:
        # WKB, never WKT: SpatiaLite's WKT parser gives up (NULL) near a million vertices.
        stmt = stmt.values(geom=func.ST_GeomFromWKB(bindparam(WKB, type_=LargeBinary), 4326))
    changes = {name: stmt.excluded[name] for name in rows[0] if name not in key}
    if "version" in table.c:  # a load is a change too: an edit begun before it is stale
        changes["version"] = table.c.version + 1
    stmt = stmt.on_conflict_do_update(index_elements=key, set_=changes)
    for start in range(0, len(rows), BATCH):
        batch = with_wkb(rows[start:start + BATCH])
        conn.execute(stmt, batch)
        progress(len(batch))


def with_wkb(rows: list[dict]) -> list[dict]:
    """Rows with their ``geom`` shapes as 2D WKB, under the bind name the INSERT expects.

    One call for the whole batch: shapely converts an array far faster than row by row.
    """
    if "geom" not in rows[0]:
        return rows
    wkbs = shapely.to_wkb([row["geom"] for row in rows], output_dimension=2)
    return [{**{k: v for k, v in row.items() if k != "geom"}, WKB: wkb}
            for row, wkb in zip(rows, wkbs, strict=True)]


def as_wkb(row: dict) -> dict:
    """One row with its ``geom`` shape as 2D WKB (see :func:`with_wkb`)."""
    return with_wkb([row])[0]


def write_regions(conn: Connection, records: list[dict], progress) -> None:
    """Upsert regions, countries first, so that every parent exists when a child arrives."""
    rows = [{**{k: v for k, v in r.items() if k != "polygon"}, "geom": r["polygon"]}
            for r in records]
    upsert(conn, Region.__table__, sorted(rows, key=lambda r: REGION_LEVELS.index(r["level"])),
           progress)


def write_places(conn: Connection, records: list[dict], progress) -> None:
    """Upsert places and replace the programme memberships of those that list them."""
    columns = ("programmes", "point")
    rows = [{**{k: v for k, v in r.items() if k not in columns}, "geom": r["point"]}
            for r in records]
    upsert(conn, Place.__table__, rows, progress)
    members = [r for r in records if r["programmes"]]
    ids = [r["id"] for r in members]
    for start in range(0, len(ids), BATCH):
        conn.execute(delete(place_programmes).where(
            place_programmes.c.place_id.in_(ids[start:start + BATCH])))
    links = [{"place_id": r["id"], "programme_code": code}
             for r in members for code in dict.fromkeys(r["programmes"])]
    for start in range(0, len(links), BATCH):
        conn.execute(place_programmes.insert(), links[start:start + BATCH])


def write_partnerships(conn: Connection, records: list[dict], progress) -> None:
    """Upsert partnerships, drawn as a line between the points of their two places."""
    rows = [{**{k: v for k, v in r.items() if k != "points"}, "geom": LineString(r["points"])}
            for r in records]
    upsert(conn, Partnership.__table__, rows, progress)


def write_programmes(conn: Connection, records: list[dict], progress) -> None:
    """Upsert programmes."""
    upsert(conn, Programme.__table__, records, progress)


def assign_regions(records: Iterable[dict], regions: gpd.GeoDataFrame) -> dict[str, str]:
    """Return the deepest region containing each place's point, by place id."""
    records = list(records)
    if not records or regions.empty:
        return {}
    points = gpd.GeoDataFrame({"id": [r["id"] for r in records]},
                              geometry=[r["point"] for r in records], crs="EPSG:4326")
    joined = gpd.sjoin(points, regions, predicate="within", how="inner")
    joined["depth"] = joined["level"].map(REGION_LEVELS.index)
    deepest = joined.sort_values(["id", "depth"]).drop_duplicates("id", keep="last")
    return dict(zip(deepest["id"], deepest["code"], strict=True))

