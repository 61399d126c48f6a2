"""Items of the collections: filters, paging, single items, caching and exports, on both stores."""

from __future__ import annotations

import csv
import io

import pyogrio
import pytest

from tests.support.world import XSS_NAME

ITEMS = "/api/collections/{}/items"


def ids(client, collection: str, query: str = "") -> list[str]:
    response = client.get(f"{ITEMS.format(collection)}?{query}")
    assert response.status_code == 200, response.get_json()
    return [f["id"] for f in response.get_json()["features"]]


@pytest.mark.parametrize(("collection", "query", "expected"), [
    ("schools", "", ["edebo:1001", "edebo:1002", "edebo:1003", "edebo:1004", "edebo:9999"]),
    ("schools", "region=UA5302", ["edebo:1001", "edebo:1002", "edebo:1003", "edebo:9999"]),
    ("schools", "status=closed,suspended", ["edebo:1003", "edebo:1004"]),
    ("schools", "q=%D0%93%D0%86%D0%9C%D0%9D%D0%90%D0%97%D0%86%D0%AF",  # ГІМНАЗІЯ
     ["edebo:1002", "edebo:1003"]),
    ("schools", "bbox=33.40,49.05,33.42,49.07", ["edebo:1001"]),
    ("schools", "bbox=49.05,33.40,49.07,33.42"
     "&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326", ["edebo:1001"]),
    ("stem_centres", "programme=stem", ["edebo:2001"]),
    ("communities", "programme=plich-o-plich", ["katottg:UA140201", "katottg:UA530201"]),
    ("communities", "kind=authority", ["city:balti"]),
    ("communities", "bbox=170,-10,-170,10", []),  # crosses the antimeridian
    ("partnerships", "region=UA14", ["plich:kremenchuk-chasiv-yar"]),
    ("partnerships", "programme=imc", ["imc:kremenchuk-pishchane"]),
    ("regions", "", ["UA14", "UA53"]),
    ("regions", "region=UA53", ["UA53"]),
])
def test_filters_of_each_collection(client, collection, query, expected):
    assert ids(client, collection, query) == expected


@pytest.mark.parametrize(("query", "parameter"), [
    ("bbox=1,2,3", "bbox"),
    ("bbox=33,49,34,95", "bbox"),
    ("bbox=33,49,34,48", "bbox"),
    ("bbox=a,b,c,d", "bbox"),
    ("bbox=33,49,34,50&bbox-crs=EPSG:4326", "bbox-crs"),
    ("limit=0", "limit"),
    ("limit=10001", "limit"),
    ("limit=ten", "limit"),
    ("offset=-1", "offset"),
    ("kind=vocational", "kind"),  # not a kind of this layer
    ("status=active", "status"),
    ("region=XX99", "region"),
    ("programme=nope", "programme"),
    ("q=%00", "q"),
    ("q=", "q"),
    ("colour=red", "colour"),
    ("limit=1&limit=2", "limit"),
    ("f=xml", "f"),
])
def test_bad_input_gets_a_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"{ITEMS.format('schools')}?{query}")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


def test_a_filter_the_layer_does_not_offer_is_refused(client):
    response = client.get(f"{ITEMS.format('regions')}?q=Pol")
    assert response.status_code == 400 and response.get_json()["parameter"] == "q"


def test_paging_follows_next_and_prev_links_in_a_stable_order(client):
    url, seen = f"{ITEMS.format('schools')}?limit=2", []
    pages = []
    while url:
        page = client.get(url).get_json()
        pages.append(page)
        seen += [f["id"] for f in page["features"]]
        links = {link["rel"]: link["href"] for link in page["links"]}
        url = links.get("next", "").replace("http://localhost", "")
    assert seen == ids(client, "schools")
    assert [p["numberReturned"] for p in pages] == [2, 2, 1]
    assert all(p["numberMatched"] == 5 for p in pages)
    assert "offset=2" in {lk["rel"]: lk["href"] for lk in pages[-1]["links"]}["prev"]


