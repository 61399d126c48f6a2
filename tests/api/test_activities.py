"""The activities collection and the OGC datetime parameter, on both stores."""

from __future__ import annotations

import csv
import io

import pyogrio
import pytest

from tests.api.test_items import ITEMS, ids
from tests.support.world import XSS_NAME


@pytest.mark.parametrize(("collection", "query", "expected"), [
    ("activities", "datetime=2022-01-01/2022-01-31", ["world:balti-signing",
                                                      "world:balti-visit"]),
    ("activities", "datetime=2022-01-21", ["world:balti-visit"]),
    ("activities", "datetime=2022-01-21T22:00:00-03:00", []),  # 22 January in UTC
    ("activities", "datetime=../2021-12-31", ["world:stem-club", "world:training"]),
    ("activities", "datetime=2025-03-31T12:00:00Z/..", ["world:memorandum"]),
    ("activities", "datetime=2021-01-01/&area=governance", ["world:training"]),
    ("activities", "kind=visit,practice", ["world:balti-visit", "world:stem-club"]),
    ("activities", "region=UA5302&datetime=2021-06-01", ["world:stem-club"]),
    ("partnerships", "datetime=2024-06-01", ["imc:kremenchuk-pishchane"]),
    ("partnerships", "datetime=2025-03-01/..", ["imc:kremenchuk-pishchane",
                                                "plich:kremenchuk-chasiv-yar"]),
    ("partnerships", "datetime=../2019-05-19", []),
])
def test_datetime_narrows_by_date_and_active_period(client, collection, query, expected):
    assert ids(client, collection, query) == expected


@pytest.mark.parametrize("collection", ["activities", "partnerships"])
def test_a_page_writes_dates_as_its_single_items_do(client, collection):
    page = client.get(f"{ITEMS.format(collection)}?limit=100").get_json()["features"]
    assert page
    for feature in page:
        single = client.get(f"{ITEMS.format(collection)}/{feature['id']}").get_json()
        dates = {k: v for k, v in feature["properties"].items() if k.endswith("_date")}
        assert dates and dates == {k: single["properties"][k] for k in dates}
        assert all(v is None or len(v) == 10 for v in dates.values())  # YYYY-MM-DD


def test_an_activity_is_a_multipoint_at_its_places(client):
    body = client.get(f"{ITEMS.format('activities')}/world:stem-club").get_json()
    assert body["geometry"]["type"] == "MultiPoint"
    assert sorted(map(tuple, body["geometry"]["coordinates"])) == [(33.41, 49.06),
                                                                   (33.43, 49.07)]
    props = body["properties"]
    assert (props["start_date"], props["end_date"], props["date_precision"]) == (
        "2021-01-01", "2021-12-31", "year")
    assert props["place_ids"] == "edebo:2001;edebo:1001"
    assert "status" not in props and "version" not in props


def test_a_proposed_activity_is_not_published(client):
    assert client.get(f"{ITEMS.format('activities')}/world:proposed").status_code == 404


def test_titles_are_data_never_markup(client):
    body = client.get(f"{ITEMS.format('activities')}/world:training").get_json()
    assert body["properties"]["title"] == XSS_NAME


@pytest.mark.parametrize(("collection", "query", "parameter"), [
    ("activities", "datetime=2022-13-01", "datetime"),
    ("activities", "datetime=../..", "datetime"),
    ("activities", "area=sailing", "area"),
    ("activities", "status=published", "status"),  # not a filter of activities
    ("schools", "datetime=2022-01-01", "datetime"),  # places have no dates
])
def test_a_wrong_time_or_area_is_a_400_naming_it(client, collection, query, parameter):
    response = client.get(f"{ITEMS.format(collection)}?{query}")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter


def test_the_openapi_document_declares_datetime_where_it_applies(client):
    paths = client.get("/api/openapi").get_json()["paths"]

    def parameters(collection: str) -> dict:
        found = paths[f"/collections/{collection}/items"]["get"]["parameters"]
        return {p["name"]: p for p in found}

    for collection in ("activities", "partnerships"):
        declared = parameters(collection)["datetime"]
        assert "../2022-01-31" in declared["description"]
        assert declared["schema"]["type"] == "string"
    assert "datetime" not in parameters("schools")
    assert "education" in parameters("activities")["area"]["schema"]["enum"]
    assert parameters("activities")["kind"]["schema"]["items"]["enum"][0] == "meeting"


def test_activities_export_as_csv_and_geopackage(client, tmp_path):
    query = "datetime=2022-01-01/2022-01-31"
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"{ITEMS.format('activities')}?{query}&f=csv").data.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == ["world:balti-signing", "world:balti-visit"]
    assert rows[0]["wkt"] == "MULTIPOINT ((27.93 47.76))" and rows[0]["lon"] == "27.93"
    target = tmp_path / "activities.gpkg"
    target.write_bytes(client.get(f"{ITEMS.format('activities')}?{query}&f=gpkg").data)
    frame = pyogrio.read_dataframe(target)
    assert list(frame["id"]) == ["world:balti-signing", "world:balti-visit"]
    assert set(frame.geom_type) == {"MultiPoint"}
