"""Twinning candidates among 100,000 places: milliseconds per query on each store.

The places are scattered over Ukraine's extent and placed in the sample's real regions
(data/regions.gpkg), with the sample's official list of hostilities and occupation
(data/region_statuses.csv.gz), so that the default search leaves out occupied territory
and other countries as it does for a planner. Measured in the same run on the same places:
the "nearest" query with the occupation filter against the same query without it (the
ratio must stay under 1.5), and a brute force (every open place of the kinds read, its
region's status worked out in Python, measured with Geod, sorted) that every answer must
equal.
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from shapely.geometry import Point
from sqlalchemy import text

import geoapp  # noqa: F401  (geopandas/pyproj before SpatiaLite)
from geoapp import geodesy, ranking
from geoapp.candidates import (
    OPEN_STATUSES,
    Search,
    candidate_query,
    candidates_near,
    chosen_place,
    region_rule,
)
from geoapp.config import REPO
from geoapp.ingest import LoadOptions, load_file
from geoapp.ingest.write import deepest_regions, upsert
from geoapp.store import Store, queries, schema
from geoapp.store.models import Place, fold
from geoapp.store.queries import PlaceFilter
from geoapp.store.statuses import read_statuses, read_tree, region_facts
from tests.support.postgis import postgis_cluster

N = 100_000
QUERIES = 200
BRUTE_QUERIES = 10
RATIO_MAX = 1.5
UKRAINE = (22.2, 44.4, 40.2, 52.3)
KINDS = ("school", "kindergarten", "community", "stem_centre")
KIND_SHARES = (0.6, 0.25, 0.1, 0.05)
DATA = REPO / "data"
SEARCHES = {"default (same kind, 50 km, page of 10)": {"limit": 10},
            "300 km, page of 50, schools and kindergartens": {
                "radius_km": 300, "limit": 50, "kind": ("school", "kindergarten")}}
QUIET = LoadOptions(progress=False)


def random_places(regions, seed: int = 11) -> list[dict]:
    """N places scattered over Ukraine's extent, of mixed kinds, a few closed, in regions."""
    rng = np.random.default_rng(seed)
    lons = rng.uniform(UKRAINE[0], UKRAINE[2], N).round(6)
    lats = rng.uniform(UKRAINE[1], UKRAINE[3], N).round(6)
    kinds = rng.choice(KINDS, N, p=KIND_SHARES)
    closed = rng.random(N) < 0.03
    names = rng.integers(0, 500, N)  # many places share a name: ties go by id
    rows = [{"id": f"bench:{i}", "kind": str(kinds[i]), "type": None, "name": f"Place {names[i]}",
             "name_folded": fold(f"Place {names[i]}"),
             "status": "closed" if closed[i] else "operating", "website": None, "address": None,
             "location_precision": "exact", "note": None,
             "point": Point(lons[i], lats[i])}
            for i in range(N)]
    codes = deepest_regions([r["point"] for r in rows], regions)
    return [{**{k: v for k, v in r.items() if k != "point"}, "region_code": code,
             "geom": r["point"]} for r, code in zip(rows, codes, strict=True)]


def fresh_store(url: str) -> tuple[Store, list[dict]]:
    """A migrated store with the sample's regions and list, and N places in them."""
    store = Store(url)
    schema.upgrade(store)
    load_file(store, "regions", DATA / "regions.gpkg", QUIET)
    load_file(store, "region-statuses", DATA / "region_statuses.csv.gz", QUIET)
    with store.engine.connect() as conn:
        rows = random_places(queries.regions_frame(conn))
    with store.engine.begin() as conn:
        upsert(conn, Place.__table__, rows)
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    return store, rows


def brute_force(conn, place_id: str, radius_km: float = 50, limit: int = 10, kind=None,
                occupied: str = "exclude") -> list[str]:
    """Read every open place of the kinds; keep those the rules allow; measure; sort."""
    tree, statuses = read_tree(conn), read_statuses(conn)
    here = chosen_place(conn, place_id, tree, statuses)
    kinds = (kind,) if isinstance(kind, str) else tuple(kind or (here.kind,))
    country = tree.at_level(here.region_code, "country")
    rows = queries.find_places(conn, PlaceFilter(kinds=kinds, statuses=OPEN_STATUSES), limit=N)
    kept = []
    for r in rows:
        situation = statuses.situation(tree, r["region_code"])
        if r["id"] == place_id or tree.at_level(r["region_code"], "country") != country:
            continue
        if occupied == "exclude" and situation and situation.status == "temporarily_occupied":
            continue
        kept.append(r)
    metres, _ = geodesy.distances_and_bearings(here.lon, here.lat, [r["lon"] for r in kept],
                                               [r["lat"] for r in kept])
    ranked = sorted((ranking.nearest_key(m, r["name"], r["id"]), r["id"])
                    for m, r in zip(metres, kept, strict=True) if m <= radius_km * 1000)
    return [i for _, i in ranked[:limit]]


