"""Items pages of 1,000 features in a bbox on PostGIS: geoapp's /api against pygeoapi.

Both serve the same PostGIS table of 100,000 schools, each under gunicorn with the same
number of sync workers, loaded by the same client in the same run. pygeoapi is installed
at run time into its own venv under bench-results/ (it is not a dependency of geoapp).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
from shapely.geometry import Point
from sqlalchemy import text

import geoapp  # noqa: F401  (geopandas/pyproj before SpatiaLite)
from geoapp.ingest.write import upsert
from geoapp.store import Store, schema
from geoapp.store.models import Place, fold
from tests.support.postgis import postgis_cluster

N = 100_000
UKRAINE = (22.2, 44.4, 40.2, 52.3)
# About 1,600 of the 100,000 schools fall in this box: every page is full.
BBOX = "30.0,50.0,31.5,51.5"
PAGE = 1000
WORKERS = 2
CLIENTS = 4
SECONDS = 15
RESULTS = Path(__file__).resolve().parents[1] / "bench-results"


def random_schools(seed: int = 7) -> list[dict]:
    """N schools scattered over Ukraine's extent."""
    rng = np.random.default_rng(seed)
    lons = rng.uniform(UKRAINE[0], UKRAINE[2], N).round(6)
    lats = rng.uniform(UKRAINE[1], UKRAINE[3], N).round(6)
    return [{"id": f"bench:{i:06d}", "kind": "school", "type": "lyceum", "name": f"School {i}",
             "name_folded": fold(f"School {i}"), "status": "operating", "website": None,
             "address": f"Street {i}", "location_precision": "exact", "region_code": None,
             "note": None, "geom": Point(lons[i], lats[i])}
            for i in range(N)]


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(python: str, app: str, port: int, env: dict[str, str]):
    """Run ``app`` under gunicorn with WORKERS sync workers until the block ends."""
    process = subprocess.Popen(
        [python, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", app], env={**os.environ, **env})
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_up(url: str, seconds: float = 60) -> None:
    """Wait until ``url`` answers 200."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _ = get(url)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def get(url: str) -> tuple[int, bytes]:
    """GET ``url`` on a new connection (gunicorn's sync workers close each one)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        conn.request("GET", f"{parts.path}?{parts.query}")
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load(url: str) -> dict:
    """Hit ``url`` from CLIENTS threads for SECONDS; return requests/s and median latency."""
    latencies: list[float] = []
    stop = time.monotonic() + SECONDS

    def client() -> None:
        while time.monotonic() < stop:
            start = time.perf_counter()
            status, _ = get(url)
            assert status == 200, status
            latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"requests_per_s": len(latencies) / elapsed,
            "median_ms": statistics.median(latencies) * 1000, "requests": len(latencies)}


def returned(url: str) -> int:
    """Return how many features a page holds."""
    status, body = get(url)
    assert status == 200, body[:300]
    return len(json.loads(body)["features"])


def pygeoapi_python() -> str:
    """Return the Python of a venv holding pygeoapi, made under bench-results/ on first use."""
    venv = RESULTS / "pygeoapi-venv"
    python = venv / "bin" / "python"
    if not (venv / ".installed").exists():
        RESULTS.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "pygeoapi",
                        "gunicorn", "psycopg2-binary", "geoalchemy2"], check=True)
        (venv / ".installed").touch()
    return str(python)


