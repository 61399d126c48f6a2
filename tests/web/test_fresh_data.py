"""What `geoapp load` writes is served at once by a running app, without a restart."""

import geopandas as gpd
from shapely.geometry import MultiPolygon, box

from geoapp.ingest import LoadOptions, load_file
from tests.ingest.test_load import school, write_csv

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
