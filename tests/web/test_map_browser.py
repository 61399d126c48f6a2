"""The map in Debian's Chromium: loads cleanly, filters, clusters, list, escaping, languages.

Each test keeps a screenshot in test-artifacts/ (see tests/support/browser.py).
"""

from __future__ import annotations

import re

import pytest

from geoapp import create_app
from geoapp import layerdata as data
from geoapp.store import get_store
from tests.support.browser import screenshot
from tests.support.live import live_server
from tests.support.world import XSS_NAME

pytestmark = pytest.mark.browser

# Functions, not expressions: Playwright evaluates a polled expression with eval(), which
# the app's Content-Security-Policy forbids.
READY = "() => document.body.dataset.mapState === 'ready'"
# map.js refreshes 150 ms after the map comes to rest, and until then its state still says
# "ready" from before: a move first marks the state stale, then waits for the refresh and for
# the clusters' own animations to end.
STALE = "() => { document.body.dataset.mapState = 'moved'; }"
SETTLED = """() => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  return document.body.dataset.mapState === "ready" &&
    cfg.layers.every((layer) => !window[layer.group]._inZoomAnimation);
}"""
MARKER_IDS = """() => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const map = window[cfg.map], view = map.getBounds(), ids = [];
  cfg.layers.forEach((layer) => {
    const group = window[layer.group];
    if (layer.source !== "places" || !map.hasLayer(group)) { return; }
    group.eachLayer((m) => {
      if (m.options.placeId && view.contains(m.getLatLng())) { ids.push(m.options.placeId); }
    });
  });
  return ids.sort();
}"""
FIND_PLACE = """
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const map = window[cfg.map];
  let marker = null;
  cfg.layers.forEach((layer) => {
    window[layer.group].eachLayer((m) => { if (m.options.placeId === id) { marker = m; } });
  });
"""
GO_TO_PLACE = "(id) => {" + FIND_PLACE + "map.setView(marker.getLatLng(), 17, {animate: false}); }"
OPEN_PLACE = "(id) => {" + FIND_PLACE + "marker.openPopup(); return map.hasLayer(marker); }"
OPEN_PARTNERSHIP = """(id) => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const layer = cfg.layers.find((l) => l.source === "partnerships");
  window[layer.group].eachLayer((line) => { if (line.feature.id === id) { line.openPopup(); } });
}"""


@pytest.fixture
def site(store):
    """The app on the fixture world, served on loopback with local basemap tiles."""
    app = create_app({"TESTING": True, "DATABASE_URL": store.url,
                      "TILE_URL": "/_test/tiles/{z}/{x}/{y}.png",
                      "TILE_ATTRIBUTION": "test tiles"})
    with live_server(app) as url:
        yield url
    get_store(app).dispose()


def open_map(page, url: str) -> None:  # noqa: F811
    page.goto(url)
    page.wait_for_function(READY)


def listed_ids(page) -> list[str]:  # noqa: F811
    return sorted(page.locator("#place-list li[data-id]").evaluate_all(
        "(items) => items.map((li) => li.dataset.id)"))


def after_move(page, move) -> None:  # noqa: F811
    """Call `move` (which moves the map), then wait until the map has settled on its new view."""
    page.evaluate(STALE)
    move()
    page.wait_for_function(SETTLED)


def show_place(page, place_id: str) -> None:  # noqa: F811
    after_move(page, lambda: page.evaluate(GO_TO_PLACE, place_id))


def test_map_loads_with_no_errors_and_shows_markers(page, site) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en")
    assert page.locator(".marker-cluster").count() >= 1
    assert page.locator("path.partnership-line").count() == 2
    assert page.locator(".leaflet-control-layers").inner_text().count("\n") >= 5
    screenshot(page, "map_loads")
    assert page.problems.none(), page.problems


