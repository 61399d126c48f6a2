"""The store: loading 100,000 places, and a bbox query that returns 1,000 of them.

Baselines, measured in the same run: a bare bulk write of the same rows through the store's
bulk upsert, as one load into a store of its own (binary COPY on PostGIS, batched INSERTs on
SpatiaLite; what the loader's checks and region assignment cost), GDAL's ``ogr2ogr -f
PostgreSQL`` of the same CSV (the peer: a load with every check on should reach half its
rows/s), and the bbox query without the spatial index. SpatiaLite's load should reach
20,000 rows/s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from shapely.geometry import Point
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

import geoapp  # noqa: F401  (geopandas/pyproj before SpatiaLite)
from geoapp.ingest import LoadOptions, load_file
from geoapp.ingest.write import upsert
from geoapp.store import Store, dialect, queries, schema
from geoapp.store.models import Place, fold
from tests.support import world
from tests.support.postgis import RunDatabases, postgis_cluster

N = int(os.environ.get("BENCH_STORE_ROWS", "100000"))
SPATIALITE_TARGET = 20_000  # rows/s of a load with every check on
BBOX_SIDE = 0.1  # degrees; sized below so that the box holds about 1,000 places
UKRAINE = (22.2, 44.4, 40.2, 52.3)


def places_csv(folder: Path) -> Path:
    """Write N random places over Ukraine's extent."""
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({
        "id": [f"bench:{i}" for i in range(N)], "kind": "school",
        "name": [f"Школа {i}" for i in range(N)],
        "lon": rng.uniform(UKRAINE[0], UKRAINE[2], N).round(6),
        "lat": rng.uniform(UKRAINE[1], UKRAINE[3], N).round(6)})
    path = folder / "places.csv"
    frame.to_csv(path, index=False)
    return path


def fresh_store(url: str, folder: Path) -> Store:
    """A store with the schema and the fixture world's regions."""
    store = Store(url)
    schema.upgrade(store)
    files = world.write_world(folder / "world")
    load_file(store, "regions", files["regions"], LoadOptions(progress=False))
    return store


def bare_insert(store: Store, csv_path: Path, prefix: str = "raw") -> float:
    """Seconds for a bulk write of the same rows with no checks, as one load."""
    frame = pd.read_csv(csv_path)
    rows = [{"id": f"{prefix}:{r.id}", "kind": "school", "type": None, "name": r.name,
             "name_folded": fold(r.name), "status": "operating", "website": None,
             "address": None, "location_precision": "exact", "region_code": None, "note": None,
             "geom": Point(r.lon, r.lat)} for r in frame.itertuples()]
    start = time.perf_counter()
    with store.engine.begin() as conn, dialect.bulk_load(conn, Place.__table__):
        upsert(conn, Place.__table__, rows)
    return time.perf_counter() - start


def bare_seconds(url: str, folder: Path, csv_path: Path) -> float:
    """Seconds for the bare bulk write into a store of its own, as empty of places as the
    loader's was: into the loader's, it would meet a table as large as itself."""
    store = fresh_store(url, folder)
    try:
        return bare_insert(store, csv_path)
    finally:
        store.dispose()


def ogr2ogr_seconds(url: str, csv_path: Path) -> float:
    """Seconds for GDAL to load the CSV into a new PostGIS table."""
    db = make_url(url)
    start = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL",
                    f"PG:host={db.host} port={db.port} dbname={db.database} user={db.username}",
                    str(csv_path), "-nln", "gdal_places", "-oo", "X_POSSIBLE_NAMES=lon",
                    "-oo", "Y_POSSIBLE_NAMES=lat", "-a_srs", "EPSG:4326",
                    "-lco", "GEOMETRY_NAME=geom"], check=True, capture_output=True)
    return time.perf_counter() - start


