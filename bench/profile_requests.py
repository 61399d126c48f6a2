"""CPU per small OGC API request, in-process: the app's own cost without a server or a client.

Each request is one WSGI call with a prepared environ (what a server such as granian
hands the app, with wrk's headers: Host only), so that neither a test client nor the
load generator is counted. CPU is the process's (``time.process_time``): the app and its
database driver, not PostgreSQL's own work, which runs in other processes.

Not part of ``make bench``: ``.venv/bin/python -m bench.profile_requests [--profile NAME]``
starts a throwaway PostGIS cluster and loads the 100,000 schools of bench_api, or reads
``GEOAPP_DATABASE_URL`` when set (``--load`` empties it and loads the schools).
``PROFILE_REQUESTS`` sets the requests per measure (2,000), ``PROFILE_ROUNDS`` the rounds
(5; the least and the median are shown).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from bench.bench_api import BBOX, fresh_store
from geoapp import served_app
from geoapp.store import get_store
from tests.support.postgis import postgis_cluster

REQUESTS = int(os.environ.get("PROFILE_REQUESTS", "2000"))
ROUNDS = int(os.environ.get("PROFILE_ROUNDS", "5"))
PATHS = {
    "single item": "/api/collections/schools/items/bench:012345",
    "status filter, limit=10": "/api/collections/schools/items?status=closed&limit=10",
    "limit=100": "/api/collections/schools/items?limit=100",
    "1,000 in a bbox": f"/api/collections/schools/items?bbox={BBOX}&limit=1000",
}


def environ_of(path: str) -> dict:
    """The WSGI environ of a GET of ``path`` as wrk sends it."""
    route, _, query = path.partition("?")
    return {"REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": route,
            "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1:8000",
            "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr, "wsgi.version": (1, 0), "wsgi.multithread": True,
            "wsgi.multiprocess": True, "wsgi.run_once": False}


def call(app, environ: dict) -> int:
    """One request: the app called as a server calls it, its body read and closed."""
    status = []
    body = app(dict(environ), lambda s, headers, exc_info=None: status.append(s))
    try:
        for _ in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return int(status[0][:3])


def cpu_us(app, environ: dict, n: int) -> float:
    """CPU microseconds per request over ``n`` requests."""
    started = time.process_time()
    for _ in range(n):
        call(app, environ)
    return (time.process_time() - started) / n * 1e6


@contextmanager
def database(load: bool) -> Iterator[str]:
    """GEOAPP_DATABASE_URL (loaded if asked), or a throwaway cluster with the schools."""
    given = os.environ.get("GEOAPP_DATABASE_URL")
    if given:
        if load:
            fresh_store(given)
        yield given
        return
    with postgis_cluster() as url:
        fresh_store(url)
        yield url


def main() -> None:
    """Print the CPU per request of each request, and a profile of one if asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=PATHS, help="print the cProfile of this request")
    parser.add_argument("--top", type=int, default=40, help="rows of the profile")
    parser.add_argument("--load", action="store_true", help="load GEOAPP_DATABASE_URL first")
    args = parser.parse_args()
    with database(args.load) as url:
        app = served_app({"DATABASE_URL": url})  # as a server's worker builds it
        for name, path in PATHS.items():
            environ = environ_of(path)
            for _ in range(100):  # warm: pool, statement caches, imports
                assert call(app, environ) == 200, path
            figures = [cpu_us(app, environ, REQUESTS) for _ in range(ROUNDS)]
            # The least of the rounds is the steadiest figure on a shared machine.
            print(f"{name:26} {min(figures):6.0f} us CPU per request, median "
                  f"{statistics.median(figures):.0f} (rounds "
                  f"{', '.join(f'{f:.0f}' for f in figures)})", flush=True)
        if args.profile:
            environ = environ_of(PATHS[args.profile])
            profile = cProfile.Profile(time.process_time)  # CPU, not waiting for PostgreSQL
            profile.runcall(lambda: [call(app, environ) for _ in range(REQUESTS)])
            stats = pstats.Stats(profile)
            stats.sort_stats("tottime").print_stats(args.top)
            stats.sort_stats("cumulative").print_stats(args.top)
        get_store(app).dispose()


if __name__ == "__main__":
    main()
