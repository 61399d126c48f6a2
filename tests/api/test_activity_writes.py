"""OGC API - Features Part 4 on the activities' collection, on both stores: tokens with
roles by the partnership's ends, If-Match versions, withdrawal, review."""

from __future__ import annotations

import json

import pytest

from geoapp.store import edits, history
from geoapp.store.records import ACTIVITY, PARTNERSHIP, read
from tests.support.writes import auth, feature

ITEMS = "/api/collections/activities/items"
IMC = "imc:kremenchuk-pishchane"
MEMORANDUM = "world:memorandum"


@pytest.fixture
def client(writing_app):
    return writing_app.test_client()


def test_an_editor_records_an_activity_and_a_reviewer_publishes_it(client, tokens, store,
                                                                   people):
    made = client.post(ITEMS, headers=auth(tokens["poltava_editor"]), data=feature({
        "partnership_id": IMC, "kind": "training", "title": "Спільний тренінг",
        "start_date": "2025-06-02", "end_date": "2025-06-03"}))
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert (body["reviewState"], made.headers["ETag"]) == ("pending", '"v1"')
    assert body["geometry"] == {"type": "MultiPoint",
                                "coordinates": [[33.42, 49.07], [33.75, 49.08]]}
    assert client.get(f"{ITEMS}/{body['id']}").status_code == 404
    with store.engine.begin() as conn:
        edits.set_state(conn, ACTIVITY, body["id"], "published", 1,
                        edits.Edit(people["poltava_reviewer"]))
    item = client.get(f"{ITEMS}/{body['id']}")
    assert item.status_code == 200 and item.headers["ETag"] == '"v2"'
    assert item.get_json()["properties"]["title"] == "Спільний тренінг"


def test_a_stale_if_match_is_412_and_changes_nothing(client, tokens, store):
    url, token = f"{ITEMS}/{MEMORANDUM}", tokens["poltava_editor"]
    assert client.patch(url, headers=auth(token), data=feature({"title": "x"})).status_code \
        == 428
    etag = client.get(url).headers["ETag"]
    saved = client.patch(url, headers=auth(token, **{"If-Match": etag}),
                         data=feature({"title": "Меморандум (уточнено)"}))
    assert saved.status_code == 200 and saved.headers["ETag"] == '"v2"'
    stale = client.patch(url, headers=auth(token, **{"If-Match": etag}),
                         data=feature({"title": "Інша назва"}))
    assert stale.status_code == 412 and stale.get_json()["currentVersion"] == 2
    with store.engine.connect() as conn:
        assert read(conn, ACTIVITY, MEMORANDUM)["title"] == "Меморандум (уточнено)"


def test_put_takes_back_what_was_read(client, tokens):
    url = f"{ITEMS}/{MEMORANDUM}"
    read_back = client.get(url).get_json()
    read_back["properties"]["description"] = "Підписано в Кременчуці"
    response = client.put(url, headers=auth(tokens["poltava_editor"], **{"If-Match": '"v1"'}),
                          data=json.dumps(read_back))
    assert response.status_code == 200, response.get_json()
    properties = response.get_json()["properties"]
    assert properties["description"] == "Підписано в Кременчуці"
    assert properties["date_precision"] == "month"  # the dates did not change


def test_an_editor_of_poltava_gets_403_out_of_their_regions(client, tokens, store, people):
    with store.engine.begin() as conn:
        donetsk = edits.create(conn, PARTNERSHIP, {"place_a_id": "katottg:UA140201",
                                                   "place_b_id": "edebo:1004"},
                               edits.Edit(people["admin"]))
    body = feature({"partnership_id": donetsk["id"], "kind": "visit", "title": "Візит"})
    refused = client.post(ITEMS, headers=auth(tokens["poltava_editor"]), data=body)
    assert refused.status_code == 403 and refused.get_json()["code"] == "Forbidden"
    allowed = client.post(ITEMS, headers=auth(tokens["donetsk_editor"]), data=body)
    assert allowed.status_code == 201


def test_bad_bodies_name_each_field_and_write_nothing(client, tokens, store):
    with store.engine.connect() as conn:
        before = len(history.recent(conn))
    response = client.post(ITEMS, headers=auth(tokens["poltava_editor"]), data=feature({
        "partnership_id": IMC, "kind": "party", "title": "Тренінг",
        "start_date": "2025-06-03", "end_date": "2025-06-01", "participants": 12}))
    assert response.status_code == 400
    assert set(response.get_json()["fields"]) == {"kind", "end_date", "participants"}
    with store.engine.connect() as conn:
        assert len(history.recent(conn)) == before


def test_delete_withdraws_and_keeps_the_history(client, tokens, store):
    url = f"{ITEMS}/{MEMORANDUM}"
    response = client.delete(url, headers=auth(tokens["poltava_editor"], **{"If-Match": '"v1"'}))
    assert response.status_code == 204
    assert client.get(url).status_code == 404
    with store.engine.connect() as conn:
        assert read(conn, ACTIVITY, MEMORANDUM)["review_state"] == "withdrawn"
        assert [e.action for e in history.changes_of(conn, "activity", MEMORANDUM)] == \
            ["withdraw"]


def test_the_openapi_document_declares_the_activities_writes(client):
    paths = client.get("/api/openapi").get_json()["paths"]
    assert "post" in paths["/collections/activities/items"]
    assert {"put", "patch", "delete"} <= set(paths["/collections/activities/items/{featureId}"])
