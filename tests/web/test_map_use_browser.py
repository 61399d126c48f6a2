"""The map as a methodologist uses it, in Debian's Chromium: popups that stay open, points
above areas, on a desktop, in a 500 px frame and on a 390x844 phone."""

from __future__ import annotations

import re
import time

import pytest

from geoapp import layerdata as data
from geoapp.ingest import LoadOptions, load_file
from tests.support.browser import screenshot
from tests.support.world import CRIMEA, XSS_NAME, write_csv, write_regions
from tests.web.test_map_browser import (  # noqa: F401  (site is a fixture)
    READY,
    SETTLED,
    after_move,
    open_map,
    site,
)
from tests.web.test_map_tiles_browser import VIEW

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


@pytest.fixture
def crimea(store, tmp_path):
    """The fixture world with AR Krym added: an oblast without a single place."""
    load_file(store, "regions", write_regions(tmp_path / "crimea.geojson", [CRIMEA]),
              LoadOptions(progress=False))
    return store


def test_every_region_of_the_level_is_drawn_and_a_chosen_empty_one_says_why(
        page, crimea, site, monkeypatch) -> None:  # noqa: F811
    monkeypatch.setattr(data, "POINTS_MAX", 2)  # counts per oblast on the first view
    open_map(page, f"{site}/?lang=en")
    page.wait_for_function(SETTLED)
    empty = page.locator("path.region-empty")
    assert empty.count() >= 1
    assert "No data" in page.locator(".legend .legend-counts").inner_text()
    assert "Crimea: No data" in page.locator("#place-list").inner_text()
    screenshot(page, "counts_with_crimea")
    open_map(page, f"{site}/?lang=uk&region=UA01")
    assert page.locator("path.chosen-region").count() == 1
    status = page.locator("#list-status").inner_text()
    assert "Автономна Республіка Крим" in status and "окупованих" in status
    screenshot(page, "chosen_region_without_places")
    assert page.problems.none(), page.problems


def layer_ticked(page, name: str) -> bool:
    return page.locator(".leaflet-control-layers label", has_text=name).locator(
        "input").is_checked()


