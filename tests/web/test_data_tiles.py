"""/data/<layer>/<z>/<x>/<y>.geojson: every layer by map tile, each place in one tile, a
line, an activity or a region in every tile it touches."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from geoapp import layerdata as data
from geoapp.ingest.write import upsert
from geoapp.store.models import Place, fold
from geoapp.store.tiles import Tile, edge_lat, edge_lon

# Zoom 12 tiles around Kremenchuk, where the fixture's schools of UA5302 stand.
Z = 12
KREMENCHUK = (33.43, 49.07)


def column_row(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The tile that holds a point, by search over the edges (as the store decides)."""
    x = next(c for c in range(2 ** z) if edge_lon(c, z) <= lon < edge_lon(c + 1, z))
    y = next(r for r in range(2 ** z) if edge_lat(r + 1, z) < lat <= edge_lat(r, z))
    return x, y


def tile_ids(client, layer: str, z: int, x: int, y: int, query: str = "") -> list[str]:
    response = client.get(f"/data/{layer}/{z}/{x}/{y}.geojson?{query}")
    assert response.status_code == 200, response.get_data(True)
    return [f["id"] for f in response.get_json()["features"]]


def block_ids(client, layer: str, z: int, x0: int, y0: int, query: str = "") -> list[str]:
    """Ids of the 3 x 3 tiles from (x0, y0), duplicates kept."""
    return [i for x in range(x0, x0 + 3) for y in range(y0, y0 + 3)
            for i in tile_ids(client, layer, z, x, y, query)]


def bbox_ids(client, layer: str, z: int, x0: int, y0: int, query: str = "") -> set[str]:
    """Ids the bbox endpoint gives for the box of the same 3 x 3 tiles (points zoom)."""
    box = (edge_lon(x0, z), edge_lat(y0 + 3, z), edge_lon(x0 + 3, z), edge_lat(y0, z))
    bbox = ",".join(f"{v:.9f}" for v in box)
    response = client.get(f"/data/{layer}.geojson?bbox={bbox}&zoom=15&{query}")
    return {f["id"] for f in response.get_json()["features"]}


@pytest.mark.parametrize("query", ["", "status=operating", "q=гімназ"])
def test_tiles_give_the_places_of_their_box_once(client, query: str) -> None:
    x, y = column_row(*KREMENCHUK, Z)
    found = block_ids(client, "schools", Z, x - 1, y - 1, query)
    assert len(found) == len(set(found))
    assert set(found) == bbox_ids(client, "schools", Z, x - 1, y - 1, query) != set()


def test_a_place_on_the_edge_between_tiles_is_in_one_of_them(client, store) -> None:
    x, y = column_row(*KREMENCHUK, Z)
    on_edge = {"id": "test:edge", "kind": "school", "type": "lyceum", "name": "On the edge",
               "name_folded": fold("On the edge"), "status": "operating", "website": None,
               "address": None, "location_precision": "exact", "region_code": None,
               "note": None, "geom": Point(edge_lon(x, Z), edge_lat(y, Z))}
    with store.engine.begin() as conn:
        upsert(conn, Place.__table__, [on_edge])
    holders = [(tx, ty) for tx in (x - 1, x) for ty in (y - 1, y)
               if "test:edge" in tile_ids(client, "schools", Z, tx, ty)]
    assert holders == [(x, y)]  # the west and north edges belong to a tile


def test_a_crowded_tile_far_out_says_so_instead_of_sending_points(client, monkeypatch) -> None:
    monkeypatch.setattr(data, "POINTS_MAX", 2)
    x, y = column_row(*KREMENCHUK, 5)
    body = client.get(f"/data/schools/5/{x}/{y}.geojson").get_json()
    assert body["crowded"] is True and body["features"] == []
    closer = Tile(data.POINTS_ZOOM - 1, *column_row(*KREMENCHUK, data.POINTS_ZOOM - 1))
    body = client.get(f"/data/schools/{closer.z}/{closer.x}/{closer.y}.geojson").get_json()
    assert "crowded" not in body and len(body["features"]) == 3


