"""How the app grows with its data: 22,000 real places, then 100,000, then 1,000,000 on PostGIS.

The store starts as the sample (its ~22,500 real places, regions, partnerships and the
official list of occupied territory) and grows by copies of the real places moved a few
kilometres at random, so the new places are spread as the real ones are: dense in cities,
sparse in the steppe, none in the sea. At each size the app runs as ``geoapp serve`` runs it
(granian, 2 workers) and 8 clients at once ask for what users ask for:

- the map's tiles: ``/data/schools/<z>/<x>/<y>.geojson``, the tile holding a real place that
  the map asks for at zoom 9 (a tile of zoom 8: crowded ones say so and send no points) and
  at zoom 12 (zoom 11: the points);
- the map's counts per region, which it asks for instead when its tiles are crowded:
  ``/data/schools.geojson?zoom=9``, the same URL for every reader of the whole map;
- items: ``/api/collections/schools/items`` in such a box, 100 a page;
- candidates: ``/api/candidates`` for a real school (the default search).

Printed: p50 and p95 in milliseconds per request kind and size, and each figure's growth
against the 22,000-place store measured in the same run; plotted in
``bench-results/scale.png``. ``BENCH_SCALE_SIZES`` (e.g. ``22000,100000``) and
``BENCH_SCALE_SECONDS`` shorten a run.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
from sqlalchemy import text

import geoapp  # noqa: F401  (geopandas/pyproj before SpatiaLite)
from bench.bench_api import free_port, get, server, wait_until_up
from geoapp.cli.serve import server_args
from geoapp.config import REPO
from geoapp.ingest.sample import load_sample
from geoapp.store import Store, queries, schema
from tests.support.postgis import postgis_cluster

SIZES = tuple(int(n) for n in os.environ.get(
    "BENCH_SCALE_SIZES", "22000,100000,1000000").split(","))
SECONDS = float(os.environ.get("BENCH_SCALE_SECONDS", "20"))
CLIENTS, WORKERS = 8, 2
JITTER_DEGREES = 0.03  # about 3 km: a copy stays in its town's surroundings
RESULTS = REPO / "bench-results"

# A copy of every real place, moved by up to JITTER_DEGREES; ``:copy`` numbers the round.
GROW = """
INSERT INTO places (id, kind, type, name, name_folded, status, website, address,
                    location_precision, region_code, note, geom, version, review_state)
SELECT 'copy' || :copy || ':' || p.id, p.kind, p.type, p.name, p.name_folded, p.status,
       NULL, NULL, 'exact', p.region_code, NULL,
       ST_SetSRID(ST_MakePoint(ST_X(p.geom) + (random() - 0.5) * 2 * :jitter,
                               ST_Y(p.geom) + (random() - 0.5) * 2 * :jitter), 4326),
       1, 'published'
