"""OGC API - Features Part 4 on both stores: bearer tokens with roles by region, If-Match
versions, withdrawal instead of deletion, the revision seen by every cache."""

from __future__ import annotations

import json

import pytest

from geoapp.store import edits, history
from geoapp.store.records import PARTNERSHIP, PLACE, read
from tests.support.writes import auth, feature

PARTNERSHIPS = "/api/collections/partnerships/items"
SCHOOLS = "/api/collections/schools/items"
DONETSK_SCHOOL, POLTAVA_SCHOOL = "edebo:1004", "edebo:1001"


@pytest.fixture
def client(writing_app):
    return writing_app.test_client()


def test_a_write_without_a_token_is_401_and_names_the_scheme(client, tokens):
    for response in (client.post(PARTNERSHIPS, data=feature({})),
                     client.patch(f"{SCHOOLS}/{POLTAVA_SCHOOL}", data=feature({}),
                                  headers={"Authorization": "Bearer geoapp_forged",
                                           "If-Match": '"v1"'})):
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.get_json()["code"] == "Unauthorized"


def test_an_editor_proposes_and_a_reviewer_publishes_then_everyone_sees_it(
        client, tokens, store, people):
    items_etag = client.get(PARTNERSHIPS).headers["ETag"]
    made = client.post(PARTNERSHIPS, headers=auth(tokens["poltava_editor"],
                                                  **{"X-Change-Note": "from the API"}),
                       data=feature({"place_a_id": POLTAVA_SCHOOL, "place_b_id": "edebo:1002",
                                     "title": "Twin schools", "programme_code": "stem"}))
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["reviewState"] == "pending" and body["version"] == 1
    assert made.headers["ETag"] == '"v1"'
    assert made.headers["Location"].endswith(f"{PARTNERSHIPS}/{body['id']}")
    assert body["geometry"]["coordinates"] == [[33.41, 49.06], [33.44, 49.08]]
    assert client.get(f"{PARTNERSHIPS}/{body['id']}").status_code == 404
    with store.engine.begin() as conn:
        edits.set_state(conn, PARTNERSHIP, body["id"], "published", 1,
                        edits.Edit(people["poltava_reviewer"]))
    item = client.get(f"{PARTNERSHIPS}/{body['id']}")
    assert item.status_code == 200 and item.headers["ETag"] == '"v2"'
    after = client.get(PARTNERSHIPS, headers={"If-None-Match": items_etag})
    assert after.status_code == 200 and body["id"] in after.get_data(True)
    with store.engine.connect() as conn:
        assert history.changes_of(conn, "partnership", body["id"])[-1].note == "from the API"


def test_if_match_is_required_and_a_stale_one_is_412(client, tokens, store):
    url, token = f"{SCHOOLS}/{POLTAVA_SCHOOL}", tokens["poltava_editor"]
    missing = client.patch(url, headers=auth(token), data=feature({"name": "Ліцей №1"}))
    assert missing.status_code == 428
    etag = client.get(url).headers["ETag"]
    assert etag == '"v1"'
    saved = client.patch(url, headers=auth(token, **{"If-Match": etag}),
                         data=feature({"name": "Ліцей №1"}))
    assert saved.status_code == 200 and saved.headers["ETag"] == '"v2"'
    stale = client.patch(url, headers=auth(token, **{"If-Match": etag}),
                         data=feature({"name": "Інша назва"}))
    assert stale.status_code == 412
    assert stale.get_json()["code"] == "PreconditionFailed"
    assert stale.get_json()["currentVersion"] == 2
    with store.engine.connect() as conn:
        assert read(conn, PLACE, POLTAVA_SCHOOL)["name"] == "Ліцей №1"


def test_an_editor_of_poltava_gets_403_on_a_donetsk_school(client, tokens, store):
    response = client.patch(f"{SCHOOLS}/{DONETSK_SCHOOL}",
                            headers=auth(tokens["poltava_editor"], **{"If-Match": '"v1"'}),
                            data=feature({"name": "Renamed"}))
    assert response.status_code == 403 and response.get_json()["code"] == "Forbidden"
    allowed = client.patch(f"{SCHOOLS}/{DONETSK_SCHOOL}",
                           headers=auth(tokens["donetsk_editor"], **{"If-Match": '"v1"'}),
                           data=feature({"status": "operating"}))
    assert allowed.status_code == 200


