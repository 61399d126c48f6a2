"""What `geoapp load` writes is served at once by a running app, without a restart."""

import geopandas as gpd
import orjson
import pytest
from shapely.geometry import MultiPolygon, box

from geoapp import create_app
from geoapp.ingest import LoadOptions, load_file
from geoapp.store import get_store, tiles
from tests.api.test_tiles import decode, tile_of
from tests.ingest.test_activities import activity
from tests.ingest.test_load import school, write_csv
from tests.web.test_caching import statements

QUIET = LoadOptions(progress=False)


def test_a_loaded_place_is_served_at_once(client, store, tmp_path):
    url = "/api/collections/schools/items?limit=1000"
    before = {f["id"] for f in client.get(url).get_json()["features"]}
    load_file(store, "places", write_csv(tmp_path / "p.csv", [school("new:1", 33.41, 49.07)]),
              QUIET)
    after = {f["id"] for f in client.get(url).get_json()["features"]}
    assert after - before == {"new:1"}


def test_a_loaded_region_is_known_to_the_map_at_once(client, store, tmp_path):
    url = "/data/schools.geojson?region=UA5303&zoom=12&bbox=33.9,49.0,34.1,49.2"
    assert client.get(url).status_code == 400
    # The pickers' choices are made once per load of regions.
    pickers = ("/data/region-choices.json?lang=uk", "/candidates?lang=uk&place=edebo:1001")
    assert not [page for page in pickers if "Новий" in client.get(page).get_data(True)]
    regions = gpd.GeoDataFrame({"code": ["UA5303"], "level": ["raion"], "parent_code": ["UA53"],
                                "name_uk": ["Новий"]},
                               geometry=[MultiPolygon([box(33.95, 49.0, 34.1, 49.2)])],
                               crs="EPSG:4326")
    regions.to_file(tmp_path / "regions.geojson", driver="GeoJSON")
    load_file(store, "regions", tmp_path / "regions.geojson", QUIET)
    load_file(store, "places", write_csv(tmp_path / "p.csv", [school("new:2", 34.0, 49.1)]),
              QUIET)
    features = client.get(url).get_json()["features"]
    assert [f["properties"].get("id", f.get("id")) for f in features] == ["new:2"]
    assert ["UA5303", "Новий (Район, Полтавська)", 2] in client.get(pickers[0]).get_json()
    assert 'value="UA5303"' in client.get(pickers[1]).get_data(True)


def ids_in(body: bytes) -> set[str]:
    """The ids of a vector tile's schools or of a map tile's features."""
    if body.startswith(b"{"):
        return {f["id"] for f in orjson.loads(body)["features"]}
    return {f["properties"]["id"] for f in decode(body, "schools")}


@pytest.mark.parametrize("template", [
    "/api/collections/schools/tiles/WebMercatorQuad/{z}/{y}/{x}",
    "/data/schools/{z}/{x}/{y}.geojson?lang=en"])
def test_a_remembered_tile_is_made_again_after_a_load(client, store, tmp_path, monkeypatch,
                                                      template):
    monkeypatch.setattr(tiles, "REMEMBERED_FROM", 0)  # the fixture world's tiles are small
    tile = tile_of(33.41, 49.07, 12)
    url = template.format(z=tile.z, x=tile.x, y=tile.y)
    before = client.get(url).data
    asked = statements(client.application)
    assert client.get(url).data == before
    assert not [s for s in asked if "places" in s]  # remembered: not read again
    load_file(store, "places", write_csv(tmp_path / "p.csv", [school("new:3", 33.41, 49.07)]),
              QUIET)
    assert ids_in(client.get(url).data) - ids_in(before) == {"new:3"}


def test_no_tile_is_remembered_when_the_memory_is_none(store, monkeypatch):
    app = create_app({"TESTING": True, "DATABASE_URL": store.url, "TILE_MEMORY_MB": 0})
    monkeypatch.setattr(tiles, "REMEMBERED_FROM", 0)
    tile = tile_of(33.41, 49.07, 8)
    url = f"/api/collections/schools/tiles/WebMercatorQuad/8/{tile.y}/{tile.x}"
    client = app.test_client()
    client.get(url)
    asked = statements(app)
    assert client.get(url).status_code == 200
    assert [s for s in asked if "places" in s]  # made again
    get_store(app).dispose()


def test_a_loaded_activity_widens_the_years_of_the_map_at_once(client, store, tmp_path):
    assert 'data-last="2025"' in client.get("/?lang=en").get_data(True)
    seen = statements(client.application)
    client.get("/?lang=en")
    assert not [sql for sql in seen if "activities.end_date" in sql]  # remembered
    load_file(store, "activities", write_csv(tmp_path / "activities.csv", [
        activity("new:2030", date="2030-05-01")]), QUIET)
    assert 'data-last="2030"' in client.get("/?lang=en").get_data(True)
