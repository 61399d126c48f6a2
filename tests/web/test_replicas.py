"""Reads from a PostgreSQL streaming replica: a real primary and a hot standby made with
pg_basebackup -R. Readers are answered by the standby, a writer reads their own write on the
primary at once (even while the standby is paused), and a replica that does not answer
sends reads to the primary, never an error."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import text

from geoapp import create_app
from geoapp.ingest import LoadOptions, load_file
from geoapp.store import Store, get_store, schema, users
from tests.support import world
from tests.support.people import add_people
from tests.support.postgis import _free_port
from tests.support.replicas import primary_and_standby, replication_available
from tests.support.signing import SECRET_KEY, post_form, sign_in

pytestmark = pytest.mark.replicas
SCHOOL = "edebo:1001"  # a school of Poltava oblast, which poltava_editor may edit
ITEM = f"/api/collections/schools/items/{SCHOOL}"
DOWNLOAD = "/list/download?format=csv&kind=school"
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')


@pytest.fixture(scope="module")
def replication(tmp_path_factory):
    """A primary holding the fixture world and its writers, and a standby that replayed it."""
    missing = replication_available()
    if missing:
        pytest.skip(missing)
    with primary_and_standby() as pair:
        store = Store(pair.primary_url)
        schema.upgrade(store)
        files = world.write_world(tmp_path_factory.mktemp("world"))
        for target in ("programmes", "regions", "places", "partnerships", "activities"):
            load_file(store, target, files[target], LoadOptions(progress=False))
        add_people(store)
        store.dispose()
        pair.wait_for_replay()
        yield pair


def app_reading_from(replication, read_urls: str):
    return create_app({"TESTING": True, "DATABASE_URL": replication.primary_url,
                       "DATABASE_READ_URLS": read_urls, "SECRET_KEY": SECRET_KEY,
                       "REVIEW": "on"})


@pytest.fixture
def app(replication):
    """The app with the standby as its read replica."""
    app = app_reading_from(replication, replication.standby_url)
    yield app
    get_store(app).dispose()


def name_in(response) -> str:
    assert response.status_code == 200, response.get_data(True)[:500]
    return response.get_json()["properties"]["name"]


def rename(client, new_name: str):
    """The signed-in editor renames the school through the card's form."""
    page = f"/places/{SCHOOL}/edit?lang=en"
    version = VERSION.search(client.get(page).get_data(True)).group(1)
    return post_form(client, page, page, {"name": new_name, "status": "operating",
                                          "website": "", "address": "", "version": version})


def test_readers_read_the_standby_and_a_writer_reads_their_write_at_once(app, replication):
    reader, writer = app.test_client(), app.test_client()
    before = name_in(reader.get(ITEM))
    sign_in(writer, "poltava_editor")
    replication.pause_replay()
    try:
        saved = rename(writer, "Ліцей після перейменування")
        assert saved.status_code == 302, saved.get_data(True)[:500]
        # The writer's reads are on the primary: the change is there, with its new version.
        mine = writer.get(ITEM)
        assert name_in(mine) == "Ліцей після перейменування"
        assert mine.headers["ETag"] == '"v2"'
        assert "Ліцей після перейменування" in writer.get(f"/places/{SCHOOL}").get_data(True)
        assert "Ліцей після перейменування" in writer.get(DOWNLOAD).get_data(True)
        # A reader is answered by the paused standby, which has not replayed the change.
        assert replication.on_standby("SELECT pg_is_in_recovery()")
        assert name_in(reader.get(ITEM)) == before
        assert before in reader.get(f"/places/{SCHOOL}").get_data(True)
        assert before in reader.get(DOWNLOAD).get_data(True)  # streamed on its own connection
    finally:
        replication.resume_replay()
    replication.wait_for_replay()
    assert name_in(reader.get(ITEM)) == "Ліцей після перейменування"
    assert reader.get(ITEM).headers["ETag"] == '"v2"'


def test_an_api_token_holder_reads_on_the_primary(app, replication):
    store = Store(replication.primary_url)
    with store.engine.begin() as conn:
        token = users.make_token(conn, users.by_email(conn, "olena@poltava.example.org").id,
                                 "replicas")
    store.dispose()
    auth, client = {"Authorization": f"Bearer {token}"}, app.test_client()
    replication.pause_replay()
    try:
        etag = client.get(ITEM, headers=auth).headers["ETag"]
        saved = client.patch(ITEM, headers={**auth, "If-Match": etag},
                             data='{"type": "Feature", "properties": {"name": "Ліцей API"}}')
        assert saved.status_code == 200, saved.get_json()
        assert name_in(client.get(ITEM, headers=auth)) == "Ліцей API"
        assert name_in(client.get(ITEM)) != "Ліцей API"  # a reader: the paused standby
    finally:
        replication.resume_replay()
    replication.wait_for_replay()


def test_a_replica_that_does_not_answer_sends_reads_to_the_primary(replication, caplog):
    dead = f"postgresql+psycopg://geoapp@127.0.0.1:{_free_port()}/geoapp"
    app = app_reading_from(replication, f"{dead},{replication.standby_url}")
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="geoapp.store.engine"):
        for url in (ITEM, "/list?lang=en", f"/places/{SCHOOL}", "/api/collections", ITEM):
            assert client.get(url).status_code == 200, url
    assert "unreachable" in caplog.text and "127.0.0.1" in caplog.text
    get_store(app).dispose()
    only_dead = app_reading_from(replication, dead)
    replication.pause_replay()
    try:
        # The primary answers: the write made there is seen though the standby is paused.
        primary = Store(replication.primary_url)
        with primary.engine.begin() as conn:
            conn.execute(text("UPDATE places SET name = 'Ліцей з первинного' WHERE id = :id"),
                         {"id": SCHOOL})
        primary.dispose()
        assert name_in(only_dead.test_client().get(ITEM)) == "Ліцей з первинного"
    finally:
        replication.resume_replay()
        get_store(only_dead).dispose()
    replication.wait_for_replay()


def test_a_replica_that_stops_under_a_running_app_sends_reads_to_the_primary(app, replication):
    client = app.test_client()
    assert client.get(ITEM).status_code == 200  # a pooled connection to the standby
    replication.stop_standby()
    try:
        for url in (ITEM, "/api/collections/schools/items?limit=2", f"/places/{SCHOOL}"):
            assert client.get(url).status_code == 200, url
    finally:
        replication.start_standby()
