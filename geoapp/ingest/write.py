"""Upserting checked records into the store, in batches, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import geopandas as gpd
import numpy as np
import shapely
from sqlalchemy import Connection, Table, delete

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
# Rows staged and upserted at once by a bulk write (COPY on PostGIS): a chunk of places in
# one (each write stages and counts again: 100,000 places on PostGIS spent 1.36 s in
# writes of 10,000, 1.0-1.2 s in writes of 25,000).
BULK = 25_000


def upsert(conn: Connection, table: Table, rows: list[dict],
           progress: Callable[[int], None] = lambda n: None, geometry: str = "geom") -> int:
    """Insert ``rows``, replacing those whose key exists (the last row of a key wins);
    return how many replaced one. The key ``geometry`` holds each row's shape; keys that
    are not columns of ``table`` are left out."""
    if not rows:
        return 0
    key = table.primary_key.columns.values()[0].name
    last = {row[key]: index for index, row in enumerate(rows)}
    if len(last) < len(rows):
        rows = [rows[index] for index in sorted(last.values())]
    names = [name for name in rows[0] if name in table.c and name != "geom"]
    existed = 0
    for start in range(0, len(rows), BULK):
        batch = rows[start:start + BULK]
        columns = {name: [row[name] for row in batch] for name in names}
        if geometry in rows[0]:
            columns["geom"] = [row[geometry] for row in batch]
        existed += dialect.bulk_upsert(conn, table, columns)
        progress(len(batch))
    return existed


def write_regions(conn: Connection, records: list[dict], progress) -> int:
    """Upsert regions, countries first, so that every parent exists when a child arrives."""
    ordered = sorted(records, key=lambda r: REGION_LEVELS.index(r["level"]))
    return upsert(conn, Region.__table__, ordered, progress, geometry="polygon")


def write_places(conn: Connection, records: list[dict], progress) -> int:
    """Upsert places and replace the programme memberships of those that list them."""
    existed = upsert(conn, Place.__table__, records, progress, geometry="point")
    members = [r for r in records if r["programmes"]]
    ids = [r["id"] for r in members]
    for start in range(0, len(ids), BATCH):
        conn.execute(delete(place_programmes).where(
            place_programmes.c.place_id.in_(ids[start:start + BATCH])))
    links = [{"place_id": r["id"], "programme_code": code}
             for r in members for code in dict.fromkeys(r["programmes"])]
    for start in range(0, len(links), BATCH):
        conn.execute(place_programmes.insert(), links[start:start + BATCH])
    return existed


def write_partnerships(conn: Connection, records: list[dict], progress) -> int:
    """Upsert partnerships, drawn as a line between the points of their two places."""
    lines = shapely.linestrings(np.array([r["points"] for r in records], dtype=float))
    for record, line in zip(records, lines, strict=True):
        record["line"] = line
    return upsert(conn, Partnership.__table__, records, progress, geometry="line")


def write_programmes(conn: Connection, records: list[dict], progress) -> int:
    """Upsert programmes."""
    return upsert(conn, Programme.__table__, records, progress)


def assign_regions(records: Iterable[dict], regions: gpd.GeoDataFrame) -> dict[str, str]:
    """Return the deepest region containing each place's point, by place id.

    Straight on shapely's STRtree, not geopandas' sjoin: the same pairs (a polygon contains
    a point exactly when the point is within it), without building two frames and sorting
    one; 25,000 points in the fixture world's regions: 40 ms -> 15 ms.
    """
    records = list(records)
    if not records or regions.empty:
        return {}
    points = shapely.STRtree(np.array([r["point"] for r in records], dtype=object))
    holder, held = points.query(regions.geometry.to_numpy(), predicate="contains")
    depth = regions["level"].map(REGION_LEVELS.index).to_numpy()[holder]
    order = np.lexsort((depth, held))  # by point, deepest region last
    holder, held = holder[order], held[order]
    deepest = np.ones(held.size, dtype=bool)
    deepest[:-1] = held[1:] != held[:-1]
    codes = regions["code"].to_numpy()[holder[deepest]]
    return {records[i]["id"]: code for i, code in zip(held[deepest], codes, strict=True)}
