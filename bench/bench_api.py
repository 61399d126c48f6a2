"""The OGC API on 100,000 PostGIS schools: geoapp against tipg 1.6 and pygeoapi, and against
geoapp as it was before this benchmark's work (the commit BASELINE names), in one run.

Every server has WORKERS workers on the same PostGIS; wrk loads each request at
concurrency 1 and 8 for BENCH_SECONDS; responses are checked equal first (same ids in the
same order, same numberMatched where geoapp gives one). tipg and pygeoapi install at run
time into their own venvs under bench-results/ (neither is a dependency of geoapp).
geoapp keeps large tiles under the data's revision, so that a repeated tile is not encoded
again; "geoapp afresh" keeps none, and its tiles measure the encoding against tipg's.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from itertools import product
from pathlib import Path
from urllib.parse import urlsplit

import mapbox_vector_tile
import numpy as np
from shapely.geometry import Point
from sqlalchemy import text

import geoapp  # noqa: F401  (geopandas/pyproj before SpatiaLite)
from bench import floor_app
from geoapp.cli.serve import THREADS, server_args
from geoapp.ingest.write import upsert
from geoapp.store import Store, schema
from geoapp.store.models import Place, fold
from tests.support.postgis import postgis_cluster

N = 100_000
UKRAINE = (22.2, 44.4, 40.2, 52.3)
# About 1,600 of the 100,000 schools fall in this box: every page is full.
BBOX = "30.0,50.0,31.5,51.5"
WORKERS = 2
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONCURRENCY = (1, 8)
# geoapp gthread: the same code on gunicorn's threaded workers (what `geoapp serve` ran
# before granian); geoapp afresh: geoapp keeping no tile (GEOAPP_TILE_MEMORY_MB=0), every
# tile encoded again as tipg does, asked for tiles only; geoapp sync (gunicorn's sync
# workers) and pygeoapi on request:
# BENCH_SERVERS="geoapp,geoapp afresh,geoapp gthread,geoapp before,tipg,geoapp sync,pygeoapi".
SERVERS = tuple(os.environ.get("BENCH_SERVERS",
                               "geoapp,geoapp afresh,geoapp gthread,geoapp before,tipg"
                               ).split(","))
ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench-results"
# The geoapp before the speed work: main when it began.
BASELINE = os.environ.get("BENCH_BASELINE", "5bbbf0b")
# Requests named with this are asked as browsers ask, taking gzip (every server compresses).
GZIP = ", gzip"
# name -> (geoapp query, peers' query); peers name the collection "public.places"/"schools".
REQUESTS = {
    "1,000 schools in a bbox": (f"items?bbox={BBOX}&limit=1000", f"items?bbox={BBOX}&limit=1000"),
    "limit=100": ("items?limit=100", "items?limit=100"),
    "single item": ("items/bench:012345", "items/bench:012345"),
    "status filter, limit=10": ("items?status=closed&limit=10", "items?status=closed&limit=10"),
    "offset 15,000 (next link)": ("items?limit=100&offset=15000&after=bench:014999",
                                  "items?limit=100&offset=15000"),
    "offset 15,000 (offset)": ("items?limit=100&offset=15000", "items?limit=100&offset=15000"),
}
REQUESTS[f"1,000 schools in a bbox{GZIP}"] = REQUESTS["1,000 schools in a bbox"]
# The collection's own document, with its extent: what QGIS and GDAL ask for first.
REQUESTS["the collection"] = ("", "")
# The request whose floor is measured (page_floor): geoapp's page of 1,000, one client,
# in FLOOR_PAIRS pairs a round of FLOOR_SECONDS each (page_against_floor).
PAGE = ("1,000 schools in a bbox", "geoapp", 1)
FLOOR_PAIRS = 4
FLOOR_SECONDS = 2
# Vector tiles over Kyiv: geoapp's URL is z/row/col (OGC), tipg's z/x/y.
TILES = {f"vector tile z{z}": (f"tiles/WebMercatorQuad/{z}/{y}/{x}",
                               f"tiles/WebMercatorQuad/{z}/{x}/{y}")
         for z, x, y in ((6, 37, 21), (7, 74, 43), (9, 299, 172), (11, 1197, 690))}
TILES[f"vector tile z6{GZIP}"] = TILES["vector tile z6"]


def random_schools(seed: int = 7) -> list[dict]:
    """N schools scattered over Ukraine's extent; every tenth is closed."""
    rng = np.random.default_rng(seed)
    lons = rng.uniform(UKRAINE[0], UKRAINE[2], N).round(6)
    lats = rng.uniform(UKRAINE[1], UKRAINE[3], N).round(6)
    return [{"id": f"bench:{i:06d}", "kind": "school", "type": "lyceum", "name": f"School {i}",
             "name_folded": fold(f"School {i}"), "status": "closed" if i % 10 == 3 else
             "operating", "website": None, "address": f"Street {i}",
             "location_precision": "exact", "region_code": None, "note": None,
             "geom": Point(lons[i], lats[i])} for i in range(N)]


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(args: list[str], env: dict[str, str], cwd: Path | None = None):
    """Run a server process until the block ends."""
    process = subprocess.Popen(args, env={**os.environ, **env}, cwd=cwd,
                               stdout=subprocess.DEVNULL)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(url: str) -> tuple[int, bytes]:
    """GET ``url``; return the status and body."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_until_up(url: str, seconds: float = 90) -> None:
    """Wait until ``url`` answers 200."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def wrk(url: str, connections: int, gzip: bool = False, seconds: int = SECONDS
        ) -> tuple[float, float]:
    """Requests/s of ``url`` under wrk with ``connections`` open connections for
    ``seconds``, taking gzip if asked, and the median request's milliseconds."""
    threads = min(connections, 2)
    headers = ["-H", "Accept-Encoding: gzip"] if gzip else []
    result = subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d",
                             f"{seconds}s", "--latency", *headers, url],
                            check=True, capture_output=True, text=True)
    if "Non-2xx" in result.stdout:
        raise RuntimeError(f"{url} answered errors under load:\n{result.stdout}")
    median = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)$", result.stdout, re.MULTILINE)
    return (float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1)),
            float(median.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[median.group(2)])


