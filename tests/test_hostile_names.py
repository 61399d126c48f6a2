"""Names that are code in disguise run nowhere: every page that shows a name, in Chromium.

Places, a region and a partnership are loaded with names made of backticks, ``${...}``,
``</script>``, quotes, backslashes and newlines. Each page that shows them must raise no
dialog and no page error, and show each name as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import CliRunner
from shapely.geometry import MultiPolygon, box

from geoapp import create_app
from geoapp.cli import main
from geoapp.ingest import LoadOptions, load_file
from geoapp.store import get_store
from tests.support.browser import screenshot
from tests.support.live import live_server

pytestmark = pytest.mark.browser

# id -> name; all are schools near Kremenchuk, candidates of edebo:1001.
HOSTILE = {
    "bad:tick": "`+alert(1)+`",
    "bad:template": "${alert(document.domain)}",
    "bad:script": "</script><script>alert(2)</script>",
    "bad:quotes": "Ліцей \"№2\" і 'одинарні' `лапки`",
    "bad:newline": "Перший рядок\nдругий рядок\\`${alert(3)}",
}
POINTS = {"bad:tick": (33.445, 49.085), "bad:template": (33.46, 49.07),
          "bad:script": (33.47, 49.1), "bad:quotes": (33.48, 49.06),
          "bad:newline": (33.5, 49.12)}
REGION_NAME = "`+alert(4)+`</script>${alert(5)}"
TITLE = "</script>`${alert(6)}`"
# Folium names Leaflet objects as globals: find the group holding a place's marker or
# shape, bring the marker out of its cluster, and open its popup.
OPEN = """(id) => new Promise((resolve) => {
  setTimeout(() => resolve(false), 5000);
  for (const name of Object.keys(window)) {
    let group = null;
    try { group = window[name]; } catch (e) { continue; }  // localStorage, off a server
    if (!group || typeof group.eachLayer !== "function" || group instanceof L.Map) { continue; }
    let found = null;
    group.eachLayer((m) => {
      const own = (m.options && m.options.placeId) || (m.feature && m.feature.id);
      if (own === id) { found = m; }
    });
    if (!found) { continue; }
    if (group.zoomToShowLayer && !found._map) {
      group.zoomToShowLayer(found, () => { found.openPopup(); resolve(true); });
    } else {
      found.openPopup();
      resolve(true);
    }
    return;
  }
  resolve(false);
})"""
# Open each popup of the candidates map in turn; return what each shows.
CANDIDATE_POPUPS = """() => {
  const map = window[JSON.parse(document.getElementById("candidates-data").textContent).map];
  const texts = [];
  map.eachLayer((layer) => {
    if (!layer.getPopup || !layer.getPopup()) { return; }
    layer.openPopup();
    texts.push(layer.getPopup().getElement().querySelector(".leaflet-popup-content").innerText);
  });
  return texts;
}"""
READY = "() => document.body.dataset.mapState === 'ready'"


def shown(text: str) -> str:
    """A name as a browser renders it: runs of whitespace collapse to one space."""
    return " ".join(text.split())


def write_hostile(folder: Path) -> dict[str, Path]:
    """The hostile places, a region renamed, and a partnership between two of them."""
    places = folder / "hostile.csv"
    with places.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "kind", "name", "address", "lon", "lat"])
        for place_id, name in HOSTILE.items():
            writer.writerow([place_id, "school", name, name, *POINTS[place_id]])
    links = folder / "links.csv"
    with links.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "place_a", "place_b", "programme", "title", "source"])
        writer.writerow(["bad:link", "bad:tick", "bad:script", "imc", TITLE, TITLE])
    regions = folder / "region.geojson"
    gpd.GeoDataFrame({"code": ["UA530202"], "level": ["hromada"], "parent_code": ["UA5302"],
                      "name_uk": [REGION_NAME], "name_en": [REGION_NAME]},
                     geometry=[MultiPolygon([box(33.6, 49.0, 33.9, 49.15)])],
                     crs="EPSG:4326").to_file(regions, driver="GeoJSON")
    return {"regions": regions, "places": places, "partnerships": links}


@pytest.fixture
def hostile_store(store, tmp_path):
    """The fixture world with the hostile names loaded through the real loader."""
    for target, path in write_hostile(tmp_path).items():
        load_file(store, target, path, LoadOptions(progress=False))
    return store


@pytest.fixture
def site(hostile_store) -> Iterator[str]:
    app = create_app({"TESTING": True, "DATABASE_URL": hostile_store.url,
                      "TILE_URL": "/_test/tiles/{z}/{x}/{y}.png", "TILE_ATTRIBUTION": "tiles"})
    with live_server(app) as url:
        yield url
    get_store(app).dispose()


@pytest.fixture
def dialogs(page) -> list[str]:
    """Every dialog a page opens (dismissed at once): there must be none."""
    found: list[str] = []
    page.on("dialog", lambda d: (found.append(d.message), d.dismiss()))
    return found


def assert_clean(page, dialogs: list[str], name: str) -> None:
    """No dialog, no page error, no failed request; keep a screenshot."""
    screenshot(page, f"hostile_{name}")
    assert dialogs == []
    assert page.problems.none(), page.problems


def popup_text(page, place_id: str) -> str:
    assert page.evaluate(OPEN, place_id), f"no marker for {place_id}"
    # The popup before fades out for a moment: the new one is the last.
    popup = page.locator(".leaflet-popup-content").last
    popup.wait_for()
    return popup.inner_text()


def open_at(page, url: str, place_id: str) -> None:
    """Open a map page zoomed in on a place (map.js reads the view from the URL's hash)."""
    lon, lat = POINTS[place_id]
    page.goto("about:blank")  # else a new hash alone would not reload the page
    page.goto(f"{url}#16/{lat}/{lon}")
    page.wait_for_function(READY)


def test_the_map_its_popups_and_its_list(page, site, dialogs):
    page.goto(f"{site}/?lang=en&region=UA5302")
    page.wait_for_function(READY)
    listed = page.locator("#place-list").inner_text()
    for place_id, name in HOSTILE.items():
        assert shown(name) in listed
        open_at(page, f"{site}/?lang=en&region=UA5302", place_id)
        assert shown(name) in shown(popup_text(page, place_id))
    open_at(page, f"{site}/?lang=en&region=UA5302", "bad:tick")
    assert shown(TITLE) in shown(popup_text(page, "bad:link"))
    assert_clean(page, dialogs, "map")


def test_the_text_list(page, site, dialogs):
    page.goto(f"{site}/list?lang=en&region=UA5302")
    table = page.locator("table.places").inner_text()
    for name in HOSTILE.values():
        assert shown(name) in shown(table)
    assert_clean(page, dialogs, "list")


@pytest.mark.parametrize("place_id", ["bad:tick", "bad:script", "bad:newline"])
def test_the_place_card(page, site, dialogs, place_id):
    page.goto(f"{site}/places/{place_id}?lang=en")
    assert page.locator("h1").inner_text() == shown(HOSTILE[place_id])
    if place_id == "bad:tick":  # its partner and the partnership's source
        assert shown(HOSTILE["bad:script"]) in page.locator("ul.partners").inner_text()
    assert_clean(page, dialogs, f"card_{place_id}")


def test_the_place_card_in_a_hostile_region(page, site, dialogs):
    page.goto(f"{site}/places/edebo:1003?lang=en")
    assert shown(REGION_NAME) in page.locator("article").inner_text()
    assert_clean(page, dialogs, "card_region")


def test_the_candidates_map_and_table(page, site, dialogs):
    page.goto(f"{site}/candidates?place=edebo:1001&lang=en&radius_km=20&limit=20")
    assert dialogs == []
    page.wait_for_selector("path.candidate-marker")
    table = shown(page.locator("#shortlist").inner_text())
    for name in HOSTILE.values():
        assert shown(name) in table
    texts = [shown(text) for text in page.evaluate(CANDIDATE_POPUPS)]
    assert len(texts) == page.locator("#shortlist tbody tr").count()
    for name in HOSTILE.values():
        assert any(shown(name) in text for text in texts), name
    assert_clean(page, dialogs, "candidates")


def test_candidates_of_a_hostile_place(page, site, dialogs):
    page.goto(f"{site}/candidates?place=bad:tick&lang=en&radius_km=1")
    assert dialogs == []
    page.wait_for_selector("path.chosen-place")
    page.locator("path.chosen-place").hover(force=True)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() == shown(HOSTILE["bad:tick"])
    assert_clean(page, dialogs, "candidates_of_hostile")


def test_the_embedded_map(page, site, dialogs):
    for place_id in ("bad:tick", "bad:newline"):
        open_at(page, f"{site}/embed?layers=schools,partnerships&region=UA5302&lang=en",
                place_id)
        assert shown(HOSTILE[place_id]) in shown(popup_text(page, place_id))
    assert_clean(page, dialogs, "embed")


def test_the_exported_map(page, hostile_store, tmp_path, dialogs):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(
        main, ["export-map", "--layers", "schools,partnerships", "--region", "UA5302",
               "--lang", "en", "--no-tiles", "--title", TITLE, "--out", str(out)],
        env={"GEOAPP_DATABASE_URL": hostile_store.url})
    assert result.exit_code == 0, result.output
    page.set_content(out.read_text(encoding="utf-8"))
    page.wait_for_selector("path.exported-partnerships")
    for place_id in ("bad:tick", "bad:script", "bad:newline"):
        assert shown(HOSTILE[place_id]) in shown(popup_text(page, place_id))
    assert page.title() == TITLE
    assert_clean(page, dialogs, "export")
