"""Whole downloads: the map's and the list's Download links, and API exports without limit."""

from __future__ import annotations

import csv
import io
import json

import pyogrio
import pytest

from geoapp import create_app
from geoapp.store import get_store
from tests.support.browser import screenshot
from tests.support.live import live_server

READY = "() => document.body.dataset.mapState === 'ready'"
# The fixture world's places under Poltava oblast (UA53).
POLTAVA = {"katottg:UA530201", "katottg:UA530202", "edebo:1001", "edebo:1002", "edebo:1003",
           "edebo:2001", "edebo:3001", "edebo:9999"}


@pytest.fixture
def small_pages(store):
    """The app with an API page of two items, so that a cut export shows."""
    app = create_app({"TESTING": True, "DATABASE_URL": store.url, "API_LIMIT_DEFAULT": 2,
                      "TILE_URL": "/_test/tiles/{z}/{x}/{y}.png", "TILE_ATTRIBUTION": "test"})
    yield app
    get_store(app).dispose()


def read_csv(body: bytes) -> list[dict]:
    """Rows of a CSV that must start with the byte order mark Excel needs."""
    assert body.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_api_csv_without_limit_is_the_whole_match(small_pages) -> None:
    client = small_pages.test_client()
    page = client.get("/api/collections/schools/items?region=UA53").get_json()
    assert page["numberReturned"] == 2  # JSON still pages
    whole = read_csv(client.get("/api/collections/schools/items?region=UA53&f=csv&lang=uk").data)
    assert {r["id"] for r in whole} == {"edebo:1001", "edebo:1002", "edebo:1003", "edebo:9999"}
    closed = next(r for r in whole if r["id"] == "edebo:1003")
    assert (closed["status"], closed["status_label"]) == ("closed", "Закритий")
    assert (closed["oblast"], closed["raion"], closed["hromada"]) == (
        "Полтавська", "Кременчуцький", "Піщанська")
    one_page = read_csv(client.get("/api/collections/schools/items?f=csv&limit=1").data)
    assert len(one_page) == 1


def test_api_gpkg_without_limit_is_the_whole_match(small_pages, tmp_path) -> None:
    response = small_pages.test_client().get("/api/collections/schools/items?f=gpkg&lang=en")
    path = tmp_path / "schools.gpkg"
    path.write_bytes(response.data)
    found = pyogrio.read_dataframe(path)
    assert len(found) == 5 and "kind_label" in found.columns
    assert set(found["kind_label"]) == {"School"}


@pytest.mark.browser
def test_the_map_and_the_list_download_exactly_the_filtered_places(page, small_pages,
                                                                    tmp_path) -> None:
    with live_server(small_pages) as site:
        page.goto(f"{site}/?lang=uk&region=UA53")
        page.wait_for_function(READY)
        page.locator(".download-control summary").click()
        screenshot(page, "download_control")
        with page.expect_download() as csv_download:
            page.locator(".download-control a", has_text="CSV").click()
        body = csv_download.value.path().read_bytes()
        assert "UA53" in csv_download.value.suggested_filename
        rows = read_csv(body)
        assert {r["id"] for r in rows} == POLTAVA
        assert {r["oblast"] for r in rows} == {"Полтавська"}
        page.goto(f"{site}/list?lang=en&region=UA53&kind=school")
        assert "filters: 4." in page.locator(".downloads").inner_text()
        screenshot(page, "download_list")
        with page.expect_download() as geojson_download:
            page.locator(".downloads a", has_text="GeoJSON").click()
        shapes = json.loads(geojson_download.value.path().read_text())
        assert len(shapes["features"]) == 4
        with page.expect_download() as gpkg_download:
            page.locator(".downloads a", has_text="GeoPackage").click()
        path = tmp_path / "list.gpkg"
        path.write_bytes(gpkg_download.value.path().read_bytes())
        assert set(pyogrio.read_dataframe(path)["id"]) == POLTAVA - {
            "katottg:UA530201", "katottg:UA530202", "edebo:2001", "edebo:3001"}
    assert page.problems.none(), page.problems
