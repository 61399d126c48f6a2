"""The official list on the web: a map layer, an API collection, and a line on place cards."""

from __future__ import annotations

import csv
import io

import pytest

from geoapp.ingest import LoadOptions, load_file
from tests.support.world import write_csv

LIST = [
    ("UA140201", "active_hostilities", "2024-08-07", ""),
    ("UA14", "possible_hostilities", "2022-02-24", ""),
    ("UA53020200010000001", "temporarily_occupied", "2022-03-01", "2022-04-01"),
    ("UA1402010020000001", "temporarily_occupied", "2022-07-03", ""),  # a settlement
]


@pytest.fixture
def listed(store, tmp_path, client):
    path = tmp_path / "list.csv"
    write_csv(path, ["region_code", "status", "start_date", "end_date", "edition_date", "name"],
              [(*row, "2025-04-30", f"entry {i}") for i, row in enumerate(LIST)])
    load_file(store, "region-statuses", path, LoadOptions(progress=False))
    return client


def test_the_layer_draws_each_region_in_its_gravest_status(listed):
    response = listed.get("/data/frontline.geojson?bbox=30,46,40,52&zoom=8&lang=en")
    assert response.status_code == 200
    body = response.get_json()
    found = {f["id"]: f["properties"] for f in body["features"]}
    assert body["edition"] == "2025-04-30"
    assert set(found) == {"UA14", "UA140201"}  # Donetsk oblast, Chasiv Yar hromada
    assert found["UA140201"] | {"entry": None} == {
        "code": "UA140201", "name": "Chasiv Yar", "status": "active_hostilities",
        "since": "2024-08-07", "entry": None, "entry_code": "UA140201"}
    assert found["UA14"]["status"] == "possible_hostilities"
    assert body["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    only = listed.get("/data/frontline.geojson?bbox=30,46,40,52&zoom=8&status=active_hostilities")
    assert [f["id"] for f in only.get_json()["features"]] == ["UA140201"]


def test_the_map_asks_for_the_layer_by_tile_and_keeps_the_edition(listed):
    body = listed.get("/data/frontline/7/77/44.geojson?lang=en").get_json()  # Chasiv Yar
    assert body["edition"] == "2025-04-30"
    assert {f["id"] for f in body["features"]} == {"UA14", "UA140201"}
    assert listed.get("/data/frontline/7/60/43.geojson").get_json()["features"] == []  # Poland


def test_the_map_page_offers_the_layer_hidden(listed):
    page = listed.get("/?lang=en").get_data(as_text=True)
    assert '"title": "Hostilities and occupation"' in page and '"statusColours"' in page
    assert '"visible": false' in page.split('"id": "frontline"')[1][:400]


def test_the_api_collection_lists_every_dated_status(listed):
    body = listed.get("/api/collections/frontline/items").get_json()
    assert body["numberMatched"] == 4
    rows = {f["properties"]["region_code"]: f for f in body["features"]}
    assert rows["UA140201"]["properties"]["status"] == "active_hostilities"
    assert rows["UA140201"]["properties"]["edition_date"] == "2025-04-30"
    assert rows["UA140201"]["geometry"]["type"] == "MultiPolygon"
    assert rows["UA1402010020000001"]["geometry"] is None  # a settlement: no region, no shape
    occupied = listed.get("/api/collections/frontline/items?status=temporarily_occupied")
    assert len(occupied.get_json()["features"]) == 2
    near = listed.get("/api/collections/frontline/items?bbox=37.8,48.56,37.85,48.6")
    assert {f["properties"]["region_code"] for f in near.get_json()["features"]} == {
        "UA140201", "UA14"}
    inside = listed.get("/api/collections/frontline/items?region=UA1402")
    assert [f["properties"]["region_code"] for f in inside.get_json()["features"]] == [
        "UA140201"]
    extent = listed.get("/api/collections/frontline").get_json()["extent"]
    assert extent["spatial"]["bbox"] == [[36.5, 47.0, 39.0, 49.3]]


def test_an_item_of_the_collection_by_its_number(listed):
    first = listed.get("/api/collections/frontline/items?limit=1").get_json()["features"][0]
    found = listed.get(f"/api/collections/frontline/items/{first['id']}")
    assert found.status_code == 200 and found.get_json()["properties"] == first["properties"]
    for wrong in ("0", "x1", "99999999999999999999"):
        assert listed.get(f"/api/collections/frontline/items/{wrong}").status_code == 404


def test_the_api_collection_exports_csv(listed):
    text = listed.get("/api/collections/frontline/items?f=csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["status"] for r in rows} == {"active_hostilities", "possible_hostilities",
                                           "temporarily_occupied"}


@pytest.mark.parametrize(("place", "lang", "lines"), [
    ("katottg:UA140201", "en", ["active hostilities since 07.08.2024, per the list of "
                                "30.04.2025 (entry: entry 0)",
                                "possible hostilities since 24.02.2022, per the list of "
                                "30.04.2025 (entry: entry 1)"]),
    ("edebo:1004", "uk", ["активні бойові дії з 07.08.2024, за переліком від 30.04.2025"]),
    ("katottg:UA530201", "en", ["Not in the list of 30.04.2025."]),
])
def test_place_cards_say_the_status_and_the_edition(listed, place, lang, lines):
    page = listed.get(f"/places/{place}?lang={lang}").get_data(as_text=True)
    for line in lines:
        assert line in page


def test_a_card_counts_the_listed_settlements_of_its_hromada(listed):
    page = listed.get("/places/katottg:UA140201?lang=en").get_data(as_text=True)
    assert "Settlements of its hromada in the list: temporarily occupied: 1." in page


def test_without_a_list_cards_say_nothing_of_it(client):
    page = client.get("/places/katottg:UA140201?lang=en").get_data(as_text=True)
    assert "Hostilities and occupation" not in page