def test_the_layers_on_are_kept_in_the_url(page, site) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en")
    assert not layer_ticked(page, "Communities")
    page.locator(".leaflet-control-layers label", has_text="Communities").click()
    page.wait_for_url(re.compile(r"layers=[^&#]*communities"))
    page.select_option("#f-status", "operating")
    page.locator("#filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"status=operating"))
    page.wait_for_function(READY)
    assert "communities" in page.url and layer_ticked(page, "Communities")
    assert "layers=" in page.locator("nav.languages a[lang='kk']").get_attribute("href")
    page.reload()
    page.wait_for_function(READY)
    assert layer_ticked(page, "Communities") and not layer_ticked(page, "Vocational")
    screenshot(page, "layers_in_url")
    assert page.problems.none(), page.problems


MAP_BOUNDS = """() => {
  const map = window[JSON.parse(document.getElementById("map-config").textContent).map];
  const b = map.getBounds();
  return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth(), map.getZoom()];
}"""


@pytest.mark.parametrize(("query", "inside"), [
    ("programme=stem", [(33.43, 49.07)]),  # the Kremenchuk STEM centre alone
    ("programme=imc", [(33.42, 49.07), (33.75, 49.08)]),  # a partnership's two ends
    ("kind=authority", [(27.93, 47.76)]),  # Bălți, outside the first view
])
def test_a_filter_frames_what_it_found(page, site, query, inside) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en")
    first = page.evaluate(MAP_BOUNDS)
    open_map(page, f"{site}/?lang=en&{query}")
    west, south, east, north, zoom = page.evaluate(MAP_BOUNDS)
    for lon, lat in inside:
        assert west < lon < east and south < lat < north
    assert zoom > first[4]
    screenshot(page, f"filter_frames_{query.replace('=', '_')}")
    assert page.problems.none(), page.problems


@pytest.mark.parametrize("query", ["q=B%C4%83l%C8%9Bi", "kind=authority"])
def test_search_and_kind_find_places_of_a_layer_that_is_off(page, site, query) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en&{query}")
    assert layer_ticked(page, "Communities")
    item = page.locator("#place-list li[data-id='city:balti']")
    assert "Bălți education directorate" in item.inner_text()
    screenshot(page, f"found_in_layer_off_{query.split('=')[0]}")
    assert page.problems.none(), page.problems


COVERAGE = """() => {
  const clip = (r) => Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0)) *
    Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
  const map = clip(document.querySelector(".map-box").getBoundingClientRect());
  const controls = [".leaflet-control-layers", ".legend"].map(
    (s) => clip(document.querySelector(s).getBoundingClientRect()));
  return {map: map / (innerWidth * innerHeight), controls: controls.reduce((a, b) => a + b) / map};
}"""


# The page's area (config.bounds) on the map: its share of the map's width and height, and
# whether all of it is on the map, with the zoom.
AREA_SHOWN = """() => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const map = window[cfg.map], size = map.getSize();
  const sw = map.latLngToContainerPoint(cfg.bounds[0]);
  const ne = map.latLngToContainerPoint(cfg.bounds[1]);
  return {zoom: map.getZoom(), width: (ne.x - sw.x) / size.x, height: (sw.y - ne.y) / size.y,
          whole: sw.x >= -1 && sw.y <= size.y + 1 && ne.x <= size.x + 1 && ne.y >= -1};
}"""


@pytest.mark.parametrize("size", [*SIZES.values(), (500, 500)])
def test_the_map_opens_on_the_whole_country_filling_the_screen(page, site, size) -> None:  # noqa: F811
    # At whole zooms a 390 px phone drew the country across half its width (zoom 4); a fit
    # to quarter zooms fills more than 2 ** -0.25 of the width or height it is bound by.
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_map(page, f"{site}/?lang=en")
    shown = page.evaluate(AREA_SHOWN)
    assert shown["whole"], shown
    assert max(shown["width"], shown["height"]) >= 0.84, shown
    screenshot(page, f"opens_whole_{size[0]}x{size[1]}")
    page.reload()  # the link now holds the view
    page.wait_for_function(READY)
    assert page.evaluate(AREA_SHOWN) == shown
    # The next zoom in is a whole zoom, asked for by tile.
    after_move(page, lambda: page.locator(".leaflet-control-zoom-in").click())
    assert page.evaluate(AREA_SHOWN)["zoom"] == int(shown["zoom"] + 1.5)  # as Math.round
    assert page.problems.none(), page.problems  # a tile at a quarter zoom would be refused


def test_a_shared_link_keeps_a_quarter_zoom(page, site) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en#5.25/49/32")
    assert page.evaluate(VIEW) == [5.25, 49, 32]
    assert page.problems.none(), page.problems


@pytest.mark.parametrize("url", ["/?lang=uk", "/embed?lang=uk"])
def test_on_a_phone_the_map_keeps_the_screen_and_the_controls_fold(page, site,  # noqa: F811
                                                                   url) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page, site + url)
    share = page.evaluate(COVERAGE)
    screenshot(page, f"phone_folded_{'embed' if 'embed' in url else 'map'}")
    assert share["map"] >= 0.75, share
    assert share["controls"] < 0.08, share
    # The whole map is on the screen, its scale and attribution too, however tall the header.
    bottom = page.evaluate("document.querySelector('.map-box').getBoundingClientRect().bottom")
    assert bottom <= 844 + 1, bottom
    page.locator(".leaflet-control-layers-toggle").click()
    assert page.locator(".leaflet-control-layers-list").is_visible()
    page.locator(".legend-toggle").click()
    assert page.locator(".legend ul").first.is_visible()
    assert page.locator(".legend-toggle").get_attribute("aria-expanded") == "true"
    assert page.locator(".leaflet-control-layers-list").is_visible()  # one does not fold the other
    screenshot(page, f"phone_unfolded_{'embed' if 'embed' in url else 'map'}")
    assert page.problems.none(), page.problems