def pygeoapi_config(folder: Path, url: str, port: int) -> dict[str, str]:
    """Write pygeoapi's configuration for the schools table; return its environment."""
    db = urlsplit(url.replace("postgresql+psycopg", "postgresql"))
    config = {
        "server": {"bind": {"host": "127.0.0.1", "port": port},
                   "url": f"http://127.0.0.1:{port}", "mimetype": "application/json",
                   "encoding": "utf-8", "languages": ["en-US"],
                   "limits": {"default_items": 100, "max_items": 10000},
                   "map": {"url": "http://127.0.0.1/tiles/{z}/{x}/{y}.png",
                           "attribution": "none"}},
        "logging": {"level": "ERROR"},
        "metadata": {"identification": {"title": "bench", "description": "bench",
                                        "keywords": ["bench"], "keywords_type": "theme",
                                        "terms_of_service": "none",
                                        "url": "http://127.0.0.1"},
                     "license": {"name": "none", "url": "http://127.0.0.1"},
                     "provider": {"name": "bench", "url": "http://127.0.0.1"},
                     "contact": {"name": "bench"}},
        "resources": {"schools": {
            "type": "collection", "title": "Schools", "description": "Schools",
            "keywords": ["schools"],
            "extents": {"spatial": {"bbox": [-180, -90, 180, 90],
                                    "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}},
            "providers": [{"type": "feature", "name": "PostgreSQL",
                           "data": {"host": db.hostname, "port": db.port,
                                    "dbname": db.path.lstrip("/"), "user": db.username,
                                    "password": ""},
                           "id_field": "id", "table": "places", "geom_field": "geom"}]}},
    }
    config_path, openapi_path = folder / "pygeoapi.yml", folder / "pygeoapi-openapi.yml"
    config_path.write_text(json.dumps(config))  # JSON is YAML
    env = {"PYGEOAPI_CONFIG": str(config_path), "PYGEOAPI_OPENAPI": str(openapi_path)}
    subprocess.run([str(Path(pygeoapi_python()).parent / "pygeoapi"), "openapi", "generate",
                    str(config_path), "--output-file", str(openapi_path)],
                   check=True, env={**os.environ, **env}, capture_output=True)
    return env


def fresh_store(url: str) -> None:
    """Migrate the store and fill it with N schools, with planner statistics."""
    store = Store(url)
    schema.upgrade(store)
    with store.engine.begin() as conn:
        upsert(conn, Place.__table__, random_schools())
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    store.dispose()


def main() -> None:
    """Print requests/s and median latency of both servers, and their ratio."""
    python = pygeoapi_python()
    with postgis_cluster() as url:
        started = time.perf_counter()
        fresh_store(url)
        print(f"{N:,} schools loaded into PostGIS in {time.perf_counter() - started:.1f} s")
        ours_port, theirs_port = free_port(), free_port()
        theirs_env = pygeoapi_config(RESULTS, url, theirs_port)
        ours = (f"http://127.0.0.1:{ours_port}/api/collections/schools/items?"
                f"bbox={BBOX}&limit={PAGE}")
        theirs = (f"http://127.0.0.1:{theirs_port}/collections/schools/items?"
                  f"bbox={BBOX}&limit={PAGE}&f=json")
        found = {}
        with gunicorn(sys.executable, "geoapp:create_app()", ours_port,
                      {"GEOAPP_DATABASE_URL": url}), \
                gunicorn(python, "pygeoapi.flask_app:APP", theirs_port, theirs_env):
            for name, page in (("geoapp", ours), ("pygeoapi", theirs)):
                wait_until_up(page)
                assert returned(page) == PAGE, f"{name} did not return {PAGE} features"
                found[name] = load(page)
    print(f"items page of {PAGE} features in bbox {BBOX}, {WORKERS} gunicorn workers each, "
          f"{CLIENTS} clients for {SECONDS} s:")
    for name, figures in found.items():
        print(f"  {name:9} {figures['requests_per_s']:7.1f} requests/s   median "
              f"{figures['median_ms']:7.1f} ms   ({figures['requests']} requests)")
    ours, theirs = found["geoapp"], found["pygeoapi"]
    print(f"  ratio geoapp/pygeoapi: {ours['requests_per_s'] / theirs['requests_per_s']:.2f}x "
          f"the requests/s; median latency {ours['median_ms'] / theirs['median_ms']:.2f}x")


if __name__ == "__main__":
    main()