def venv_with(name: str, packages: list[str]) -> Path:
    """Return the bin/ of a venv under bench-results/ holding ``packages``."""
    venv = RESULTS / f"{name}-venv"
    if not (venv / ".installed").exists():
        RESULTS.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        *packages], check=True)
        (venv / ".installed").touch()
    return venv / "bin"


def baseline_source() -> Path:
    """The geoapp package and layers of BASELINE, unpacked under bench-results/."""
    folder = RESULTS / f"geoapp-{BASELINE}"
    if not (folder / "geoapp").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", BASELINE, "geoapp",
                                  "layers", "pyproject.toml"], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


# The venv's editable install of geoapp would win over PYTHONPATH: drop its finder first.
BASELINE_LAUNCHER = ("import sys; sys.meta_path[:] = [f for f in sys.meta_path "
                     "if '__editable__' not in getattr(f, '__module__', '') + repr(f)]; "
                     "sys.path.insert(0, {folder!r}); sys.argv = ['gunicorn', *sys.argv[1:]]; "
                     "from gunicorn.app.wsgiapp import run; run()")


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
    subprocess.run([str(venv_with("pygeoapi", PYGEOAPI) / "pygeoapi"), "openapi", "generate",
                    str(config_path), "--output-file", str(openapi_path)],
                   check=True, env={**os.environ, **env}, capture_output=True)
    return env


PYGEOAPI = ["pygeoapi", "gunicorn", "psycopg2-binary", "geoalchemy2"]
TIPG = ["tipg>=1.6,<1.7", "uvicorn[standard]"]


def fresh_store(url: str) -> None:
    """Migrate the store and fill it with N schools, with planner statistics."""
    store = Store(url)
    schema.upgrade(store)
    with store.engine.begin() as conn:
        upsert(conn, Place.__table__, random_schools())
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE"))
    store.dispose()