def test_changing_a_filter_changes_the_map_and_the_url(page, site) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en")
    before = listed_ids(page)
    page.select_option("#f-kind", "stem_centre")
    page.locator("#filters button[type=submit]").click()  # filters apply when sent
    page.wait_for_url(re.compile(r"kind=stem_centre"))
    page.wait_for_function(READY)
    assert listed_ids(page) == ["edebo:2001"] != before
    screenshot(page, "filter_kind")
    page.reload()
    page.wait_for_function(READY)
    assert listed_ids(page) == ["edebo:2001"]
    assert page.locator("#f-kind").input_value() == "stem_centre"
    assert page.problems.none(), page.problems


def test_choosing_a_region_zooms_to_it(page, site) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en")
    zoom = page.evaluate("() => window[JSON.parse(document.getElementById('map-config')"
                         ".textContent).map].getZoom()")
    page.fill("#f-region", "Donetsk")
    page.press("#f-region", "Enter")
    page.wait_for_url(re.compile(r"region=UA14"))
    page.wait_for_function(READY)
    assert page.evaluate("() => window[JSON.parse(document.getElementById('map-config')"
                         ".textContent).map].getZoom()") > zoom
    assert listed_ids(page) == ["edebo:1004"]
    screenshot(page, "region_zoom")
    assert page.problems.none(), page.problems


def test_a_cluster_opens_on_zoom(page, site) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en")
    clustered = page.locator("path.place-schools").count()
    for _ in range(6):  # each click zooms to the cluster's bounds, until its markers part
        if page.locator("path.place-schools").count() >= 3:
            break
        after_move(page, page.locator(".marker-cluster").first.click)
    assert page.locator("path.place-schools").count() >= 3 > clustered
    screenshot(page, "cluster_opened")
    assert page.problems.none(), page.problems


def test_the_list_shows_what_the_map_shows(page, site) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en")
    assert listed_ids(page) == page.evaluate(MARKER_IDS) != []
    show_place(page, "edebo:1002")  # close enough for the school to leave its cluster
    assert listed_ids(page) == page.evaluate(MARKER_IDS)
    page.locator("#place-list a").first.focus()
    assert page.evaluate("() => document.activeElement.closest('#place-list') !== null")
    screenshot(page, "list_matches")


def test_the_xss_place_shows_as_text(page, site) -> None:  # noqa: F811
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_map(page, f"{site}/?lang=en")
    assert XSS_NAME in page.locator("#place-list").inner_text()
    show_place(page, "edebo:9999")
    assert page.evaluate(OPEN_PLACE, "edebo:9999")
    popup = page.locator(".leaflet-popup-content h3")
    popup.wait_for()
    assert popup.inner_text() == XSS_NAME
    page.locator(".place-schools").first.hover()
    assert page.locator("img[src='x']").count() == 0 and dialogs == []
    screenshot(page, "xss_as_text")
    assert page.problems.none(), page.problems


def test_a_partnership_shows_both_ends(page, site) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en")
    page.evaluate(OPEN_PARTNERSHIP, "plich:kremenchuk-chasiv-yar")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    for expected in ("Кременчуцька громада", "Часовоярська громада", "Side by side",
                     "2025-03-01"):
        assert expected in text
    assert popup.locator("a[href^='/places/katottg']").count() == 2
    screenshot(page, "partnership_popup")


def test_too_many_places_show_as_counts_per_region(page, site, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setattr(data, "POINTS_MAX", 2)
    open_map(page, f"{site}/?lang=en")
    assert page.locator("path.region-count").count() >= 2
    assert page.locator(".legend .legend-counts").is_visible()
    assert "Poltava: 4" in page.locator("#place-list").inner_text()
    screenshot(page, "counts_per_region")
    assert page.problems.none(), page.problems


def test_the_language_switcher(page, site) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en&kind=school")
    page.locator("nav.languages a[lang='kk']").click()
    page.wait_for_url(re.compile(r"lang=kk"))
    page.wait_for_function(READY)
    assert "kind=school" in page.url
    assert "Мектептер" in page.locator(".leaflet-control-layers").inner_text()
    assert page.locator("html").get_attribute("lang") == "kk"
    screenshot(page, "language_kk")
    assert page.problems.none(), page.problems
