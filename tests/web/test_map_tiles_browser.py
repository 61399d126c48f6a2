"""The map's layers by tile, in Debian's Chromium: the same places as the view's bbox gives,
no request by bbox, and tiles fetched once however the reader pans."""

from __future__ import annotations

import pytest

from tests.support.browser import screenshot
from tests.web.test_map_browser import (  # noqa: F401  (site is a fixture)
    MARKER_IDS,
    READY,
    SETTLED,
    after_move,
    site,
)

pytestmark = pytest.mark.browser

# Kremenchuk at a city's zoom: its schools, STEM centre and Pishchane's school in view.
CITY = "#11/49.07/33.55"
# What the bbox endpoint gives the layers of places that are on, for the map's view.
BBOX_IDS = """async () => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const map = window[cfg.map], view = map.getBounds(), ids = [];
  const bbox = [view.getWest(), view.getSouth(), view.getEast(), view.getNorth()].join(",");
  for (const layer of cfg.layers) {
    if (layer.source !== "places" || !map.hasLayer(window[layer.group])) { continue; }
    const url = cfg.dataUrl.replace("LAYER", layer.id) + "?lang=en&zoom=" + map.getZoom() +
      "&bbox=" + bbox;
    const body = await (await fetch(url)).json();
    body.features.forEach((f) => {
      const [lon, lat] = f.geometry.coordinates;
      if (view.contains([lat, lon])) { ids.push(f.properties.id); }
    });
  }
  return ids.sort();
}"""
DATA_REQUESTS = """() => performance.getEntriesByType("resource").map((e) => e.name)
  .filter((url) => url.includes("/data/"))"""
VIEW = "() => { const m = window[JSON.parse(document.getElementById('map-config').textContent)" \
       ".map]; return [m.getZoom(), m.getCenter().lat, m.getCenter().lng]; }"
# A busy machine's late frames: each animation frame comes 600 ms after it was asked for.
LATE_FRAMES = """(() => {
  const frame = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (step) => frame(() => setTimeout(() => frame(step), 600));
})();"""
PAN = "([x, y]) => window[JSON.parse(document.getElementById('map-config').textContent).map]" \
      ".panBy([x, y], {animate: false})"


def test_tiles_show_the_places_the_views_bbox_holds(page, site) -> None:  # noqa: F811
    page.goto(f"{site}/?lang=en{CITY}")
    page.wait_for_function(SETTLED)
    asked = page.evaluate(DATA_REQUESTS)
    shown = page.evaluate(MARKER_IDS)
    assert {"edebo:1001", "edebo:1002", "edebo:2001", "edebo:9999"} <= set(shown)
    assert shown == page.evaluate(BBOX_IDS)
    tiles = [url for url in asked if "/data/schools/" in url]
    assert 1 <= len(tiles) <= 16
    assert [url for url in asked if "/data/partnerships/" in url]  # lines come by tile too
    assert not [url for url in asked if "bbox" in url]
    screenshot(page, "tiles_city")
    assert page.problems.none(), page.problems


def test_a_pan_fetches_only_the_tiles_it_has_not_seen(page, site) -> None:  # noqa: F811
    page.goto(f"{site}/?lang=en{CITY}")
    page.wait_for_function(READY)
    page.wait_for_function(SETTLED)
    first = page.evaluate(DATA_REQUESTS)
    after_move(page, lambda: page.evaluate(PAN, [700, 0]))
    after_move(page, lambda: page.evaluate(PAN, [-700, 0]))
    asked = page.evaluate(DATA_REQUESTS)
    tiles = [url for url in asked if "/data/schools/" in url]
    assert len(tiles) == len(set(tiles))  # no tile asked twice
    assert len(tiles) > len([url for url in first if "/data/schools/" in url])
    before_back = len(asked)
    after_move(page, lambda: page.evaluate(PAN, [700, 0]))
    new = page.evaluate(DATA_REQUESTS)[before_back:]
    assert not [url for url in new if "/data/schools/" in url]  # every tile already here
    assert page.evaluate(MARKER_IDS) == page.evaluate(BBOX_IDS)
    assert page.problems.none(), page.problems


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_a_view_in_the_url_is_the_only_one_loaded(page, site, size) -> None:  # noqa: F811
    # The fit's own view, left at once for the URL's, is not asked for too.
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{site}/?lang=en{CITY}")
    page.wait_for_function(SETTLED)
    zooms = {url.split("/data/")[1].split("/")[1] for url in page.evaluate(DATA_REQUESTS)
             if url.split("/data/")[1].count("/") == 3}
    assert len(zooms) == 1 and int(zooms.pop()) >= 9, zooms
    assert page.problems.none(), page.problems


@pytest.mark.parametrize("size", [(500, 500), (390, 844)])
def test_a_view_in_the_url_holds_however_late_the_frames_come(page, site, size) -> None:  # noqa: F811
    # The first fit to the whole country must not end after the URL's view was set.
    page.add_init_script(script=LATE_FRAMES)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{site}/embed?lang=en{CITY}")
    page.wait_for_function(READY)
    page.wait_for_timeout(1500)  # frames asked for during the load have all come
    zoom, lat, lon = page.evaluate(VIEW)
    assert (zoom, round(lat, 2), round(lon, 2)) == (11, 49.07, 33.55)
    assert page.url.endswith("#11/49.0700/33.5500")  # and the URL still says so
    assert page.problems.none(), page.problems
