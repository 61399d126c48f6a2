"""A store that stops answering: 503 with Retry-After in the right shape, then recovery
without a restart. PostGIS for real: the test's database refuses connections for a while."""

from __future__ import annotations

import gc

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from geoapp import create_app
from geoapp.store import get_store
from tests.web.test_caching import hears_revisions

pytestmark = pytest.mark.faults
ITEMS = "/api/collections/schools/items?limit=1"
ITEM = "/api/collections/schools/items/edebo:1001"


def refuse_connections(server_url: str, database: str, refuse: bool) -> None:
    """Close every connection to ``database`` and let none in (or let them in again)."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS '
                          f'{"false" if refuse else "true"}'))
        if refuse:
            close_connections(conn, database)
    admin.dispose()


def close_connections(admin: Connection, database: str) -> None:
    """Close every connection to ``database``, as a restart of the server does."""
    admin.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": database})


@pytest.mark.parametrize("store_kind", ["postgis"])
def test_an_outage_is_a_503_and_the_app_recovers(store, store_kind, postgis_url):
    app = create_app({"TESTING": True, "DATABASE_URL": store.url})
    client, database = app.test_client(), make_url(store.url).database
    assert client.get(ITEMS).status_code == 200
    refuse_connections(postgis_url, database, True)
    try:
        api = client.get(ITEMS)
        assert api.status_code == 503 and api.headers["Retry-After"].isdigit()
        assert api.get_json()["code"] == "ServiceUnavailable"
        page = client.get("/list?lang=uk")
        assert page.status_code == 503 and page.mimetype == "text/html"
        assert "Сховище даних не відповідає" in page.get_data(True)
        assert "does not answer" in client.get("/?lang=en").get_data(True)
        assert client.get("/healthz").status_code == 503
    finally:
        refuse_connections(postgis_url, database, False)
    assert client.get(ITEMS).status_code == 200
    assert client.get("/list?lang=uk").status_code == 200
    get_store(app).dispose()


@pytest.mark.parametrize("store_kind", ["postgis"])
@pytest.mark.parametrize("path", [ITEM, ITEMS, "/data/schools.geojson?zoom=12",
                                  "/api/collections/schools?f=html",
                                  "/api/collections/schools/items?f=csv&limit=1"],
                         ids=["single item", "page", "map data", "HTML page", "CSV page"])
def test_connections_the_store_dropped_are_replaced_at_once(store, store_kind, path):
    """After a restart every connection in the pool is dead: the first request that meets
    one opens a new one, and the others are replaced at their checkout, so no request
    fails."""
    app = create_app({"TESTING": True, "DATABASE_URL": store.url})
    client, engine = app.test_client(), get_store(app).engine
    pooled = [engine.connect() for _ in range(3)]
    for conn in pooled:
        conn.exec_driver_sql("SELECT 1")
        conn.close()
    with engine.connect() as admin:
        close_connections(admin.execution_options(isolation_level="AUTOCOMMIT"),
                          make_url(store.url).database)
    hears_revisions(app)  # listening again: the view's own query is the first to fail
    for _ in range(4):
        with client.get(path) as response:  # a streamed body holds its request till closed
            assert response.status_code == 200
    get_store(app).dispose()
    gc.collect()  # a connection the pool lost track of would warn here, closed unclosed


def test_links_come_from_the_public_url_not_the_host_header(store):
    app = create_app({"TESTING": True, "DATABASE_URL": store.url,
                      "PUBLIC_URL": "https://atlas.example.org/"})
    response = app.test_client().get("/api", headers={"Host": "evil.example"})
    hrefs = [link["href"] for link in response.get_json()["links"]]
    assert hrefs and all(h.startswith("https://atlas.example.org/api") for h in hrefs)
    assert "Host" not in response.headers.get("Vary", "")
    get_store(app).dispose()


def test_without_a_public_url_answers_vary_by_host(client):
    response = client.get("/api/collections", headers={"Host": "other.example"})
    assert "Host" in response.headers["Vary"]
    assert "http://other.example/api" in response.get_data(True)


@pytest.mark.parametrize("key", ["_method", "_scheme", "_anchor", "_external", "place_id"])
def test_url_options_in_a_query_are_plain_parameters(client, key):
    for url in ("/", "/list", "/embed", "/embed/builder", "/candidates?q=a"):
        response = client.get(f"{url}{'&' if '?' in url else '?'}{key}=x")
        assert response.status_code < 500, url