def test_next_links_carry_the_key_and_match_offset_paging(client):
    page = client.get(f"{ITEMS.format('schools')}?limit=2&status=closed,suspended,operating")
    links = {link["rel"]: link["href"] for link in page.get_json()["links"]}
    assert "after=edebo%3A1002" in links["next"] and "offset=2" in links["next"]
    by_key = client.get(links["next"].replace("http://localhost", "")).get_json()
    by_offset = client.get(f"{ITEMS.format('schools')}?limit=2&offset=2"
                           "&status=closed,suspended,operating").get_json()
    assert [f["id"] for f in by_key["features"]] == [f["id"] for f in by_offset["features"]]
    assert by_key["numberMatched"] == by_offset["numberMatched"] == page.get_json()[
        "numberMatched"] > 2
    assert "after" not in {lk["rel"]: lk["href"] for lk in by_key["links"]}["prev"]
    past = client.get(f"{ITEMS.format('schools')}?limit=2&after=edebo:9999&offset=4").get_json()
    assert past["features"] == [] and past["numberMatched"] == 5


def test_a_count_is_remembered_until_a_load(app, client, store, tmp_path):
    from sqlalchemy import event

    from geoapp.ingest import LoadOptions, load_file
    from geoapp.store import get_store
    from tests.support.world import write_csv

    url = f"{ITEMS.format('schools')}?limit=1&status=closed,operating"
    before = client.get(url).get_json()["numberMatched"]
    seen: list[str] = []
    event.listen(get_store(app).engine, "before_cursor_execute",
                 lambda conn, cursor, sql, *args: seen.append(sql))
    assert client.get(url + "&offset=1").get_json()["numberMatched"] == before
    assert not any("count(" in sql.lower() for sql in seen)
    write_csv(tmp_path / "places.csv", ["id", "kind", "name", "status", "lon", "lat"],
              [("edebo:7777", "school", "Нова школа", "closed", 33.5, 49.1)])
    load_file(store, "places", tmp_path / "places.csv", LoadOptions(progress=False))
    assert client.get(url).get_json()["numberMatched"] == before + 1


def test_an_extent_is_remembered_until_a_load(app, client, store, tmp_path):
    from geoapp.ingest import LoadOptions, load_file
    from tests.support.world import write_csv
    from tests.web.test_caching import statements

    def extents() -> list:
        return [c.get("extent") for c in client.get("/api/collections").get_json()["collections"]]

    def measures(sql: str) -> bool:  # an extent's statement: the least and most of ST_X
        return "min(st_x(" in sql.lower()

    before, seen = extents(), statements(app)
    assert extents() == before
    assert not any(measures(sql) for sql in seen)  # the revisions at most
    assert client.get("/?status=closed").status_code == 200
    framed = [sql for sql in seen if measures(sql)]
    assert len(framed) == 1  # the map's frame of the closed places, then remembered
    assert client.get("/?status=closed").status_code == 200
    assert [sql for sql in seen if measures(sql)] == framed
    write_csv(tmp_path / "places.csv", ["id", "kind", "name", "status", "lon", "lat"],
              [("edebo:7777", "school", "Нова школа", "closed", 33.5, 49.3)])
    load_file(store, "places", tmp_path / "places.csv", LoadOptions(progress=False))
    after = {c["id"]: c for c in client.get("/api/collections").get_json()["collections"]}
    assert after["schools"]["extent"]["spatial"]["bbox"] == [[33.41, 48.6, 37.83, 49.3]]


def test_lines_and_polygons_come_with_their_whole_geometry(client):
    line = client.get(f"{ITEMS.format('partnerships')}?programme=imc").get_json()
    geometry = line["features"][0]["geometry"]
    assert geometry["type"] == "LineString" and len(geometry["coordinates"]) >= 2
    region = client.get(f"{ITEMS.format('regions')}?region=UA53").get_json()
    assert region["features"][0]["geometry"]["type"] == "MultiPolygon"
    assert len(region["features"][0]["geometry"]["coordinates"][0][0]) >= 4


def test_number_matched_is_left_out_past_the_cap(client, monkeypatch):
    from geoapp.api import features

    monkeypatch.setattr(features, "COUNT_CAP", 3)
    page = client.get(f"{ITEMS.format('schools')}?limit=2").get_json()
    assert "numberMatched" not in page
    assert any(link["rel"] == "next" for link in page["links"])


def test_a_single_item_and_the_404s(client):
    school = client.get("/api/collections/schools/items/edebo:1001")
    assert school.status_code == 200 and school.mimetype == "application/geo+json"
    body = school.get_json()
    assert body["geometry"] == {"type": "Point", "coordinates": [33.41, 49.06]}
    assert body["properties"]["region_code"] == "UA530201"
    # A STEM centre is not a school: asked through the schools, it is not there.
    assert client.get("/api/collections/schools/items/edebo:2001").status_code == 404
    assert client.get("/api/collections/nope/items").status_code == 404
    missing = client.get("/api/collections/schools/items/a%0Ab")
    assert missing.status_code == 404 and missing.get_json()["code"] == "NotFound"