def test_the_keyboard_walks_the_filters_without_reloading(page, site) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en")
    page.focus("#f-kind")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(500)
    assert "kind=" not in page.url  # nothing applied yet, and no reload
    assert page.evaluate("() => document.activeElement.id") == "f-kind"
    chosen = page.locator("#f-kind").input_value()
    page.keyboard.press("Tab")  # the status
    page.keyboard.press("Tab")  # the name
    page.keyboard.press("Tab")  # the Show button
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(f"kind={chosen}"))
    page.wait_for_function(READY)
    assert page.problems.none(), page.problems


def region_offers(page, typed: str) -> list[str]:
    """The picker's names containing what was typed, as Chromium's list offers them."""
    page.fill("#f-region", typed)
    page.wait_for_function("() => document.querySelector('#region-options option')")
    return page.locator("#region-options option").evaluate_all(
        "(options, typed) => options.map((o) => o.value)"
        ".filter((v) => v.toLowerCase().includes(typed.toLowerCase()))", typed)


@pytest.mark.parametrize(("lang", "typed"), [("uk", "Кременч"), ("en", "Kremench"),
                                             ("uk", "Kremench")])
def test_the_region_picker_finds_every_level_by_a_few_letters(page, site, lang,  # noqa: F811
                                                               typed) -> None:
    open_map(page, f"{site}/?lang={lang}")
    # The raion and the hromada of that name, without drilling down (and the hromadas of
    # that raion, whose label names it).
    offered = [name for name in region_offers(page, typed)
               if typed.lower() in name.split(" (")[0].lower()]
    assert len(offered) == 2
    raion = next(name for name in offered if "Raion" in name or "Район" in name)
    page.fill("#f-region", raion)
    page.press("#f-region", "Enter")
    page.wait_for_url(re.compile(r"region=UA5302\b"))
    page.wait_for_function(READY)
    assert page.locator("#f-region").input_value() == raion
    assert page.locator("#f-region-code").input_value() == "UA5302"
    screenshot(page, f"region_picker_{lang}_{typed}")
    assert page.problems.none(), page.problems


@pytest.mark.parametrize(("lang", "typed", "chosen"), [
    ("en", "kremenchuk", "UA5302"),  # the raion before the hromada (its list's first)
    ("en", "Poltav", "UA53"),  # the oblast before the raions and hromadas named after it
    ("uk", "Полтав", "UA53"),
    ("en", "chuk", "UA5302"),  # a word's middle: the highest level holding it
])
def test_a_name_typed_and_not_chosen_means_the_highest_region_it_starts(
        page, site, lang, typed, chosen) -> None:  # noqa: F811
    """Enter pressed on a few letters, no offer chosen: the planner meant the oblast, not the
    first hromada of the list whose label holds them."""
    open_map(page, f"{site}/?lang={lang}")
    page.focus("#f-region")
    page.wait_for_function("() => document.querySelector('#region-options option')")
    page.fill("#f-region", typed)
    page.press("#f-region", "Enter")
    page.wait_for_url(re.compile(rf"region={chosen}(&|$)"))
    page.wait_for_function(READY)
    assert page.problems.none(), page.problems


@pytest.fixture
def don(store, tmp_path):
    """The fixture world with a hromada whose whole name begins its oblast's: Дон, Донецька."""
    don = ("UA140202", "hromada", "UA1402", "Дон", "Don", (37.9, 48.55, 38.0, 48.65))
    load_file(store, "regions", write_regions(tmp_path / "don.geojson", [don]),
              LoadOptions(progress=False))
    return store


