"""Less motion in Debian's Chromium for whoever asks the system for it (prefers-reduced-motion):
every map of the site is made without its zoom and fade animations, and its clusters open
and close without theirs; for everyone else the maps animate as before."""

from __future__ import annotations

import pytest

from tests.web.test_map_browser import READY, after_move, site  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser

# Every page with a map: the map, the embed, a place's card, the API's HTML, a place's
# candidates, the practices.
PAGES = ["/?lang=en", "/embed?lang=en", "/places/edebo:1001?lang=en",
         "/api/collections/schools/items?lang=en", "/candidates?place=edebo:1001&lang=en",
         "/practices?lang=en"]
# Leaflet marks a map that fades its tiles and popups in with this class.
FADING = """() => [...document.querySelectorAll(".leaflet-container")]
  .map((map) => map.classList.contains("leaflet-fade-anim"))"""
# Leaflet and the cluster plugin mark the map's pane with these classes while they animate.
WATCH_ANIMATION = """() => {
  const pane = document.querySelector(".leaflet-map-pane");
  window.animated = [];
  new MutationObserver(() => {
    for (const name of ["leaflet-zoom-anim", "leaflet-cluster-anim"]) {
      if (pane.classList.contains(name) && !window.animated.includes(name)) {
        window.animated.push(name);
      }
    }
  }).observe(pane, {attributes: true, attributeFilter: ["class"]});
}"""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_every_map_fades_only_when_the_system_allows_motion(page, site, motion) -> None:  # noqa: F811
    page.emulate_media(reduced_motion=motion)
    found = {}
    for path in PAGES:
        page.goto(f"{site}{path}", wait_until="load")
        found[path] = page.evaluate(FADING)
    assert found == {path: [motion == "no-preference"] for path in PAGES}
    assert page.problems.none(), page.problems


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_zooming_in_animates_only_when_the_system_allows_motion(page, site, motion) -> None:  # noqa: F811
    page.emulate_media(reduced_motion=motion)
    page.goto(f"{site}/?lang=en")
    page.wait_for_function(READY)
    page.evaluate(WATCH_ANIMATION)
    after_move(page, lambda: page.locator(".leaflet-control-zoom-in").click())
    animated = page.evaluate("() => window.animated")
    if motion == "reduce":
        assert animated == []
    else:
        assert "leaflet-zoom-anim" in animated, animated
    assert page.problems.none(), page.problems