def test_names_are_returned_as_data_never_as_markup(client):
    body = client.get("/api/collections/schools/items/edebo:9999")
    assert body.get_json()["properties"]["name"] == XSS_NAME
    assert body.mimetype == "application/geo+json"


def test_collections_list_every_layer_with_its_extent(client):
    found = {c["id"]: c for c in client.get("/api/collections").get_json()["collections"]}
    assert set(found) == {"schools", "vocational", "stem_centres", "teacher_centres",
                          "communities", "partnerships", "regions", "activities", "frontline"}
    assert found["schools"]["extent"]["spatial"]["bbox"] == [[33.41, 48.6, 37.83, 49.09]]
    assert found["communities"]["extent"]["spatial"]["bbox"] == [[27.93, 47.76, 37.84, 49.08]]
    assert found["regions"]["extent"]["spatial"]["bbox"] == [[32.0, 47.0, 39.0, 50.6]]
    assert found["partnerships"]["extent"]["spatial"]["bbox"] == [[33.42, 48.59, 37.84, 49.08]]
    # Published activities only: the proposed one at Kremenchuk's hromada is not counted.
    assert found["activities"]["extent"]["spatial"]["bbox"] == [[27.93, 47.76, 37.84, 49.08]]
    assert found["activities"]["extent"]["temporal"]["interval"] == [
        ["2021-01-01T00:00:00Z", "2025-03-31T23:59:59Z"]]
    assert found["partnerships"]["extent"]["temporal"]["interval"] == [
        ["2019-05-20T00:00:00Z", None]]  # both are still going
    assert "extent" not in found["teacher_centres"]  # none loaded


def test_landing_conformance_and_openapi(client):
    rels = {link["rel"] for link in client.get("/api").get_json()["links"]}
    assert {"self", "service-desc", "conformance", "data"} <= rels
    conformance = client.get("/api/conformance").get_json()["conformsTo"]
    assert any(c.endswith("/conf/geojson") for c in conformance)
    document = client.get("/api/openapi").get_json()
    limit = next(p for p in document["paths"]["/collections/schools/items"]["get"]["parameters"]
                 if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 10_000 and limit["schema"]["default"] == 100


def test_csv_export_has_lon_lat_and_a_file_name(client):
    response = client.get(f"{ITEMS.format('schools')}?region=UA5302&f=csv")
    assert response.mimetype == "text/csv"
    assert 'filename="schools-UA5302.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == ids(client, "schools", "region=UA5302")
    first = rows[0]
    assert (first["lon"], first["lat"]) == ("33.41", "49.06")


def test_csv_of_lines_has_a_point_and_the_wkt(client):
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"{ITEMS.format('partnerships')}?f=csv").data.decode("utf-8-sig"))))
    assert rows[0]["wkt"].startswith("LINESTRING") and float(rows[0]["lon"]) > 33


@pytest.mark.parametrize("collection", ["schools", "partnerships", "regions"])
def test_geopackage_export_holds_the_same_items(client, tmp_path, collection):
    response = client.get(f"{ITEMS.format(collection)}?f=gpkg")
    assert response.mimetype == "application/geopackage+sqlite3"
    path = tmp_path / "export.gpkg"
    path.write_bytes(response.data)
    frame = pyogrio.read_dataframe(path, layer=collection)
    assert sorted(frame["id"]) == sorted(ids(client, collection))


def test_empty_exports_are_still_valid_files(client, tmp_path):
    response = client.get(f"{ITEMS.format('schools')}?bbox=0,0,1,1&f=gpkg")
    path = tmp_path / "empty.gpkg"
    path.write_bytes(response.data)
    assert len(pyogrio.read_dataframe(path, layer="schools")) == 0
    csv_body = client.get(f"{ITEMS.format('schools')}?bbox=0,0,1,1&f=csv").data.decode(
        "utf-8-sig")
    assert csv_body.splitlines()[0].startswith("id,name")


def test_a_wrong_bbox_crs_is_refused_even_without_a_bbox(client):
    response = client.get(f"{ITEMS.format('schools')}?bbox-crs=nonsense")
    assert response.status_code == 400 and response.get_json()["parameter"] == "bbox-crs"