@pytest.mark.parametrize(("lang", "typed"), [("en", "Don"), ("uk", "дон")])
def test_a_whole_name_typed_means_that_region_before_a_higher_one_it_begins(
        page, don, site, lang, typed) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang={lang}")
    page.focus("#f-region")
    page.wait_for_function("() => document.querySelector('#region-options option')")
    page.fill("#f-region", typed)
    page.press("#f-region", "Enter")
    page.wait_for_url(re.compile(r"region=UA140202(&|$)"))  # not Donetsk oblast (UA14)
    page.wait_for_function(READY)
    assert page.problems.none(), page.problems


def test_the_region_names_are_asked_for_when_the_picker_is_used(page, site) -> None:  # noqa: F811
    """A map page that nobody searches by region does not fetch its 2,000 names."""
    asked = []
    page.on("request", lambda r: "region-choices" in r.url and asked.append(r.url))
    open_map(page, f"{site}/?lang=kk")
    assert not asked
    page.focus("#f-region")
    page.wait_for_function("() => document.querySelector('#region-options option')")
    assert len(asked) == 1 and asked[0].endswith("lang=kk")
    assert page.problems.none(), page.problems


def test_a_region_typed_before_its_names_come_is_sent_once_they_have(
        page, site) -> None:  # noqa: F811
    """The region names come apart from the page: Enter pressed (twice) while they are on
    their way sends the form once, with the region's code, when they come."""
    held = []
    page.route("**/data/region-choices.json*", lambda route: held.append(route))
    open_map(page, f"{site}/?lang=en")
    page.fill("#f-region", "Kremenchuk (Raion")
    page.press("#f-region", "Enter")
    page.press("#f-region", "Enter")
    page.wait_for_timeout(300)
    assert held and "region=" not in page.url  # nothing sent without the names
    with page.expect_navigation():
        for route in held:
            route.continue_()
    page.wait_for_function(READY)
    assert re.search(r"region=UA5302\b", page.url)
    assert page.problems.none(), page.problems


def test_a_region_list_that_cannot_come_is_said_and_sends_nothing(page, site) -> None:  # noqa: F811
    page.route("**/data/region-choices.json*", lambda route: route.abort())
    open_map(page, f"{site}/?lang=uk")
    page.fill("#f-region", "Кременчуцький")
    page.press("#f-region", "Enter")
    page.wait_for_function("() => document.getElementById('f-region')"
                           ".getAttribute('aria-invalid') === 'true'")
    page.locator("#f-region-error").wait_for(state="visible")
    assert "Не вдалося завантажити перелік регіонів" in page.locator("#f-region-error").inner_text()
    assert "region=" not in page.url
    assert page.evaluate("() => document.activeElement.id") == "f-region"
    screenshot(page, "region_list_failed_uk")


