"""A morning of map use, for locust (run by bench/bench_cache.py in its own venv).

Each reader opens the map on Ukraine, goes to a city, pans and zooms around it, then shows
only operating places. The requests are the ones geoapp/static/js/map.js makes for a
1280x800 view: every layer on by default by tile (each tile once per reader and filters),
and when the tiles are crowded, counts per region for the whole map or lines per pair of
regions for the tiles' box.
"""

from __future__ import annotations

import math
import random
from functools import partial
from urllib.parse import urlencode

import gevent
from locust import HttpUser, constant, task

WIDTH, HEIGHT = 1280, 800
MAX_TILES = 16  # geoapp.web.pages.MAX_TILES
POINTS_ZOOM, POINTS_MAX, LINES_MAX = 10, 1500, 800  # geoapp.layerdata
# Layers on by default, with how many items each draws one by one far out; the filters of
# the page apply to the layers of places only.
PLACES = {"schools": POINTS_MAX, "stem_centres": POINTS_MAX, "teacher_centres": POINTS_MAX}
OTHERS = {"activities": POINTS_MAX, "partnerships": LINES_MAX}
CITIES = {"Kyiv": (30.52, 50.45), "Kharkiv": (36.23, 49.99), "Lviv": (24.03, 49.84),
          "Odesa": (30.73, 46.48), "Dnipro": (35.05, 48.46), "Poltava": (34.55, 49.59),
          "Vinnytsia": (28.47, 49.23), "Zaporizhzhia": (35.14, 47.84)}
UKRAINE = (31.2, 48.6, 6)


def to_pixels(lon: float, lat: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixels at ``zoom`` (256 a tile), as Leaflet projects."""
    size = 256 * 2 ** zoom
    sin = math.sin(math.radians(lat))
    return ((lon + 180) / 360 * size,
            (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * size)


def tiles_box(tiles: list[tuple[int, int, int]]) -> str:
    """The box the tiles cover, as map.js writes it."""
    n = 2 ** tiles[0][0]
    xs, ys = [x for _, x, _ in tiles], [y for _, _, y in tiles]

    def lat(y: int) -> str:
        return f"{math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n)))):.6f}"

    return ",".join((f"{min(xs) / n * 360 - 180:.6f}", lat(max(ys) + 1),
                     f"{(max(xs) + 1) / n * 360 - 180:.6f}", lat(min(ys))))


class View:
    """The map's view: its centre in pixels at its zoom."""

    def __init__(self, lon: float, lat: float, zoom: int) -> None:
        self.zoom = zoom
        self.x, self.y = to_pixels(lon, lat, zoom)

    def zoom_to(self, zoom: int) -> None:
        scale = 2 ** (zoom - self.zoom)
        self.x, self.y, self.zoom = self.x * scale, self.y * scale, zoom

    def pan(self, dx: float, dy: float) -> None:
        self.x, self.y = self.x + dx, self.y + dy

    def tiles_at(self, z: int) -> list[tuple[int, int, int]]:
        scale, last = 2 ** (self.zoom - z), 2 ** z - 1
        x0, x1 = (math.floor((self.x + d) / scale / 256) for d in (-WIDTH / 2, WIDTH / 2))
        y0, y1 = (math.floor((self.y + d) / scale / 256) for d in (-HEIGHT / 2, HEIGHT / 2))
        return [(z, x, y) for x in range(max(0, x0), min(last, x1) + 1)
                for y in range(max(0, y0), min(last, y1) + 1)]

    def tiles(self) -> list[tuple[int, int, int]]:
        """The tiles map.js asks for: a zoom below the view's, at most MAX_TILES."""
        z = max(0, self.zoom - 1)
        lowest = POINTS_ZOOM - 1 if self.zoom >= POINTS_ZOOM else 0
        found = self.tiles_at(z)
        while len(found) > MAX_TILES and z > lowest:
            z -= 1
            found = self.tiles_at(z)
        return found


class Reader(HttpUser):
    """One methodologist's morning with the map."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.lang = random.choices(["uk", "en"], weights=[9, 1])[0]
        self.client.headers["Accept-Language"] = self.lang
        self.filters: dict[str, str] = {}
        self.seen: dict[str, tuple[bool, int]] = {}

    def get_once(self, url: str, name: str) -> tuple[bool, int]:
        """GET a URL the page has not fetched yet; whether it is crowded, how many points."""
        if url not in self.seen:
            with self.client.get(url, name=name, catch_response=True) as response:
                body = response.content or b""
                if response.status_code != 200:
                    response.failure(f"{response.status_code} {response.error or ''}"[:200])
                self.seen[url] = (b'"crowded":true' in body, body.count(b'"type":"Feature"'))
        return self.seen[url]

    def query(self, extra: dict[str, str], filtered: bool = True) -> str:
        given = self.filters if filtered else {}
        return urlencode(sorted({"lang": self.lang, **given, **extra}.items()))

    def show(self, view: View) -> None:
        """The requests of one refresh of the map, as map.js makes them."""
        for layer, most in (PLACES | OTHERS).items():
            query = partial(self.query, filtered=layer in PLACES)
            found = [self.get_once(f"/data/{layer}/{z}/{x}/{y}.geojson?{query({})}",
                                   "tile" if layer in PLACES else f"tile ({layer})")
                     for z, x, y in view.tiles()]
            items = sum(n for _, n in found)
            if any(c for c, _ in found) or (view.zoom < POINTS_ZOOM and items > most):
                extra = {"zoom": str(view.zoom)}
                if layer == "partnerships":  # lines per pair of regions in the tiles' box
                    extra["bbox"] = tiles_box(view.tiles())
                self.get_once(f"/data/{layer}.geojson?{query(extra)}",
                              "whole map" if layer in PLACES else f"whole map ({layer})")

    def pause(self) -> None:
        gevent.sleep(random.uniform(1.0, 4.0))

    @task
    def morning(self) -> None:
        self.filters, self.seen = {}, {}
        view = View(*UKRAINE)
        self.show(view)
        self.pause()
        lon, lat = random.choice(list(CITIES.values()))
        view = View(lon, lat, random.choice((10, 11, 12)))
        self.show(view)
        for _ in range(random.randint(3, 6)):
            self.pause()
            if random.random() < 0.3:
                view.zoom_to(max(9, min(14, view.zoom + random.choice((-1, 1)))))
            else:
                view.pan(random.uniform(-0.6, 0.6) * WIDTH, random.uniform(-0.6, 0.6) * HEIGHT)
            self.show(view)
        self.pause()
        self.filters = {"status": "operating"}  # the page reloads: its tiles are fetched anew
        self.seen = {}
        self.show(view)
        self.pause()
