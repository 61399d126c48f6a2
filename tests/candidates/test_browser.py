"""A planner's path in Chromium: a place card, one click to its candidates, one to the CSV."""

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from geoapp import create_app
from geoapp.store import get_store
from tests.support.live import live_server

pytestmark = pytest.mark.browser
# The map is a global of Folium's; open the first of its layers that has a popup.
OPEN_FIRST_POPUP = """() => {
  const map = window[JSON.parse(document.getElementById("candidates-data").textContent).map];
  let opened = false;
  map.eachLayer((layer) => {
    if (!opened && layer.getPopup && layer.getPopup()) { layer.openPopup(); opened = true; }
  });
}"""


@pytest.fixture
def app_url(store) -> Iterator[str]:
    app = create_app({"TESTING": True, "DATABASE_URL": store.url,
                      "TILE_URL": "/_test/tiles/{z}/{x}/{y}.png"})
    with live_server(app) as url:
        yield url
    get_store(app).dispose()


def test_card_to_candidates_to_csv_in_two_clicks(page, app_url):  # noqa: F811
    page.goto(f"{app_url}/places/edebo:1001?lang=en")
    page.get_by_role("link", name="Find partner candidates").click()
    page.wait_for_selector("#shortlist")
    assert page.locator("#shortlist tbody tr").count() == 2
    # The chosen place and two candidates as circles, two lines to them.
    page.wait_for_function("() => document.querySelectorAll('path.leaflet-interactive')"
                           ".length === 5")
    assert page.locator("img[src='x']").count() == 0
    assert page.get_by_text("<img src=x onerror=alert(1)>").count() >= 1
    with page.expect_download() as download:
        page.locator("#csv").click()
    text = Path(download.value.path()).read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Id"] for r in rows] == ["edebo:1002", "edebo:9999"]
    page.wait_for_load_state("networkidle")
    assert page.problems.none(), page.problems


def test_a_popup_names_the_candidate_and_links_its_card(page, app_url):  # noqa: F811
    page.goto(f"{app_url}/candidates?place=edebo:1001&lang=en")
    page.wait_for_selector("path.leaflet-interactive")
    page.locator("#shortlist tbody tr").first.wait_for()
    page.evaluate(OPEN_FIRST_POPUP)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "km" in popup.inner_text()
    assert popup.locator("a").get_attribute("href").startswith("/places/")
    assert page.problems.none(), page.problems
