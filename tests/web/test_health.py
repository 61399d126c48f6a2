"""/healthz tells whether the store answers."""

import pytest

from geoapp import create_app
from geoapp.store import get_store, schema


def test_health_names_the_store_and_its_schema(client, store_kind):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["store"]) == ("ok", store_kind)
    assert body["schema"] == schema.head_version()
    assert not any(key in body for key in ("spatial", "version", "versions"))


@pytest.mark.parametrize("store_kind", ["spatialite", "postgis"])
def test_health_is_503_when_the_store_is_unreachable(store_kind, tmp_path):
    not_a_database = tmp_path / "garbage.sqlite"
    not_a_database.write_bytes(b"this is not a SQLite file" * 100)
    url = {"postgis": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2",
           "spatialite": f"sqlite:///{not_a_database}"}[store_kind]
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "store": store_kind,
                                   "error": "the store does not answer"}
    get_store(app).dispose()
