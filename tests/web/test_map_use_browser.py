"""The map as a methodologist uses it, in Debian's Chromium: popups that stay open, points
above areas, on a desktop, in a 500 px frame and on a 390x844 phone."""

from __future__ import annotations

import time

import pytest

from geoapp import layerdata as data
from tests.support.browser import screenshot
from tests.web.test_map_browser import (  # noqa: F401  (site is a fixture)
    READY,
    SETTLED,
    after_move,
    open_map,
    site,
)

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1280, 800), "frame": (700, 500), "phone": (390, 844)}
# Puts the middle of a line (or a place) near the map's top edge, so that its popup must pan
# the map to fit.
TO_TOP = """([kind, id]) => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const map = window[cfg.map];
  let found = null;
  cfg.layers.forEach((layer) => window[layer.group].eachLayer((m) => {
    const key = m.feature ? m.feature.id : m.options.placeId;
    if (key === id) { found = m; }
  }));
  const at = kind === "line" ? found.getCenter() : found.getLatLng();
  map.panBy([0, map.latLngToContainerPoint(at).y - 12], {animate: false});
}"""
OPEN = """([kind, id]) => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  cfg.layers.forEach((layer) => window[layer.group].eachLayer((m) => {
    const key = m.feature ? m.feature.id : m.options.placeId;
    if (key === id) { m.openPopup(); }
  }));
}"""
POPUP_OPEN = """() => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const popup = document.querySelector(".leaflet-popup");
  return popup !== null && window[cfg.map].hasLayer !== undefined;
}"""


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("kind", "target", "url"), [
    ("line", "plich:kremenchuk-chasiv-yar", "/?lang=en"),
    ("place", "edebo:2001", "/?lang=en&region=UA5302"),
    ("place", "edebo:2001", "/embed?lang=en&region=UA5302&layers=stem_centres"),
])
def test_a_popup_stays_open_after_the_map_pans_to_fit_it(page, site, size, kind,  # noqa: F811
                                                          target, url) -> None:
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    open_map(page, site + url)
    after_move(page, lambda: page.evaluate(TO_TOP, [kind, target]))
    page.evaluate(OPEN, [kind, target])
    page.locator(".leaflet-popup").wait_for()
    time.sleep(1.5)  # the pan, the 150 ms wait and a refresh would all be over by now
    page.wait_for_function(READY)
    assert page.locator(".leaflet-popup").count() == 1
    assert page.locator(".leaflet-popup-content").inner_text().strip() != ""
    screenshot(page, f"popup_stays_{kind}_{size}_{'embed' if 'embed' in url else 'map'}")
    page.locator(".leaflet-popup-close-button").dispatch_event("click")
    page.locator(".leaflet-popup").wait_for(state="detached")
    page.wait_for_function(READY)
    assert page.problems.none(), page.problems


def test_points_stay_above_the_counts_whatever_arrives_first(page, site,  # noqa: F811
                                                             monkeypatch) -> None:
    monkeypatch.setattr(data, "POINTS_MAX", 2)  # schools as counts, STEM centres as points

    def late(route):
        time.sleep(0.6)  # the counts arrive after the points
        route.continue_()

    page.route("**/data/schools.geojson*", late)
    open_map(page, f"{site}/?lang=en&region=UA53")
    page.wait_for_function(SETTLED)
    assert page.locator("path.region-count").count() >= 1
    on_top = page.evaluate("""() => {
      const marker = document.querySelector("path.place-stem_centres");
      const box = marker.getBoundingClientRect();
      const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      return hit.getAttribute("class");
    }""")
    assert "place-stem_centres" in on_top
    page.locator("path.place-stem_centres").click()
    assert "Кременчуцький STEM-центр" in page.locator(".leaflet-popup-content").inner_text()
    screenshot(page, "points_above_counts")
    assert page.problems.none(), page.problems