def servers(url: str) -> dict[str, tuple[list[str], dict[str, str], str]]:
    """name -> (command, environment, base URL of the schools collection)."""
    ports = {name: free_port() for name in ("geoapp", "geoapp-afresh", "geoapp-gthread",
                                            "geoapp-sync", "before", "tipg", "pygeoapi")}
    bind = {name: f"127.0.0.1:{port}" for name, port in ports.items()}
    ours = {"GEOAPP_DATABASE_URL": url}
    sync = ["-m", "gunicorn", "--workers", str(WORKERS), "--bind", bind["before"],
            "--log-level", "warning", "geoapp:served_app()"]
    pg = url.replace("postgresql+psycopg", "postgresql")
    tipg_bin = venv_with("tipg", TIPG)
    found = {
        "geoapp": ([sys.executable, *server_args(bind["geoapp"], WORKERS, False)], ours,
                   f"http://{bind['geoapp']}/api/collections/schools/"),
        "geoapp afresh": ([sys.executable, *server_args(bind["geoapp-afresh"], WORKERS, False)],
                          {**ours, "GEOAPP_TILE_MEMORY_MB": "0"},
                          f"http://{bind['geoapp-afresh']}/api/collections/schools/"),
        "geoapp gthread": ([sys.executable, *sync[:5], bind["geoapp-gthread"],
                            "--worker-class", "gthread", "--threads", str(THREADS),
                            "--keep-alive", "5", *sync[6:]], ours,
                           f"http://{bind['geoapp-gthread']}/api/collections/schools/"),
        "geoapp sync": ([sys.executable, *sync[:5], bind["geoapp-sync"], *sync[6:]], ours,
                        f"http://{bind['geoapp-sync']}/api/collections/schools/"),
        "geoapp before": ([sys.executable, "-c",
                           BASELINE_LAUNCHER.format(folder=str(baseline_source())), *sync[2:]],
                          ours, f"http://{bind['before']}/api/collections/schools/"),
        "tipg": ([str(tipg_bin / "uvicorn"), "tipg.main:app", "--workers", str(WORKERS),
                  "--host", "127.0.0.1", "--port", str(ports["tipg"]), "--log-level",
                  "warning", "--no-access-log"],
                 {"DATABASE_URL": pg, "TIPG_DB_SCHEMAS": '["public"]',
                  "TIPG_MAX_FEATURES_PER_QUERY": "10000"},
                 f"http://{bind['tipg']}/collections/public.places/"),
        "pygeoapi": ([str(venv_with("pygeoapi", PYGEOAPI) / "python"), *sync[:5],
                      bind["pygeoapi"], *sync[6:-1], "pygeoapi.flask_app:APP"],
                     pygeoapi_config(RESULTS, url, ports["pygeoapi"])
                     if "pygeoapi" in SERVERS else {},
                     f"http://{bind['pygeoapi']}/collections/schools/"),
    }
    return {name: found[name] for name in SERVERS}


def at(base: str, query: str) -> str:
    """The URL of ``query`` under a collection's ``base``; no query: the collection's own."""
    return base + query if query else base.rstrip("/")


def peer_url(name: str, base: str, query: str) -> str:
    """The peer's URL of a request: the peers sort by id only when asked."""
    extra = {"tipg": "sortby=id", "pygeoapi": "sortby=id&f=json"}.get(name, "")
    if not extra or not query:
        return at(base, query)
    return base + query + ("&" if "?" in query else "?") + extra


def summary(body: bytes) -> tuple:
    """What must be equal between servers: the ids in order and numberMatched (a
    collection's document: None, its extent is noted by check_equal)."""
    if not body.lstrip().startswith(b"{"):  # a vector tile: its ids, in any order
        layers = mapbox_vector_tile.decode(body)
        found = [f for layer in layers.values() for f in layer["features"]]
        return (sorted(str(f["properties"].get("id", f.get("id"))) for f in found), None)
    document = json.loads(body)
    if document.get("type") == "Feature":
        return ([str(document["id"])], None)
    if "features" not in document:
        return (None, None)
    return ([str(f["id"]) for f in document["features"]], document.get("numberMatched"))


def check_equal(urls: dict[str, str], tile: bool = False) -> list[str]:
    """Refuse to measure unless every server returns the same items; return notes.

    Tiles are compared by their features' counts in a note: tipg clips with its own buffer;
    a collection's document by its extent in a note.
    """
    found = {}
    for name, url in urls.items():
        status, body = get(url)
        assert status == 200, f"{name} {url}: {status} {body[:300]!r}"
        found[name] = summary(body)
    ids, matched = found["geoapp"]
    if ids is None:  # a collection's document: its extent, as each server measures it
        return [", ".join(f"{name} {json.loads(get(u)[1]).get('extent', {}).get('spatial')}"
                          for name, u in urls.items())]
    if tile:
        return [", ".join(f"{name} {len(found[name][0])} features ({len(body_of)} bytes)"
                          for name, body_of in ((n, get(u)[1]) for n, u in urls.items()))]
    notes = []
    for name, (their_ids, their_matched) in found.items():
        assert their_ids == ids, f"{name} returned other items than geoapp for {urls[name]}"
        if matched is not None and their_matched is not None:
            assert their_matched == matched, f"{name}: numberMatched {their_matched} != {matched}"
        elif their_matched is not None and name in ("tipg", "pygeoapi"):
            notes.append(f"{name} counts {their_matched}; geoapp leaves numberMatched out "
                         "past its 50,000 cap")
    return notes