def nearest(conn, place_id: str, **search) -> list[str]:
    """The candidates' ids, found through the spatial index."""
    return [c.id for c in candidates_near(conn, place_id, **search).candidates]


def timed(conn, search, place_ids: list[str], **kw) -> tuple[list[float], list]:
    """Milliseconds of each search, and its answers."""
    times, answers = [], []
    for place_id in place_ids:
        start = time.perf_counter()
        answers.append(search(conn, place_id, **kw))
        times.append((time.perf_counter() - start) * 1000)
    return times, answers


def interleaved(conn, place_ids: list[str], variants: tuple[str, ...], **kw) -> dict:
    """Times and answers of each variant of the occupation filter, taking turns per place
    (first one, then the other), so that neither profits from a cache the other warmed."""
    found = {v: ([], []) for v in variants}
    for n, place_id in enumerate(place_ids):
        for occupied in variants[n % 2:] + variants[:n % 2]:
            times, answers = timed(conn, nearest, [place_id], occupied=occupied, **kw)
            found[occupied][0].extend(times)
            found[occupied][1].extend(answers)
    return found


def summary(times: list[float]) -> str:
    """Median and 95th percentile of milliseconds."""
    return f"median {statistics.median(times):7.2f} ms, p95 {np.percentile(times, 95):7.2f} ms"


def run(kind: str, url: str, rng_seed: int = 5) -> None:
    """Measure one store and print its figures."""
    start = time.perf_counter()
    store, rows = fresh_store(url)
    print(f"{kind:10} {N:,} places stored in regions in {time.perf_counter() - start:.1f} s")
    rng = np.random.default_rng(rng_seed)
    ukrainian = [r["id"] for r in rows if r["status"] != "closed"
                 and (r["region_code"] or "").startswith("UA")]
    place_ids = [ukrainian[i] for i in rng.choice(len(ukrainian), QUERIES, replace=False)]
    with store.engine.connect() as conn:
        for label, kw in SEARCHES.items():
            measure(conn, kind, label, kw, place_ids)
        if kind == "postgis":
            print(f"{'':10}   plan uses: {', '.join(plan_indexes(conn, place_ids[0]))}")
    store.dispose()


def measure(conn, kind: str, label: str, kw: dict, place_ids: list[str]) -> None:
    """One search, with and without the occupation filter, against the brute force."""
    medians = {}
    timed(conn, nearest, place_ids[:20], **kw)  # warm the caches
    measured = interleaved(conn, place_ids, ("exclude", "include"), **kw)
    for occupied, (fast, answers) in measured.items():
        brute, expected = timed(conn, brute_force, place_ids[:BRUTE_QUERIES],
                                occupied=occupied, **kw)
        assert answers[:BRUTE_QUERIES] == expected, "index and brute force disagree"
        medians[occupied] = statistics.median(fast)
        found = statistics.mean(len(a) for a in answers)
        print(f"{kind:10} {label}, occupied territory {occupied}d: {found:.1f} per query")
        print(f"{'':10}   indexed search      {summary(fast)}  ({len(fast)} queries)")
        print(f"{'':10}   brute-force Geod    {summary(brute)}  "
              f"({statistics.median(brute) / statistics.median(fast):.0f}x the median)")
    ratio = medians["exclude"] / medians["include"]
    print(f"{'':10}   with the occupation filter / without: {ratio:.2f} (must be < {RATIO_MAX})")
    assert ratio < RATIO_MAX, f"the occupation filter costs {ratio:.2f}x"


def plan_indexes(conn, place_id: str) -> list[str]:
    """The indexes PostgreSQL's plan of a candidates query walks."""
    facts = region_facts(conn)
    here = chosen_place(conn, place_id, facts.tree, facts.statuses)
    search = Search(kinds=(here.kind,))
    query = candidate_query(here, search, region_rule(here, search, None, facts))
    compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
    plan = " ".join(row[0] for row in conn.execute(text(f"EXPLAIN {compiled}")))
    return sorted(set(re.findall(r"(?:using|on) (idx_\w+)", plan))) or ["no index"]


def main() -> None:
    """Run the benchmark on SpatiaLite and PostGIS with the same places and queries."""
    with tempfile.TemporaryDirectory() as tmp:
        run("spatialite", f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
    with postgis_cluster() as url:
        run("postgis", url)


if __name__ == "__main__":
    main()