FROM places p
WHERE p.id NOT LIKE 'copy%' AND p.geom IS NOT NULL
ORDER BY p.id
LIMIT :wanted
"""


def grow_to(store: Store, size: int, copies: list[int]) -> int:
    """Add copies of the real places until the store holds ``size`` places; return the count."""
    with store.engine.begin() as conn:
        count = conn.execute(text("SELECT count(*) FROM places")).scalar()
        while count < size:
            copies[0] += 1
            conn.execute(text(GROW), {"copy": copies[0], "jitter": JITTER_DEGREES,
                                      "wanted": size - count})
            count = conn.execute(text("SELECT count(*) FROM places")).scalar()
        queries.bump_revision(conn, "places")
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE places"))
    return count


def real_schools(store: Store, n: int = 200) -> list[tuple[str, float, float]]:
    """Ids and positions of real, open schools to centre the views and searches on."""
    with store.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT id, ST_X(geom), ST_Y(geom) FROM places WHERE kind = 'school' "
            "AND status = 'operating' AND geom IS NOT NULL AND id NOT LIKE 'copy%' "
            "ORDER BY id")).all()
    picked = np.random.default_rng(5).choice(len(rows), size=min(n, len(rows)), replace=False)
    return [tuple(rows[i]) for i in sorted(picked)]


def box(lon: float, lat: float, zoom: int) -> str:
    """The bbox of a 1280x800 view at ``zoom`` centred on a point."""
    half_lon = 1280 / 2 * 360 / (256 * 2 ** zoom)
    half_lat = half_lon * 800 / 1280 / max(0.2, np.cos(np.radians(lat)))
    return f"{lon - half_lon:.5f},{lat - half_lat:.5f},{lon + half_lon:.5f},{lat + half_lat:.5f}"


def tile_path(lon: float, lat: float, z: int) -> str:
    """``z/x/y`` of the WebMercatorQuad tile holding a point."""
    n = 2 ** z
    y = (1 - np.arcsinh(np.tan(np.radians(lat))) / np.pi) / 2 * n
    return f"{z}/{int((lon + 180) / 360 * n)}/{int(y)}"


def urls(base: str, schools: list[tuple[str, float, float]]) -> dict[str, list[str]]:
    """The requests of each kind, one per real school."""
    return {
        "map tile, zoom 9": [f"{base}/data/schools/{tile_path(x, y, 8)}.geojson"
                             for _, x, y in schools],
        "map tile, zoom 12": [f"{base}/data/schools/{tile_path(x, y, 11)}.geojson"
                              for _, x, y in schools],
        "counts per region, zoom 9": [f"{base}/data/schools.geojson?zoom=9"],
        "items, 100 in a view": [
            f"{base}/api/collections/schools/items?limit=100&bbox={box(x, y, 11)}"
            for _, x, y in schools],
        "candidates": [f"{base}/api/candidates?place={urllib.parse.quote(i)}"
                       for i, _, _ in schools],
    }


def under_load(asked: list[str]) -> list[float]:
    """Milliseconds of each request that CLIENTS clients, taking turns through ``asked``,
    made in SECONDS seconds."""
    times: list[float] = []
    lock, stop = threading.Lock(), time.perf_counter() + SECONDS

    def client(start: int) -> None:
        n = start
        while time.perf_counter() < stop:
            began = time.perf_counter()
            status, body = get(asked[n % len(asked)])
            if status != 200:
                raise RuntimeError(f"{asked[n % len(asked)]}: {status} {body[:200]!r}")
            with lock:
                times.append((time.perf_counter() - began) * 1000)
            n += CLIENTS
    with ThreadPoolExecutor(CLIENTS) as pool:
        for done in [pool.submit(client, k) for k in range(CLIENTS)]:
            done.result()
    return times


def percentile(times: list[float], q: int) -> float:
    """The q-th percentile of ``times``."""
    return statistics.quantiles(times, n=100)[q - 1]


def measure(url: str, schools) -> dict[str, tuple[float, float]]:
    """p50 and p95 of each kind of request, the app serving the store at ``url``."""
    bind = f"127.0.0.1:{free_port()}"
    env = {"GEOAPP_DATABASE_URL": url, "GEOAPP_SECRET_KEY": "bench"}
    with server([sys.executable, *server_args(bind, WORKERS, False)], env):
        base = f"http://{bind}"
        wait_until_up(f"{base}/api/collections/schools/items?limit=1")
        found = {}
        for kind, asked in urls(base, schools).items():
            for warm in asked[:10]:
                get(warm)
            times = under_load(asked)
            found[kind] = (percentile(times, 50), percentile(times, 95))
        return found


def headline(figures: dict[str, tuple[float, float]], kind: str) -> float:
    """The figure a kind of request is judged by: p95, but p50 for the candidates."""
    p50, p95 = figures[kind]
    return p50 if kind == "candidates" else p95


def plot(figures: dict[int, dict[str, tuple[float, float]]]) -> Path:
    """Plot p95 against the number of places, one line per kind of request."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(figures)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for kind in figures[sizes[0]]:
        ax.plot(sizes, [figures[s][kind][1] for s in sizes], marker="o", label=f"{kind} (p95)")
    ax.plot(sizes, [figures[s]["candidates"][0] for s in sizes], marker="s", linestyle="--",
            label="candidates (p50)")
    ax.set_xscale("log")
    ax.set_xlabel("places in the store")
    ax.set_ylabel(f"milliseconds ({CLIENTS} clients, {WORKERS} workers)")
    ax.set_title("Response time as the store grows (PostGIS)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "scale.png"
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return path


def main() -> None:
    """Grow the store size by size; print p50/p95 per request kind and the growth."""
    figures: dict[int, dict[str, tuple[float, float]]] = {}
    with postgis_cluster() as url:
        store = Store(url)
        schema.upgrade(store)
        load_sample(store, REPO / "data")
        schools, copies = real_schools(store), [0]
        for size in SIZES:
            started = time.perf_counter()
            count = grow_to(store, size, copies)
            print(f"{count:,} places ({time.perf_counter() - started:.0f} s to grow)",
                  flush=True)
            figures[count] = measure(url, schools)
            for kind, (p50, p95) in figures[count].items():
                print(f"  {kind:<22} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms", flush=True)
        store.dispose()
    first = min(figures)
    print(f"growth against {first:,} places (p95; candidates p50):")
    for count in sorted(figures):
        print(f"  {count:>9,}: " + ", ".join(
            f"{kind} x{headline(figures[count], kind) / headline(figures[first], kind):.2f}"
            for kind in figures[count]))
    print(f"plot: {plot(figures)}")


if __name__ == "__main__":
    main()