def test_put_replaces_and_moves_and_keeps_derived_fields(client, tokens, store):
    url = f"{SCHOOLS}/{POLTAVA_SCHOOL}"
    read_back = client.get(url).get_json()
    read_back["properties"].update(name="Кременчуцький ліцей №1 імені Т. Шевченка",
                                   location_precision="exact", region_code="UA14")
    read_back["geometry"]["coordinates"] = [33.77, 49.1]
    response = client.put(url, headers=auth(tokens["poltava_editor"], **{"If-Match": '"v1"'}),
                          data=json.dumps(read_back))
    assert response.status_code == 200, response.get_json()
    properties = response.get_json()["properties"]
    assert properties["region_code"] == "UA530202"  # from the new position, not the body
    assert response.get_json()["geometry"]["coordinates"] == [33.77, 49.1]


def test_delete_withdraws_and_keeps_the_history(client, tokens, store):
    url = f"{PARTNERSHIPS}/imc:kremenchuk-pishchane"
    response = client.delete(url, headers=auth(tokens["poltava_editor"], **{"If-Match": '"v1"'}))
    assert response.status_code == 204
    assert client.get(url).status_code == 404
    with store.engine.connect() as conn:
        assert read(conn, PARTNERSHIP, "imc:kremenchuk-pishchane")["review_state"] == "withdrawn"
        assert [e.action for e in history.changes_of(
            conn, "partnership", "imc:kremenchuk-pishchane")] == ["withdraw"]


@pytest.mark.parametrize(("url", "body", "fields"), [
    (PARTNERSHIPS, feature({"place_a_id": POLTAVA_SCHOOL, "place_b_id": "edebo:none",
                            "start_date": "someday", "colour": "red"}),
     {"place_b_id", "start_date", "colour"}),
    (PARTNERSHIPS, feature({"place_a_id": POLTAVA_SCHOOL}), {"place_b_id"}),
    (SCHOOLS, feature({"name": "Нова"}, {"type": "Point", "coordinates": [200, 49]}), {"lon"}),
    (SCHOOLS, feature({"name": "Нова"}, {"type": "LineString", "coordinates": []}),
     {"geometry"}),
    (SCHOOLS, "not json", {"body"}),
])
def test_bad_bodies_name_each_field_and_write_nothing(client, tokens, store, url, body, fields):
    with store.engine.connect() as conn:
        before = len(history.recent(conn))
    response = client.post(url, headers=auth(tokens["poltava_editor"]), data=body)
    assert response.status_code == 400
    assert set(response.get_json()["fields"]) == fields
    with store.engine.connect() as conn:
        assert len(history.recent(conn)) == before


def test_a_school_posted_to_schools_is_a_school_and_waits(client, tokens, store):
    response = client.post(SCHOOLS, headers=auth(tokens["poltava_editor"]), data=json.dumps({
        "type": "Feature", "id": "edebo:5555", "properties": {"name": "Нова школа"},
        "geometry": {"type": "Point", "coordinates": [33.42, 49.071]}}))
    assert response.status_code == 201
    body = response.get_json()
    assert body["id"] == "edebo:5555" and body["properties"]["kind"] == "school"
    assert body["properties"]["region_code"] == "UA530201"
    assert client.get(f"{SCHOOLS}/edebo:5555").status_code == 404


def test_regions_cannot_be_written(client, tokens):
    response = client.post("/api/collections/regions/items",
                           headers=auth(tokens["admin"]), data=feature({}))
    assert response.status_code == 404


def test_the_openapi_document_and_conformance_declare_the_writes(client):
    conformance = client.get("/api/conformance").get_json()["conformsTo"]
    for part in ("create-replace-delete", "update", "optimistic-locking-etags"):
        assert f"http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/{part}" in conformance
    document = client.get("/api/openapi").get_json()
    items, item = document["paths"]["/collections/schools/items"], \
        document["paths"]["/collections/schools/items/{featureId}"]
    assert {"get", "post"} <= set(items) and {"get", "put", "patch", "delete"} <= set(item)
    assert item["patch"]["security"] == [{"bearerToken": []}]
    assert {"412", "428", "403"} <= set(item["put"]["responses"])
    assert "post" not in document["paths"]["/collections/regions/items"]
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"


def test_a_collections_extent_follows_a_move(client, tokens):
    """The extent is remembered under the data's revision: a write shows in the next one."""
    def north() -> float:
        return client.get("/api/collections/schools").get_json()[
            "extent"]["spatial"]["bbox"][0][3]

    assert north() == north() == 49.09
    url = f"{SCHOOLS}/{POLTAVA_SCHOOL}"
    moved = client.get(url).get_json()
    moved["geometry"]["coordinates"] = [33.77, 49.3]
    response = client.put(url, headers=auth(tokens["poltava_editor"], **{"If-Match": '"v1"'}),
                          data=json.dumps(moved))
    assert response.status_code == 200, response.get_json()
    assert north() == 49.3
