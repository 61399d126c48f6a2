"""Where an items request spends its time: pyinstrument over the API on 100,000 PostGIS schools.

Not part of ``make bench``; run ``.venv/bin/pip install pyinstrument`` then
``.venv/bin/python -m bench.profile_api [URL]``.
"""

from __future__ import annotations

import os
import sys
import time

from pyinstrument import Profiler

from bench.bench_api import BBOX, fresh_store
from geoapp import create_app
from geoapp.store import get_store
from tests.support.postgis import postgis_cluster

REQUESTS = int(os.environ.get("PROFILE_REQUESTS", "300"))


def main() -> None:
    """Print the profile of REQUESTS items pages and their mean time."""
    path = sys.argv[1] if len(sys.argv) > 1 else (
        f"/api/collections/schools/items?bbox={BBOX}&limit=1000")
    with postgis_cluster() as url:
        fresh_store(url)
        app = create_app({"DATABASE_URL": url})
        client = app.test_client()
        assert client.get(path).status_code == 200
        profiler, started = Profiler(interval=0.0005), time.perf_counter()
        with profiler:
            for _ in range(REQUESTS):
                client.get(path)
        elapsed = time.perf_counter() - started
        get_store(app).dispose()
    every_frame = bool(os.environ.get("PROFILE_ALL"))
    print(profiler.output_text(unicode=False, color=False, show_all=every_frame))
    print(f"{path}: {elapsed / REQUESTS * 1000:.2f} ms per request in-process")


if __name__ == "__main__":
    main()
