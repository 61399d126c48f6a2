"""The embed builder agrees with its preview, says who may frame the map, and a small frame
keeps the extent its URL fixes."""

from __future__ import annotations

import pytest

from tests.embed.test_browser import embedded_frame, host_page
from tests.support.browser import screenshot

pytestmark = pytest.mark.browser

LAYERS_SHOWN = """() => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const map = window[cfg.map];
  return cfg.layers.filter((l) => map.hasLayer(window[l.group])).map((l) => l.id).sort();
}"""
VIEW = """() => {
  const map = window[JSON.parse(document.getElementById("map-config").textContent).map];
  const c = map.getCenter();
  return [map.getZoom(), c.lat, c.lng];
}"""


def test_the_builder_ticks_what_its_preview_shows_and_names_the_allowed_sites(
        csp_page, sites, app_url) -> None:
    csp_page.goto(f"{app_url}/embed/builder?lang=en")
    ticked = sorted(csp_page.locator("input[name=layers]:checked").evaluate_all(
        "(boxes) => boxes.map((b) => b.value)"))
    frame = csp_page.frame_locator("#preview")
    csp_page.frame_locator("#preview").locator("body[data-map-state=ready]").wait_for()
    preview = next(f for f in csp_page.frames if "/embed?" in f.url)
    assert ticked and preview.evaluate(LAYERS_SHOWN) == ticked
    origins = csp_page.locator("#origins").inner_text()
    assert sites["allowed"].url in origins and "GEOAPP_EMBED_ORIGINS" in origins
    assert frame is not None
    screenshot(csp_page, "builder_state_and_origins")


@pytest.mark.parametrize("height", [300, 500])
def test_a_small_frame_keeps_the_centre_and_zoom_of_its_url(csp_page, sites, app_url,
                                                            height) -> None:
    src = f"{app_url}/embed?lang=uk&center=49.07,33.42&zoom=11"
    url = sites["allowed"].publish(
        f"small{height}.html", host_page(f'<iframe src="{src}" title="Map" width="500" '
                                         f'height="{height}"></iframe>'))
    csp_page.goto(url)
    frame = embedded_frame(csp_page)
    zoom, lat, lon = frame.evaluate(VIEW)
    assert zoom == 11 and abs(lat - 49.07) < 0.01 and abs(lon - 33.42) < 0.01
    screenshot(csp_page, f"small_frame_{height}")
