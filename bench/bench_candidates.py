"""Twinning candidates among 100,000 places: milliseconds per query on each store.

Baselines, measured in the same run on the same places: a brute-force geodesic scan (read
every open place of the kind, measure each with Geod, sort) and the store ranking every
row by ellipsoidal distance in SQL. Every indexed answer is checked against brute force.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from shapely.geometry import Point
from sqlalchemy import select, text

import geoapp  # noqa: F401  (geopandas/pyproj before SpatiaLite)
from geoapp import geodesy
from geoapp.candidates import (
    OPEN_STATUSES,
    candidate_query,
    candidates_near,
    chosen_place,
    framed,
)
from geoapp.ingest.write import upsert
from geoapp.store import Store, dialect, queries, schema
from geoapp.store.models import Place, fold
from geoapp.store.queries import PlaceFilter
from tests.support.postgis import postgis_cluster

N = 100_000
QUERIES = 200
BRUTE_QUERIES = 10
UKRAINE = (22.2, 44.4, 40.2, 52.3)
KINDS = ("school", "kindergarten", "community", "stem_centre")
KIND_SHARES = (0.6, 0.25, 0.1, 0.05)
SEARCHES = {"default (same kind, 50 km, 10)": {},
            "300 km, 50, schools and kindergartens": {"radius_km": 300, "limit": 50,
                                                      "kind": ("school", "kindergarten")}}


def random_places(seed: int = 11) -> list[dict]:
    """N places scattered over Ukraine's extent, of mixed kinds, a few closed."""
    rng = np.random.default_rng(seed)
    lons = rng.uniform(UKRAINE[0], UKRAINE[2], N).round(6)
    lats = rng.uniform(UKRAINE[1], UKRAINE[3], N).round(6)
    kinds = rng.choice(KINDS, N, p=KIND_SHARES)
    closed = rng.random(N) < 0.03
    return [{"id": f"bench:{i}", "kind": str(kinds[i]), "type": None, "name": f"Place {i}",
             "name_folded": fold(f"Place {i}"), "status": "closed" if closed[i] else "operating",
             "website": None, "address": None, "location_precision": "exact",
             "region_code": None, "note": None, "geom": Point(lons[i], lats[i])}
            for i in range(N)]


def fresh_store(url: str, rows: list[dict]) -> Store:
    """A migrated store holding ``rows``, with planner statistics."""
    store = Store(url)
    schema.upgrade(store)
    with store.engine.begin() as conn:
        upsert(conn, Place.__table__, rows)
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return store


def brute_force(conn, place_id: str, radius_km: float = 50, limit: int = 10,
                kind=None) -> list[str]:
    """Read every open place of the kinds, measure each with Geod, keep the nearest."""
    here = chosen_place(conn, place_id)
    kinds = (kind,) if isinstance(kind, str) else tuple(kind or (here.kind,))
    rows = queries.find_places(conn, PlaceFilter(kinds=kinds, statuses=OPEN_STATUSES),
                               limit=N)
    rows = [r for r in rows if r["id"] != place_id]
    metres, _ = geodesy.distances_and_bearings(here.lon, here.lat, [r["lon"] for r in rows],
                                               [r["lat"] for r in rows])
    ranked = sorted((m, r["id"]) for m, r in zip(metres, rows, strict=True)
                    if m <= radius_km * 1000)
    return [i for _, i in ranked[:limit]]


def sql_scan(conn, place_id: str, radius_km: float = 50, limit: int = 10, kind=None) -> list:
    """Let the store rank every open place of the kinds by ellipsoidal distance, no index."""
    here = chosen_place(conn, place_id)
    kinds = (kind,) if isinstance(kind, str) else tuple(kind or (here.kind,))
    metres = dialect.geodesic_metres(Place.geom, dialect.point(here.lon, here.lat))
    query = queries.filter_places(select(Place.id, metres.label("m")),
                                  PlaceFilter(kinds=kinds, statuses=OPEN_STATUSES))
    query = query.where(Place.id != place_id, metres <= radius_km * 1000)
    return list(conn.execute(query.order_by(metres, Place.id).limit(limit)).scalars())


def timed(conn, search: Callable, place_ids: list[str], **kw) -> tuple[list[float], list]:
    """Milliseconds of each search, and its answers."""
    times, answers = [], []
    for place_id in place_ids:
        start = time.perf_counter()
        answers.append(search(conn, place_id, **kw))
        times.append((time.perf_counter() - start) * 1000)
    return times, answers


def summary(times: list[float]) -> str:
    """Median and 95th percentile of milliseconds."""
    return f"median {statistics.median(times):7.2f} ms, p95 {np.percentile(times, 95):7.2f} ms"


def indexed(conn, place_id: str, **kw) -> list[str]:
    """The candidates' ids, found through the spatial index."""
    return [c.id for c in candidates_near(conn, place_id, **kw).candidates]


def run(kind: str, url: str, rows: list[dict], place_ids: list[str]) -> None:
    """Measure one store and print its figures."""
    start = time.perf_counter()
    store = fresh_store(url, rows)
    print(f"{kind:10} {N:,} places stored in {time.perf_counter() - start:.1f} s")
    with store.engine.connect() as conn:
        for label, kw in SEARCHES.items():
            fast, answers = timed(conn, indexed, place_ids, **kw)
            brute, expected = timed(conn, brute_force, place_ids[:BRUTE_QUERIES], **kw)
            scan, scanned = timed(conn, sql_scan, place_ids[:3], **kw)
            assert answers[:BRUTE_QUERIES] == expected, "index and brute force disagree"
            assert [a[:5] for a in answers[:len(scanned)]] == [s[:5] for s in scanned]
            found = statistics.mean(len(a) for a in answers)
            print(f"{kind:10} {label}: {found:.1f} candidates per query")
            print(f"{'':10}   indexed search      {summary(fast)}  ({len(fast)} queries)")
            print(f"{'':10}   brute-force Geod    {summary(brute)}  "
                  f"({statistics.median(brute) / statistics.median(fast):.0f}x the median)")
            print(f"{'':10}   SQL distance scan   {summary(scan)}  "
                  f"({statistics.median(scan) / statistics.median(fast):.0f}x the median)")
        if kind == "postgis":
            print(f"{'':10}   plan uses: {', '.join(plan_indexes(conn, place_ids[0]))}")
    store.dispose()


def plan_indexes(conn, place_id: str) -> list[str]:
    """The indexes PostgreSQL's plan of a candidates query walks."""
    here = chosen_place(conn, place_id)
    query = framed(candidate_query(conn, here, (here.kind,), "any", None,
                                   PlaceFilter(kinds=(here.kind,), statuses=OPEN_STATUSES)),
                   here, 50_000, 30)
    compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
    plan = " ".join(row[0] for row in conn.execute(text(f"EXPLAIN {compiled}")))
    return sorted(set(re.findall(r"using (\w+)", plan))) or ["no index"]


def main() -> None:
    """Run the benchmark on SpatiaLite and PostGIS with the same places and queries."""
    rows = random_places()
    rng = np.random.default_rng(5)
    open_ids = [r["id"] for r in rows if r["status"] != "closed"]
    place_ids = [open_ids[i] for i in rng.choice(len(open_ids), QUERIES, replace=False)]
    with tempfile.TemporaryDirectory() as tmp:
        run("spatialite", f"sqlite:///{Path(tmp) / 'bench.sqlite'}", rows, place_ids)
    with postgis_cluster() as url:
        run("postgis", url, rows, place_ids)


if __name__ == "__main__":
    main()