# What the places table keeps beyond GDAL's own key and GiST index, on the CSV's columns
# (no B-tree on the name since migration 0010: name search goes through the trigrams; no
# GiST on the geography since 0011: no query used it).
STORE_INDEXES = ("CREATE UNIQUE INDEX ON gdal_places (id)",
                 "CREATE INDEX ON gdal_places (kind)",
                 "CREATE INDEX ON gdal_places USING gin (name gin_trgm_ops)")


def store_indexes_seconds(store: Store) -> float:
    """Seconds to give GDAL's table the indexes the store's places table keeps."""
    start = time.perf_counter()
    with store.engine.begin() as conn:
        for statement in STORE_INDEXES:
            conn.exec_driver_sql(statement)
    return time.perf_counter() - start


def bbox_for_thousand() -> tuple[float, float, float, float]:
    """A box expected to hold about 1,000 of the N places now in the store."""
    area = (UKRAINE[2] - UKRAINE[0]) * (UKRAINE[3] - UKRAINE[1])
    side = (area * 1000 / N) ** 0.5
    x, y = 30.0, 48.0
    return (x, y, x + side, y + side)


def timed(store: Store, query, repeat: int = 30) -> tuple[float, int]:
    """Median milliseconds of a query and its row count."""
    times, count = [], 0
    with store.engine.connect() as conn:
        for _ in range(repeat):
            start = time.perf_counter()
            count = len(conn.execute(query).all())
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), count


def run(kind: str, url: str, folder: Path, bare_url: str) -> None:
    """Measure one store (and a second one, at ``bare_url``, for the bare write)."""
    store = fresh_store(url, folder)
    path = places_csv(folder)
    start = time.perf_counter()
    load_file(store, "places", path, LoadOptions(progress=False))
    loaded = time.perf_counter() - start
    raw = bare_seconds(bare_url, folder / "bare", path)
    target = "" if kind == "postgis" else f" (target {SPATIALITE_TARGET:,})"
    print(f"{kind:10} load {N:,} places, every check on: {N / loaded:,.0f} rows/s{target} "
          f"(bare bulk write {N / raw:,.0f} rows/s, loader/bare = {raw / loaded:.2f})")
    if kind == "postgis":
        gdal = ogr2ogr_seconds(url, path)
        print(f"{kind:10} ogr2ogr -f PostgreSQL of the same CSV: {N / gdal:,.0f} rows/s; "
              f"loader/GDAL = {gdal / loaded:.2f} (target 0.5), bare write/GDAL = "
              f"{gdal / raw:.2f}")
        gdal_indexed = gdal + store_indexes_seconds(store)
        print(f"{kind:10} ogr2ogr, then the indexes the store keeps (id, kind, "
              f"trigram GIN): {N / gdal_indexed:,.0f} rows/s; loader/that = "
              f"{gdal_indexed / loaded:.2f}")
    bbox = bbox_for_thousand()
    columns = queries.place_columns()
    indexed = select(*columns).where(dialect.in_bbox(Place.__table__, bbox))
    geom = Place.__table__.c.geom
    scan = select(*columns).where(func.ST_X(geom).between(bbox[0], bbox[2]),
                                  func.ST_Y(geom).between(bbox[1], bbox[3]))
    fast, found = timed(store, indexed)
    slow, found_scan = timed(store, scan, repeat=5)
    assert found == found_scan, (found, found_scan)
    print(f"{kind:10} bbox query, {found:,} places: median {fast:.1f} ms with the index, "
          f"{slow:.1f} ms scanning ({slow / fast:.0f}x)")
    store.dispose()


def main() -> None:
    """Run the benchmark on SpatiaLite and PostGIS."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "sl").mkdir()
        run("spatialite", f"sqlite:///{folder / 'sl' / 'bench.sqlite'}", folder / "sl",
            f"sqlite:///{folder / 'sl' / 'bare.sqlite'}")
        with postgis_cluster() as url:
            (folder / "pg").mkdir()
            databases = RunDatabases(url)
            run("postgis", url, folder / "pg", databases.create("bare"))
            databases.drop_all()


if __name__ == "__main__":
    main()