def urls_of(table: dict, ours: str, theirs: str, tile: bool) -> dict[str, str]:
    """Each server's URL of one request (pygeoapi serves no tiles; geoapp afresh is asked
    for tiles only)."""
    # geoapp before knows no next-link key and no tiles: it gets the peers' query.
    found = {}
    for name, (_, _, base) in table.items():
        if name in ("geoapp", "geoapp gthread", "geoapp sync") or (
                tile and name == "geoapp afresh"):
            found[name] = at(base, ours)
        elif tile and name == "tipg":
            found[name] = base + theirs
        elif not tile and name != "geoapp afresh":
            found[name] = peer_url(name, base, theirs)
    return found


def main() -> None:
    """Print requests/s per server, request and concurrency (median of ROUNDS interleaved
    rounds), with geoapp's ratios."""
    with postgis_cluster() as url:
        started = time.perf_counter()
        fresh_store(url)
        print(f"{N:,} schools loaded into PostGIS in {time.perf_counter() - started:.1f} s")
        table = servers(url)
        asked = {**{k: (*v, False) for k, v in REQUESTS.items()},
                 **{k: (*v, True) for k, v in TILES.items()}}
        with ExitStack() as stack:
            floor_url = start(stack, table, url)
            for request, (ours, theirs, tile) in asked.items():
                for note in check_equal(urls_of(table, ours, theirs, tile), tile):
                    print(f"  note ({request}): {note}")
            rounds, floors = measure(table, asked, url, floor_url)
    report(rounds, list(table), list(asked), floors)


def start(stack: ExitStack, table: dict, url: str) -> str | None:
    """Start every server of ``table`` and, with geoapp among them, the page's floor served
    by geoapp's server (bench.floor_app); wait until each answers; return the floor's URL."""
    floor_url = None
    for command, env, _ in table.values():
        stack.enter_context(server(command, env))
    if "geoapp" in table:
        bind = f"127.0.0.1:{free_port()}"
        stack.enter_context(server(
            [sys.executable, *server_args(bind, WORKERS, False, "bench.floor_app:served")],
            {"GEOAPP_DATABASE_URL": url}))
        floor_url = f"http://{bind}/?bbox={BBOX}"
        wait_until_up(floor_url)
    for name, (_, _, base) in table.items():
        wait_until_up(peer_url(name, base, "items?limit=1"))
    return floor_url


def measure(table: dict, asked: dict, url: str, floor_url: str | None
            ) -> tuple[dict[tuple[str, str, int], list[float]], list[tuple[float, ...]]]:
    """Each round's requests/s per (request, server, concurrency), and the page's floors.

    The floors are :func:`page_against_floor`'s, measured where the page is in each round.
    """
    rounds: dict[tuple[str, str, int], list[float]] = {}
    floors = []
    for turn, (request, (ours, theirs, tile)), connections in product(
            range(ROUNDS), asked.items(), CONCURRENCY):
        for name, address in in_turn(urls_of(table, ours, theirs, tile), turn):
            key = (request, name, connections)
            rounds.setdefault(key, []).append(
                wrk(address, connections, request.endswith(GZIP))[0])
            if key == PAGE and floor_url is not None:
                floors += page_against_floor(address, url, floor_url)
    return rounds, floors


def page_against_floor(page_url: str, url: str, floor_url: str) -> list[tuple[float, ...]]:
    """FLOOR_PAIRS measures of the page against its floor, each the medians, in ms, of the
    page's requests at one client, of its floor in this process around them, of its floor
    served, and of its floor in this process around that.

    The floor in this process is taken before the page, between the page and the floor
    served, and after: the mean of the two around each, so that the machine's drift over
    those seconds (up to 2x over minutes here) falls on both sides. Medians all, since this
    machine stalls for 80-100 ms about once in a hundred requests, which a mean would count
    and a median leaves out.
    """
    found = []
    for _ in range(FLOOR_PAIRS):
        before = page_floor(url)
        page_ms = wrk(page_url, 1, seconds=FLOOR_SECONDS)[1]
        between = page_floor(url)
        served_ms = wrk(floor_url, 1, seconds=FLOOR_SECONDS)[1]
        after = page_floor(url)
        found.append((page_ms, (before + between) / 2, served_ms, (between + after) / 2))
    return found


