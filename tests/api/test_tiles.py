"""Vector tiles (OGC API - Tiles, WebMercatorQuad) of point and line layers, on both stores:
the same items as the items request of the tile's area, the same filters, ETags, 404s."""

from __future__ import annotations

import math

import mapbox_vector_tile
import pytest
from pyproj import Transformer

from geoapp.store.tiles import Tile

TILES = "/api/collections/{}/tiles/WebMercatorQuad"
KREMENCHUK = (33.41, 49.06)  # edebo:1001


def tile_of(lon: float, lat: float, z: int) -> Tile:
    n = 2 ** z
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return Tile(z, int((lon + 180) / 360 * n), int(y))


def decode(body: bytes, layer: str) -> list[dict]:
    found = mapbox_vector_tile.decode(body, default_options={"y_coord_down": True})
    return found[layer]["features"] if layer in found else []


def items_in(client, collection: str, tile: Tile, query: str = "") -> set[str]:
    west, south, east, north = tile.lonlat_bounds()
    page = client.get(f"/api/collections/{collection}/items?limit=1000&"
                      f"bbox={west},{south},{east},{north}{query}").get_json()
    return {f["id"] for f in page["features"]}


@pytest.mark.parametrize(("collection", "z", "query"), [
    ("schools", 8, ""), ("schools", 12, ""), ("schools", 8, "&status=closed"),
    ("communities", 6, ""), ("partnerships", 5, ""), ("partnerships", 5, "&programme=imc"),
])
def test_a_tile_holds_the_items_of_its_area(client, collection, z, query):
    tile = tile_of(*KREMENCHUK, z)
    response = client.get(f"{TILES.format(collection)}/{tile.z}/{tile.y}/{tile.x}?{query[1:]}")
    assert response.status_code == 200 and response.mimetype == "application/vnd.mapbox-vector-tile"
    features = decode(response.data, collection)
    expected = items_in(client, collection, tile, query)
    assert expected and {f["properties"]["id"] for f in features} == expected
    kinds = {f["geometry"]["type"] for f in features}
    assert kinds == ({"LineString"} if collection == "partnerships" else {"Point"})


def test_a_point_lands_where_the_place_is(client):
    tile = tile_of(*KREMENCHUK, 14)
    body = client.get(f"{TILES.format('schools')}/14/{tile.y}/{tile.x}").data
    [school] = [f for f in decode(body, "schools") if f["properties"]["id"] == "edebo:1001"]
    col, row = school["geometry"]["coordinates"]
    n, extent = 2 ** 14, 4096
    lon = (tile.x + col / extent) / n * 360 - 180
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (tile.y + row / extent) / n))))
    assert abs(lon - KREMENCHUK[0]) < 1e-4 and abs(lat - KREMENCHUK[1]) < 1e-4
    assert school["properties"]["status"] == "operating"


@pytest.mark.parametrize("z", [6, 10, 14])
def test_every_point_lands_on_its_own_pixel(client, z):
    # Pixels from PROJ's Web Mercator of each school's coordinates, rounded as MVT rounds.
    tile = tile_of(*KREMENCHUK, z)
    west, south, east, north = tile.lonlat_box()
    page = client.get(f"/api/collections/schools/items?limit=1000&"
                      f"bbox={west},{south},{east},{north}").get_json()
    minx, _, maxx, maxy = tile.mercator_bounds()
    to_mercator = Transformer.from_crs(4326, 3857, always_xy=True)
    expected = {}
    for feature in page["features"]:
        x, y = to_mercator.transform(*feature["geometry"]["coordinates"])
        expected[feature["id"]] = [round((x - minx) / (maxx - minx) * 4096),
                                   round((maxy - y) / (maxx - minx) * 4096)]
    body = client.get(f"{TILES.format('schools')}/{z}/{tile.y}/{tile.x}").data
    found = {f["properties"]["id"]: f["geometry"]["coordinates"]
             for f in decode(body, "schools") if f["properties"]["id"] in expected}
    assert expected and found == expected


def test_an_empty_tile_is_an_empty_answer(client):
    response = client.get(f"{TILES.format('schools')}/10/0/0")
    assert response.status_code == 200 and decode(response.data, "schools") == []


@pytest.mark.parametrize("path", [
    "/api/collections/regions/tiles/WebMercatorQuad/0/0/0",
    "/api/collections/nowhere/tiles/WebMercatorQuad/0/0/0",
    "/api/collections/schools/tiles/WebMercatorQuad/3/8/0",
    "/api/collections/schools/tiles/WebMercatorQuad/23/0/0",
])
def test_tiles_that_do_not_exist_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.get_json()["code"] == "NotFound"


def test_a_parameter_tiles_do_not_take_is_refused(client):
    response = client.get(f"{TILES.format('schools')}/0/0/0?limit=10")
    assert response.status_code == 400 and "limit" in str(response.get_json())


def test_tileset_metadata_links_the_tile_template(client):
    listing = client.get("/api/collections/schools/tiles").get_json()
    [tileset] = listing["tilesets"]
    assert tileset["dataType"] == "vector" and tileset["tileMatrixSetURI"].endswith(
        "WebMercatorQuad")
    metadata = client.get(TILES.format("partnerships")).get_json()
    template = next(lk for lk in metadata["links"] if lk["rel"] == "item")
    assert template["href"].endswith("/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}")
    assert metadata["layers"][0]["geometryType"] == "lines"


def test_collections_of_points_and_lines_link_their_tiles(client):
    def tiles_link(collection: str) -> list[str]:
        links = client.get(f"/api/collections/{collection}").get_json()["links"]
        return [lk["href"] for lk in links if lk["rel"].endswith("/tilesets-vector")]

    assert tiles_link("schools")[0].endswith("/collections/schools/tiles")
    assert tiles_link("partnerships") and not tiles_link("regions")
    assert client.get(tiles_link("schools")[0].replace("http://localhost", "")).status_code == 200


def test_a_tile_revalidates_by_data_revision(client):
    first = client.get(f"{TILES.format('schools')}/6/21/37")
    assert first.headers["ETag"]
    again = client.get(f"{TILES.format('schools')}/6/21/37",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
