"""The map page with the sample (22,000+ places) and with 100,000: HTML bytes and time until
markers show in headless Chromium, against the same map built the naive way (every marker
inlined by Folium in a MarkerCluster), measured in the same run.

Run: .venv/bin/python -m bench.bench_map  (needs data/ and /usr/bin/chromium)
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from flask import Flask
from shapely.geometry import Point

import geoapp  # noqa: F401  (geopandas/pyproj before SpatiaLite)
from geoapp import create_app
from geoapp.config import REPO
from geoapp.ingest.sample import load_sample
from geoapp.ingest.write import upsert
from geoapp.maps.assets import use_local_assets
from geoapp.store import Store, get_store, queries, schema
from geoapp.store.models import Place, fold
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.live import live_server

BIG = 100_000
TILES = "/_test/tiles/{z}/{x}/{y}.png"
SHOWN = ("() => document.querySelectorAll('.marker-cluster, path.place-marker, "
         "path.region-count').length > 0")
NAIVE_SHOWN = "() => document.querySelectorAll('.marker-cluster').length > 0"
BROWSER_TIMEOUT_MS = 60_000


def sample_store(folder: Path) -> Store:
    """A SpatiaLite store holding the sample of data/."""
    store = Store(f"sqlite:///{folder / 'sample.sqlite'}")
    schema.upgrade(store)
    load_sample(store, REPO / "data", progress=False)
    return store


def grown_store(sample: Store, folder: Path, total: int) -> Store:
    """A copy of the sample with schools added near existing ones up to ``total`` places."""
    path = folder / "big.sqlite"
    shutil.copy(sample.url.removeprefix("sqlite:///"), path)
    store = Store(f"sqlite:///{path}")
    with store.engine.begin() as conn:
        seeds = queries.find_places(conn, queries.PlaceFilter(kinds=("school",)), 100_000)
        rng = np.random.default_rng(3)
        picks = rng.integers(0, len(seeds), total - queries.count_places(
            conn, queries.PlaceFilter()))
        rows = []
        for i, pick in enumerate(picks):
            seed = seeds[pick]
            lon, lat = seed["lon"] + rng.normal(0, 0.02), seed["lat"] + rng.normal(0, 0.02)
            name = f"Школа {i}"
            rows.append({"id": f"bench:{i}", "kind": "school", "type": None, "name": name,
                         "name_folded": fold(name), "status": "operating", "website": None,
                         "address": None, "location_precision": "settlement",
                         "region_code": seed["region_code"], "note": None,
                         "geom": Point(lon, lat)})
        upsert(conn, Place.__table__, rows)
    return store


def naive_html(store: Store) -> tuple[str, float]:
    """The map built the naive way: every school a Folium marker in a MarkerCluster."""
    import folium
    from folium.plugins import MarkerCluster

    use_local_assets()
    start = time.perf_counter()
    with store.engine.connect() as conn:
        rows = queries.find_places(conn, queries.PlaceFilter(kinds=("school",)), 1_000_000)
    m = folium.Map(location=[48.5, 31.5], zoom_start=6, tiles=TILES, attr="bench")
    cluster = MarkerCluster().add_to(m)
    for row in rows:
        folium.Marker([row["lat"], row["lon"]], popup=row["name"]).add_to(cluster)
    html = m.get_root().render()
    return html, time.perf_counter() - start


def time_in_browser(browser, url: str, shown: str) -> float | None:
    """Seconds from navigation until ``shown`` holds, or None past the timeout."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    start = time.perf_counter()
    try:
        page.goto(url, timeout=BROWSER_TIMEOUT_MS)
        page.wait_for_function(shown, timeout=BROWSER_TIMEOUT_MS)
        return time.perf_counter() - start
    except PlaywrightTimeout:
        return None
    finally:
        page.close()


def measure(browser, store: Store, label: str) -> dict:
    """HTML bytes and time-to-markers of `/`, and of the naive page, for one store."""
    app = create_app({"TESTING": True, "DATABASE_URL": store.url, "TILE_URL": TILES,
                      "TILE_ATTRIBUTION": "bench"})
    client = app.test_client()
    client.get("/?lang=en")  # the first request reads the regions once
    start = time.perf_counter()
    page_bytes = len(client.get("/?lang=en").data)
    render = time.perf_counter() - start
    html, naive_build = naive_html(store)
    naive = Flask("naive", static_folder=str(REPO / "geoapp" / "static"))
    naive.add_url_rule("/", "naive", lambda: html)
    with live_server(app) as url, live_server(naive) as naive_url:
        time_in_browser(browser, f"{url}/?lang=en", SHOWN)  # warm the caches once
        ours = time_in_browser(browser, f"{url}/?lang=en", SHOWN)
        theirs = time_in_browser(browser, naive_url, NAIVE_SHOWN)
    with store.engine.connect() as conn:
        places = queries.count_places(conn, queries.PlaceFilter())
    get_store(app).dispose()
    return {"label": label, "places": places, "bytes": page_bytes, "render": render,
            "ours": ours, "naive_bytes": len(html.encode()), "naive_build": naive_build,
            "naive": theirs}


def seconds(value: float | None) -> str:
    return f"{value:6.2f} s" if value is not None else f">{BROWSER_TIMEOUT_MS / 1000:.0f} s  "


def report(row: dict) -> None:
    """Print one size's figures and the ratios naive / ours."""
    print(f"{row['label']}: {row['places']:,} places")
    print(f"  /            {row['bytes']:>12,} bytes, served in {row['render']:.3f} s, "
          f"markers after {seconds(row['ours'])}")
    print(f"  naive Folium {row['naive_bytes']:>12,} bytes, built in {row['naive_build']:.2f} s,"
          f" markers after {seconds(row['naive'])}")
    ratio = row["naive_bytes"] / row["bytes"]
    speed = (f"{row['naive'] / row['ours']:.1f}x" if row["naive"] and row["ours"]
             else "naive page did not show markers in time")
    print(f"  ratio naive/ours: {ratio:,.0f}x the bytes, time to markers {speed}")


def main() -> None:
    """Measure the sample and 100,000 places."""
    if not CHROMIUM.exists() or not (REPO / "data" / "places.csv.gz").exists():
        sys.exit("bench_map needs /usr/bin/chromium and the sample in data/")
    from playwright.sync_api import sync_playwright

    # The live servers' access log (a line per tile the pages ask for) would bury the figures.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="geoapp-bench-map-"))
    try:
        sample = sample_store(folder)
        big = grown_store(sample, folder, BIG)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            for store, label in ((sample, "sample"), (big, "100,000")):
                report(measure(browser, store, label))
                store.dispose()
            browser.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