def in_turn(urls: dict[str, str], turn: int) -> list[tuple[str, str]]:
    """The servers' URLs, each round starting one server further, so that no server is
    always the one measured first after another request's load."""
    found = list(urls.items())
    return found[turn % len(found):] + found[:turn % len(found)]


def page_floor(url: str, repeats: int = 50) -> float:
    """Milliseconds of the 1,000-feature page's floor (bench.floor_app) in this process,
    median of ``repeats``."""
    box = [float(v) for v in BBOX.split(",")]
    times = []
    with floor_app.connect(url) as conn:
        for _ in range(repeats):
            started = time.perf_counter()
            floor_app.floor_page(conn, box)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def ratios(rounds: dict[tuple[str, str, int], list[float]], request: str, ours: str,
           theirs: str, c: int) -> list[float] | None:
    """``ours`` over ``theirs`` in each round (None when either was not measured). Within a
    round the servers are measured one after the other on the same request, seconds apart,
    so a round's ratio leaves out the machine's drift over minutes, which moved a whole
    round by up to 2x on this machine."""
    mine, peer = rounds.get((request, ours, c)), rounds.get((request, theirs, c))
    if not mine or not peer:
        return None
    return [a / b for a, b in zip(mine, peer, strict=True)]


def told(found: list[float] | None) -> str:
    """A ratio as the median of the ratios measured (a round's, or a pair's for the floor),
    with their range."""
    if found is None:
        return ""
    return f"{statistics.median(found):.2f}x ({min(found):.2f}-{max(found):.2f})"


def report(rounds: dict[tuple[str, str, int], list[float]], names: list[str],
           requests: list[str], floors: list[tuple[float, ...]]) -> None:
    """Print the table of requests/s and geoapp's ratios to tipg and to itself before."""
    figures = {key: statistics.median(values) for key, values in rounds.items()}
    print(f"\nrequests/s, {WORKERS} workers each, median of {ROUNDS} interleaved rounds of "
          f"wrk for {SECONDS} s; ratios: the median of the rounds' ratios (their range); "
          "geoapp = granian (geoapp serve), geoapp gthread / sync = same code on gunicorn's "
          "threaded / sync workers, "
          f"geoapp before = {BASELINE} on sync workers")
    print(f"{'request':28} {'c':>2} " + " ".join(f"{n:>13}" for n in names)
          + f"  {'geoapp/tipg':>22}  geoapp/before")
    worst = float("inf")
    for request in requests:
        for c in CONCURRENCY:
            row = [figures.get((request, n, c)) for n in names]
            to_tipg = ratios(rounds, request, "geoapp", "tipg", c)
            if to_tipg is not None:
                worst = min(worst, statistics.median(to_tipg))
            print(f"{request:28} {c:>2} " + " ".join(
                f"{v:13.1f}" if v is not None else f"{'-':>13}" for v in row)
                + f"  {told(to_tipg):>22}  "
                + told(ratios(rounds, request, "geoapp", "geoapp before", c)))
    if worst != float("inf"):
        print(f"lowest geoapp/tipg ratio: {worst:.2f}x (target 1.5x)")
    for request in (r for r in requests if r.startswith("vector tile")):
        afresh = [ratios(rounds, request, "geoapp afresh", "tipg", c) for c in CONCURRENCY]
        if None not in afresh:
            print(f"{request}, encoded on every request (geoapp afresh / tipg): " + ", ".join(
                f"c={c} {told(found)}" for c, found in zip(CONCURRENCY, afresh, strict=True)))
    if not floors:  # geoapp not among BENCH_SERVERS
        return
    page_ms, floor_ms, served_ms, _ = (statistics.median(column)
                                       for column in zip(*floors, strict=True))
    print(f"1,000 schools in a bbox at 1 client, {len(floors)} pairs ({FLOOR_PAIRS} a round, "
          f"wrk for {FLOOR_SECONDS} s): geoapp's median request {page_ms:.1f} ms "
          f"(HTTP included), its floor's median {floor_ms:.1f} ms (query, fetch, features and "
          "orjson in one process, measured just before and after each): "
          f"{told([page / floor for page, floor, _, _ in floors])} the floor (target 1.5x); "
          f"the floor served by the same server {served_ms:.1f} ms, "
          f"{told([served / floor for _, _, served, floor in floors])} the floor, the page "
          f"{told([page / served for page, _, served, _ in floors])} the floor served")


if __name__ == "__main__":
    main()