def test_a_tile_is_cached_and_revalidated_like_the_views(client) -> None:
    url = "/data/schools/6/{}/{}.geojson?lang=en".format(*column_row(*KREMENCHUK, 6))
    first = client.get(url)
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert "Accept-Language" in first.headers["Vary"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert client.get(url.replace("lang=en", "lang=uk")).headers["ETag"] != first.headers["ETag"]


@pytest.mark.parametrize(("path", "parameter"), [
    ("schools/23/0/0", "z"), ("schools/x/0/0", "z"), ("schools/3/8/0", "x"),
    ("schools/3/0/-1", "y"), ("schools/3/0/²", "y"),
])
def test_a_tile_out_of_range_is_a_400_naming_the_parameter(client, path: str,
                                                            parameter: str) -> None:
    response = client.get(f"/data/{path}.geojson?lang=en")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


def test_a_bad_filter_on_a_tile_is_a_400_naming_it(client) -> None:
    response = client.get("/data/schools/3/4/2.geojson?status=nope&lang=en")
    assert response.status_code == 400 and response.get_json()["parameter"] == "status"


def covering(z: int, west: float, south: float, east: float, north: float) -> list[Tile]:
    """The tiles at zoom ``z`` that cover a box."""
    x0, y0 = column_row(west, north, z)
    x1, y1 = column_row(east, south, z)
    return [Tile(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


@pytest.mark.parametrize("layer", ["partnerships", "activities", "regions"])
def test_every_layer_comes_by_tile_as_the_whole_map_gives_it(client, layer: str) -> None:
    tiles = covering(6, 22, 44, 41, 53)  # Ukraine: what the fixture holds
    found = [i for t in tiles for i in tile_ids(client, layer, t.z, t.x, t.y, "lang=en")]
    whole = client.get(f"/data/{layer}.geojson?zoom=7&lang=en").get_json()
    assert set(found) == {f["id"] for f in whole["features"]} != set()


def test_a_line_is_in_the_tiles_of_its_ends_and_not_far_from_them(client) -> None:
    chasiv_yar = column_row(37.95, 48.6, 9)
    assert tile_ids(client, "partnerships", 9, *chasiv_yar) == ["plich:kremenchuk-chasiv-yar"]
    kremenchuk = column_row(*KREMENCHUK, 9)
    assert sorted(tile_ids(client, "partnerships", 9, *kremenchuk)) == [
        "imc:kremenchuk-pishchane", "plich:kremenchuk-chasiv-yar"]
    assert tile_ids(client, "partnerships", 9, *column_row(24.0, 49.8, 9)) == []  # Lviv


def test_regions_by_tile_come_simplified_for_the_zoom_above_it(client) -> None:
    x, y = column_row(*KREMENCHUK, 5)
    tiled = client.get(f"/data/regions/5/{x}/{y}.geojson?lang=en").get_json()
    bbox = ",".join(f"{v:.9f}" for v in Tile(5, x, y).lonlat_box())
    viewed = client.get(f"/data/regions.geojson?bbox={bbox}&zoom=6&lang=en").get_json()
    assert tiled["features"] == viewed["features"] != []


def test_too_many_lines_in_a_tile_far_out_say_so(client, monkeypatch) -> None:
    monkeypatch.setattr(data, "PARTNERSHIPS_MAX", 1)
    monkeypatch.setattr(data, "TILE_LINES_MAX", 1)
    x, y = column_row(*KREMENCHUK, 6)
    body = client.get(f"/data/partnerships/6/{x}/{y}.geojson").get_json()
    assert body == {"type": "FeatureCollection", "features": [], "crowded": True}
    whole = client.get("/data/partnerships.geojson?zoom=7").get_json()
    assert whole["links_by"] and whole["too_many"] == 2
    near = Tile(data.POINTS_ZOOM - 1, *column_row(*KREMENCHUK, data.POINTS_ZOOM - 1))
    assert len(tile_ids(client, "partnerships", near.z, near.x, near.y)) == 2


def test_too_many_activities_in_a_tile_far_out_say_so(client, monkeypatch) -> None:
    monkeypatch.setattr(data, "POINTS_MAX", 0)
    x, y = column_row(*KREMENCHUK, 6)
    assert client.get(f"/data/activities/6/{x}/{y}.geojson").get_json()["crowded"] is True


def test_an_unknown_layer_by_tile_is_a_404(client) -> None:
    assert client.get("/data/nope/3/4/2.geojson").status_code == 404
