"""Upserting checked records into the store, in batches, inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import geopandas as gpd
from shapely.geometry import LineString
from sqlalchemy import Connection, Table, delete

from geoapp.store import dialect
from geoapp.store.models import (
    REGION_LEVELS,
    Partnership,
    Place,
    Programme,
    Region,
    Revision,
    place_programmes,
)

BATCH = 2000
# Below this many rows INSERTs are as quick as a COPY and its scratch table.
COPY_FROM = 200


def upsert(conn: Connection, table: Table, rows: list[dict],
           progress: Callable[[int], None] = lambda n: None) -> None:
    """Insert ``rows``, replacing those whose key exists."""
    if not rows:
        return
    key = [c.name for c in table.primary_key.columns]
    if dialect.copies_rows(conn) and len(rows) >= COPY_FROM:
        dialect.copy_upsert(conn, table, rows, key)
        progress(len(rows))
        return
    stmt = dialect.insert(table, conn.dialect.name)
    stmt = stmt.on_conflict_do_update(
        index_elements=key,
        set_={name: stmt.excluded[name] for name in rows[0] if name not in key})
    for start in range(0, len(rows), BATCH):
        conn.execute(stmt, rows[start:start + BATCH])
        progress(len(rows[start:start + BATCH]))


def ewkt(geom) -> str:
    """Return a geometry as EWKT in EPSG:4326, which both stores parse."""
    return f"SRID=4326;{geom.wkt}"


def write_regions(conn: Connection, records: list[dict], progress) -> None:
    """Upsert regions, countries first, so that every parent exists when a child arrives."""
    rows = [{**{k: v for k, v in r.items() if k != "polygon"}, "geom": ewkt(r["polygon"])}
            for r in records]
    upsert(conn, Region.__table__, sorted(rows, key=lambda r: REGION_LEVELS.index(r["level"])),
           progress)


def write_places(conn: Connection, records: list[dict], progress) -> None:
    """Upsert places and replace the programme memberships of those that list them."""
    columns = ("programmes", "point")
    rows = [{**{k: v for k, v in r.items() if k not in columns}, "geom": ewkt(r["point"])}
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
    rows = [{**{k: v for k, v in r.items() if k != "points"}, "geom": ewkt(LineString(r["points"]))}
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


def bump_revision(conn: Connection, name: str) -> None:
    """Raise the revision of ``name`` records, so that caches of them are renewed."""
    table = Revision.__table__
    stmt = dialect.insert(table, conn.dialect.name).values(name=name, number=1)
    conn.execute(stmt.on_conflict_do_update(index_elements=["name"],
                                            set_={"number": table.c.number + 1}))

