"""Places stacked at one point (a city district's, where the register gives no address) open
as a named, scrollable list, not a spiral; a name opens that place's popup, which says its
position is approximate. In Debian's Chromium, on a desktop, in a 500 px frame and on a
390x844 phone."""

from __future__ import annotations

import pytest

from geoapp.ingest import LoadOptions, load_file
from tests.support.browser import screenshot
from tests.support.world import XSS_NAME, write_csv
from tests.web.test_accessibility import AXE, RUN
from tests.web.test_map_browser import (  # noqa: F401  (site is a fixture)
    READY,
    open_map,
    site,
)
from tests.web.test_map_tiles_browser import PAN

pytestmark = pytest.mark.browser

STACK = (33.85, 49.13)  # in Pishchane's hromada, kilometres from every other place
NAMES = [f"Гімназія №{n}" for n in range(1, 40)] + [XSS_NAME]
SIZES = {"desktop": ((1280, 800), "/?lang=en&layers=schools"),
         "frame": ((500, 500), "/embed?lang=en&layers=schools"),
         "phone": ((390, 844), "/?lang=en&layers=schools")}
# The map opens on the stack: the view in the URL's hash.
AT_STACK = f"#14/{STACK[1]}/{STACK[0]}"
FOCUSED = "() => document.activeElement && document.activeElement.textContent"
SCROLLS = "(list) => list.scrollHeight > list.clientHeight && getComputedStyle(list).overflowY"


@pytest.fixture
def stacked(store, tmp_path):
    """The world, with 40 schools at one city district's point."""
    path = tmp_path / "stack.csv"
    write_csv(path, ["id", "kind", "name", "status", "lon", "lat", "location_precision"],
              [(f"edebo:{5000 + i}", "school", name, "operating", *STACK, "city_district")
               for i, name in enumerate(NAMES)])
    load_file(store, "places", path, LoadOptions(progress=False))
    return store


@pytest.mark.parametrize("size", SIZES)
def test_a_stack_opens_as_a_named_list_and_a_name_opens_its_popup(page, stacked, site,  # noqa: F811
                                                                  size) -> None:
    viewport, url = SIZES[size]
    page.set_viewport_size(dict(zip(("width", "height"), viewport, strict=True)))
    open_map(page, site + url + AT_STACK)
    cluster = page.locator(".marker-cluster", has_text="40")
    cluster.click()

    listed = page.locator(".stack-popup .stack-list")
    listed.wait_for()
    assert page.locator("path.place-schools").count() == 0  # no spiral of markers
    heading = page.locator(".stack-popup h3")
    assert heading.inner_text() == "40 places at this point"
    assert listed.get_attribute("aria-labelledby") == heading.get_attribute("id")
    names = listed.locator("button").all_inner_texts()
    assert sorted(names) == sorted(NAMES) and len(names) == 40
    assert names.index("Гімназія №2") < names.index("Гімназія №10")  # by name, numbers too
    assert XSS_NAME in names  # a name is text, never markup
    assert listed.evaluate(SCROLLS) in ("auto", "scroll")
    assert page.evaluate(FOCUSED) == names[0]
    screenshot(page, f"stack_list_{size}")

    page.keyboard.press("Tab")  # the names are buttons, one Tab apart
    assert page.evaluate(FOCUSED) == names[1]
    page.keyboard.press("Escape")
    listed.wait_for(state="detached")
    assert page.evaluate("() => document.activeElement.classList.contains('marker-cluster')")
    page.keyboard.press("Enter")  # the cluster, focused again, opens the list from the keyboard
    listed.wait_for()

    listed.locator("button", has_text="Гімназія №17").click()
    popup = page.locator(".leaflet-popup .popup:not(.stack-popup)")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == "Гімназія №17"
    note = popup.locator(".precision.approximate")
    assert "city district" in note.inner_text() and "approximate" in note.inner_text()
    page.locator(".stack-popup").wait_for(state="detached")  # one popup at a time
    page.wait_for_function(READY)
    screenshot(page, f"stack_place_{size}")
    assert page.problems.none(), page.problems


def test_in_ukrainian_the_list_is_accessible_and_the_popup_says_approximate(
        page, stacked, site) -> None:  # noqa: F811
    open_map(page, site + "/?lang=uk&layers=schools" + AT_STACK)
    page.locator(".marker-cluster", has_text="40").click()
    page.locator(".stack-popup h3", has_text="40 закладів у цій точці").wait_for()
    page.evaluate(AXE.read_text(encoding="utf-8"))  # through DevTools, as the CSP would refuse
    assert page.evaluate(RUN) == []  # no serious or critical violation with the list open
    page.locator(".stack-list button").first.click()
    note = page.locator(".leaflet-popup .precision.approximate")
    assert "району міста" in note.inner_text() and "приблизна" in note.inner_text()
    page.locator(".stack-popup").wait_for(state="detached")  # one popup at a time
    assert page.problems.none(), page.problems


# What a redraw that rebuilds the layer's clusters does: every marker out, and back in.
REBUILD = """() => {
  const cfg = JSON.parse(document.getElementById("map-config").textContent);
  const group = window[cfg.layers.find((layer) => layer.id === "schools").group];
  const markers = group.getLayers();
  group.removeLayers(markers);
  group.addLayers(markers);
}"""
# The count on the cluster that has the focus, if a cluster in the page has it.
ON_CLUSTER = ('document.activeElement.classList.contains("marker-cluster") && '
              "document.activeElement.isConnected && document.activeElement.textContent.trim()")


def open_stack_list(page, site):  # noqa: F811
    """The stack's list, opened on a desktop; its locator."""
    open_map(page, site + SIZES["desktop"][1] + AT_STACK)
    page.locator(".marker-cluster", has_text="40").click()
    listed = page.locator(".stack-popup .stack-list")
    listed.wait_for()
    return listed


def test_escape_gives_the_focus_to_the_stack_even_when_its_clusters_were_rebuilt(
        page, stacked, site) -> None:  # noqa: F811
    listed = open_stack_list(page, site)
    page.evaluate(REBUILD)
    page.keyboard.press("Escape")
    listed.wait_for(state="detached")
    assert page.evaluate(f"() => {ON_CLUSTER}") == "40"
    page.keyboard.press("Enter")  # and it opens the list again
    listed.wait_for()
    assert page.problems.none(), page.problems


ARRIVED = {"type": "Feature", "id": "edebo:5099",
           "geometry": {"type": "Point", "coordinates": list(STACK)},
           "properties": {"id": "edebo:5099", "name": "Гімназія №41", "kind": "school",
                          "status": "operating", "location_precision": "city_district"}}


def test_escape_finds_the_stack_again_after_the_redraw_that_waited_for_its_list(
        page, stacked, site) -> None:  # noqa: F811
    listed = open_stack_list(page, site)

    def with_a_new_school(route) -> None:  # a place added while the list was open
        body = route.fetch().json()
        body["features"].append(ARRIVED)
        route.fulfill(json=body)

    page.route("**/data/schools/**", with_a_new_school)
    with page.expect_response("**/data/schools/**"):
        page.evaluate(PAN, [300, 0])  # new tiles: their redraw waits for the list to close
    page.keyboard.press("Escape")
    listed.wait_for(state="detached")
    page.wait_for_function(f"(count) => ({ON_CLUSTER}) === count", arg="41")
    page.keyboard.press("Enter")
    page.locator(".stack-popup h3", has_text="41 places at this point").wait_for()
    assert page.problems.none(), page.problems