def test_a_name_no_region_has_is_said_at_the_field_even_on_a_phone(page, site) -> None:  # noqa: F811
    """The refusal is said where the planner is typing (the list's status may be out of
    sight on a phone), read out with the field, and unsaid as they type again."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_map(page, f"{site}/?lang=uk")
    page.focus("#f-region")
    page.wait_for_function("() => document.querySelector('#region-options option')")
    page.fill("#f-region", "Атлантида")
    page.press("#f-region", "Enter")
    error = page.locator("#f-region-error")
    error.wait_for(state="visible")
    assert error.inner_text().startswith("Немає регіону з такою назвою")
    assert "f-region-error" in page.locator("#f-region").get_attribute("aria-describedby")
    assert page.locator("#f-region").get_attribute("aria-invalid") == "true"
    # On the screen once the page has scrolled to it (smoothly, as the page's styles ask).
    page.wait_for_function("() => { const r = document.getElementById('f-region-error')"
                           ".getBoundingClientRect();"
                           " return r.top >= 0 && r.bottom <= innerHeight; }")
    box, field = error.bounding_box(), page.locator("#f-region").bounding_box()
    assert 0 <= box["y"] - (field["y"] + field["height"]) < 80  # just under the field
    assert "region=" not in page.url
    screenshot(page, "region_unknown_phone_uk")
    page.fill("#f-region", "Полтав")
    assert error.is_hidden() and page.locator("#f-region").get_attribute("aria-invalid") is None
    assert page.problems.none(), page.problems


def test_a_skip_link_and_the_map_before_the_list_in_the_tab_order(page, site) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en")
    page.keyboard.press("Tab")
    skip = page.evaluate("() => document.activeElement.textContent")
    assert skip == "Skip to the map"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "map-area"
    before = page.evaluate("""() => {
      const zoom = document.querySelector(".leaflet-control-zoom-in");
      const first = document.querySelector("#place-list a");
      return Boolean(zoom.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert before
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('.map-box') !== null")
    screenshot(page, "skip_to_map")
    assert page.problems.none(), page.problems


def test_the_place_card_maps_the_place_and_its_partners(page, site) -> None:  # noqa: F811
    page.goto(f"{site}/places/katottg:UA530201?lang=en")
    page.wait_for_function("() => document.body.dataset.placeMap === 'ready'")
    assert page.locator("#place-map path.partner-marker").count() == 2
    assert page.locator("#place-map path.partner-line").count() == 2
    assert page.locator("#place-map .leaflet-tooltip").inner_text() == "Кременчуцька громада"
    page.locator("#place-map path.partner-marker").first.hover()
    assert page.locator("#place-map .leaflet-tooltip").count() == 2
    screenshot(page, "place_card_map")
    page.goto(f"{site}/places/edebo:9999?lang=en")  # a name that looks like HTML stays text
    page.wait_for_function("() => document.body.dataset.placeMap === 'ready'")
    assert page.locator("#place-map .leaflet-tooltip").inner_text() == XSS_NAME
    assert page.locator("img[src='x']").count() == 0
    assert page.problems.none(), page.problems


@pytest.fixture
def sourced(store, tmp_path):
    """A partnership whose source is an article's address and whose areas are codes."""
    path = tmp_path / "sourced.csv"
    write_csv(path, ["id", "place_a", "place_b", "programme", "status", "start_date", "areas",
                     "source"],
              [("stem:pishchane-chasiv-yar", "katottg:UA530202", "katottg:UA140201", "stem",
                "active", "2024-09-01", "education;youth_sport",
                "https://example.org/news/1")])
    load_file(store, "partnerships", path, LoadOptions(progress=False))
    return store


LINE_COLOURS = """() => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const layer = cfg.layers.find((l) => l.source === "partnerships");
  const found = {};
  window[layer.group].eachLayer((line) => {
    found[line.feature.properties.programme_code] = line.options.color;
  });
  return found;
}"""


def test_the_legend_keys_lines_by_programme_and_popups_link_their_source(
        page, sourced, site) -> None:  # noqa: F811
    open_map(page, f"{site}/?lang=en")
    colours = page.evaluate(LINE_COLOURS)
    legend = page.locator(".legend .legend-programmes li")
    assert legend.count() == 3
    for code, name in (("plich-o-plich", "Side by side"), ("imc", "Inter-municipal cooperation"),
                       ("stem", "STEM education")):
        item = page.locator(f".legend-programmes li[data-programme='{code}']")
        assert item.inner_text().strip() == name
        swatch = item.locator(".swatch").evaluate("(s) => getComputedStyle(s).backgroundColor")
        rgb = tuple(int(colours[code][i:i + 2], 16) for i in (1, 3, 5))
        assert swatch == f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})"
    page.evaluate(OPEN, ["line", "stem:pishchane-chasiv-yar"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("a[href='https://example.org/news/1']").count() == 1
    assert "Education, Youth and sport" in popup.inner_text()
    assert "youth_sport" not in popup.inner_text()
    screenshot(page, "legend_by_programme")
    assert page.problems.none(), page.problems
