"""/data/<layer>.geojson: places by bbox and filters, counts per region, partnerships, errors."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from geoapp import layerdata as data
from geoapp.store import queries
from tests.support.world import XSS_NAME

UKRAINE = "22,44,41,53"
KREMENCHUK = "33.3,49.0,33.55,49.15"


def ids(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(True)
    return {f["id"] for f in response.get_json()["features"]}


def test_schools_in_a_bbox(client) -> None:
    assert ids(client, f"/data/schools.geojson?bbox={KREMENCHUK}&zoom=12") == {
        "edebo:1001", "edebo:1002", "edebo:9999"}


def test_place_carries_the_layers_popup_fields(client) -> None:
    body = client.get(f"/data/stem_centres.geojson?bbox={UKRAINE}").get_json()
    (feature,) = body["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [33.43, 49.07]}
    assert {"name", "status", "type", "website", "location_precision", "note"} <= set(
        feature["properties"])


def test_names_travel_as_data_not_markup(client) -> None:
    body = client.get(f"/data/schools.geojson?bbox={KREMENCHUK}&q=onerror").get_json()
    assert [f["properties"]["name"] for f in body["features"]] == [XSS_NAME]


@pytest.mark.parametrize(("query", "expected"), [
    ("region=UA5302", {"edebo:1001", "edebo:1002", "edebo:9999", "edebo:1003"}),
    ("region=UA14", {"edebo:1004"}),
    ("status=closed", {"edebo:1003"}),
    ("q=гімназ", {"edebo:1002", "edebo:1003"}),
    ("kind=school&status=suspended", {"edebo:1004"}),
    ("kind=vocational", set()),  # the schools layer holds no vocational institutions
])
def test_filters_narrow_the_schools(client, query: str, expected: set[str]) -> None:
    assert ids(client, f"/data/schools.geojson?bbox={UKRAINE}&{query}") == expected


def test_programme_filter(client) -> None:
    assert ids(client, "/data/communities.geojson?programme=plich-o-plich") == {
        "katottg:UA530201", "katottg:UA140201"}


def test_too_many_places_come_as_counts_per_region(client, monkeypatch) -> None:
    monkeypatch.setattr(data, "POINTS_MAX", 2)
    body = client.get(f"/data/schools.geojson?bbox={UKRAINE}&zoom=6&lang=en").get_json()
    assert body["aggregated"] is True and body["level"] == "oblast"
    counts = {f["id"]: f["properties"]["count"] for f in body["features"]}
    assert counts == {"UA53": 4, "UA14": 1}
    names = {f["properties"]["name"] for f in body["features"]}
    assert names == {"Poltava", "Donetsk"}
    assert body["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_counts_follow_the_chosen_level_and_filters(client, monkeypatch) -> None:
    monkeypatch.setattr(data, "POINTS_MAX", 0)
    body = client.get(f"/data/schools.geojson?bbox={UKRAINE}&zoom=5&level=hromada"
                      "&status=operating").get_json()
    # Every hromada in view is drawn; those without matching places count 0 ("no data").
    assert {f["id"]: f["properties"]["count"] for f in body["features"]} == {
        "UA530201": 3, "UA530202": 0, "UA140201": 0}


def test_close_in_there_are_always_points(client, monkeypatch) -> None:
    monkeypatch.setattr(data, "POINTS_MAX", 0)
    body = client.get(f"/data/schools.geojson?bbox={KREMENCHUK}&zoom=12").get_json()
    assert "aggregated" not in body and len(body["features"]) == 3


def test_partnerships_are_lines_with_both_ends(client) -> None:
    body = client.get(f"/data/partnerships.geojson?bbox={UKRAINE}").get_json()
    lines = {f["id"]: f for f in body["features"]}
    assert set(lines) == {"plich:kremenchuk-chasiv-yar", "imc:kremenchuk-pishchane"}
    long = lines["plich:kremenchuk-chasiv-yar"]
    assert long["properties"]["place_a_name"] == "Кременчуцька громада"
    assert long["properties"]["place_b_name"] == "Часовоярська громада"
    assert len(long["geometry"]["coordinates"]) > 2  # 330 km: a geodesic arc
    assert len(lines["imc:kremenchuk-pishchane"]["geometry"]["coordinates"]) == 2


@pytest.mark.parametrize(("query", "expected"), [
    ("programme=imc", {"imc:kremenchuk-pishchane"}),
    ("region=UA14", {"plich:kremenchuk-chasiv-yar"}),
    ("bbox=37.7,48.5,38,48.7", {"plich:kremenchuk-chasiv-yar"}),
])
def test_partnership_filters(client, query: str, expected: set[str]) -> None:
    assert ids(client, f"/data/partnerships.geojson?{query}") == expected


def test_regions_layer_gives_oblast_outlines_in_the_readers_language(client) -> None:
    body = client.get(f"/data/regions.geojson?bbox={UKRAINE}&zoom=5&lang=en").get_json()
    assert {f["properties"]["name"] for f in body["features"]} == {"Poltava", "Donetsk"}


@pytest.mark.parametrize(("query", "parameter"), [
    ("bbox=1,2,3", "bbox"), ("bbox=a,b,c,d", "bbox"), ("bbox=10,50,5,40", "bbox"),
    ("bbox=0,0,200,10", "bbox"), ("bbox=nan,0,1,1", "bbox"), ("zoom=99", "zoom"),
    ("zoom=x", "zoom"), ("kind=castle", "kind"), ("status=open", "status"),
    ("region=XX99", "region"), ("programme=nope", "programme"), ("level=planet", "level"),
    ("q=" + "a" * 201, "q"),
])
def test_bad_parameters_get_a_400_naming_them(client, query: str, parameter: str) -> None:
    response = client.get(f"/data/schools.geojson?{query}")
    assert response.status_code == 400
    assert response.get_json()["parameter"] == parameter
    assert response.get_json()["description"].startswith(f"{parameter}: ")


def test_unknown_layer_is_a_404_listing_the_known_ones(client) -> None:
    response = client.get("/data/castles.geojson")
    assert response.status_code == 404
    assert "schools" in response.get_json()["description"]


def test_too_many_lines_far_out_are_drawn_per_pair_of_regions(client, monkeypatch) -> None:
    monkeypatch.setattr(data, "PARTNERSHIPS_MAX", 1)
    far = client.get(f"/data/partnerships.geojson?bbox={UKRAINE}&zoom=6&lang=en").get_json()
    assert far["too_many"] == 2 and far["links_by"] == "oblast"
    links = {f["id"]: f for f in far["features"]}
    assert set(links) == {"UA14|UA53", "UA53|UA53"}
    between = links["UA14|UA53"]
    assert between["geometry"]["type"] == "LineString"
    assert between["properties"] | {"programmes": None} == {
        "a": "UA14", "b": "UA53", "a_name": "Donetsk", "b_name": "Poltava", "count": 1,
        "programmes": None}
    assert between["properties"]["programmes"] == {"plich-o-plich": 1}
    within = links["UA53|UA53"]
    assert within["geometry"]["type"] == "Point"
    assert within["properties"]["programmes"] == {"imc": 1}
    raions = client.get(f"/data/partnerships.geojson?bbox={UKRAINE}&zoom=8").get_json()
    assert {f["id"] for f in raions["features"]} == {"UA1402|UA5302", "UA5302|UA5302"}
    near = client.get(f"/data/partnerships.geojson?bbox={UKRAINE}&zoom=11").get_json()
    assert len(near["features"]) == 2 and "links_by" not in near
    assert far["shown"] == 2


def test_only_the_largest_pairs_are_drawn_and_the_rest_counted(client, monkeypatch) -> None:
    monkeypatch.setattr(data, "PARTNERSHIPS_MAX", 1)
    monkeypatch.setattr(data, "LINKS_SHOWN", 1)
    far = client.get(f"/data/partnerships.geojson?bbox={UKRAINE}&zoom=6").get_json()
    assert [f["id"] for f in far["features"]] == ["UA14|UA53"]
    assert far["shown"] == 1 and far["too_many"] == 2


def test_lines_per_pair_follow_the_filters(client, monkeypatch) -> None:
    monkeypatch.setattr(data, "PARTNERSHIPS_MAX", 0)
    body = client.get(f"/data/partnerships.geojson?bbox={UKRAINE}&zoom=5&programme=imc"
                      ).get_json()
    assert [f["id"] for f in body["features"]] == ["UA53|UA53"]
    assert body["too_many"] == 1


@pytest.mark.parametrize(("query", "expected"), [
    ("status=active", {"plich:kremenchuk-chasiv-yar", "imc:kremenchuk-pishchane"}),
    ("status=ended", set()), ("status=proposed", set()),
])
def test_partnerships_filter_by_their_own_statuses(client, query: str, expected) -> None:
    assert ids(client, f"/data/partnerships.geojson?{query}") == expected


def test_a_place_status_is_not_a_partnership_status(client) -> None:
    response = client.get("/data/partnerships.geojson?status=operating")
    assert response.status_code == 400 and response.get_json()["parameter"] == "status"
    assert "active" in response.get_json()["description"]


def test_counts_per_region_are_counted_again_after_a_write(client, store, monkeypatch) -> None:
    monkeypatch.setattr(data, "POINTS_MAX", 2)
    url = "/data/schools.geojson?zoom=6&lang=en"

    def counts() -> dict[str, int]:
        body = client.get(url).get_json()
        return {f["id"]: f["properties"]["count"] for f in body["features"]}

    assert counts() == counts() == {"UA53": 4, "UA14": 1}
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE places SET review_state = 'pending' WHERE id = "
                          "(SELECT min(id) FROM places WHERE region_code LIKE 'UA53%' "
                          "AND kind = 'school')"))
    # A change that bumps no revision is not seen: the counts were remembered, not recounted.
    assert counts() == {"UA53": 4, "UA14": 1}
    with store.engine.begin() as conn:
        queries.bump_revision(conn, "places")
    assert counts() == {"UA53": 3, "UA14": 1}
