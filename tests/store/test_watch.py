"""Revisions heard of, not asked for: PostgreSQL's notifications keep each process's copy
current. PostGIS for real; another process is a real `geoapp load`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from geoapp.ingest import LoadOptions, load_file
from geoapp.store import Store, get_store, watch
from tests.ingest.test_load import school, write_csv

pytestmark = pytest.mark.parametrize("store_kind", ["postgis"])
QUIET = LoadOptions(progress=False)


def heard(store: Store, until=lambda known: known is not None, seconds: float = 10) -> tuple:
    """The revisions ``store`` has heard of, once ``until`` them holds."""
    deadline = time.monotonic() + seconds
    while not until(known := store.known_revisions()):
        assert time.monotonic() < deadline, f"still {known} after {seconds} s"
        time.sleep(0.01)
    return known


def places_of(known: tuple) -> int:
    return dict(known).get("places", 0)


def test_a_load_by_another_process_is_heard(store, store_kind, tmp_path):
    before = places_of(heard(store))
    path = write_csv(tmp_path / "p.csv", [school("new:1", 33.41, 49.07)])
    env = {**os.environ, "GEOAPP_DATABASE_URL": store.url}
    geoapp = Path(sys.executable).with_name("geoapp")  # the command of this venv
    done = subprocess.run([str(geoapp), "load", "places", str(path)], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert places_of(heard(store, lambda k: k is not None and places_of(k) > before)) \
        == before + 1


def test_a_change_made_here_is_never_told_late(store, store_kind, tmp_path):
    before = places_of(heard(store))
    load_file(store, "places", write_csv(tmp_path / "p.csv", [school("new:2", 33.4, 49.1)]),
              QUIET)
    # Unknown until a reading shows the change, then known with it; never the old number.
    assert store.known_revisions() is None or places_of(store.known_revisions()) > before
    assert places_of(heard(store)) == before + 1


def test_a_rolled_back_change_is_not_awaited(store, store_kind):
    from geoapp.store.queries import bump_revision

    before = heard(store)
    with store.engine.connect() as conn, conn.begin() as transaction:
        bump_revision(conn, "places")
        assert store.known_revisions() is None  # awaited while the change may come
        transaction.rollback()
    assert heard(store, seconds=5) == before  # read again, without a change to wait for


def test_a_lost_listener_listens_again(store, store_kind):
    heard(store)
    with store.engine.connect() as conn:
        ended = conn.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = :name AND datname = current_database()"),
            {"name": watch.LISTENER}).scalars().all()
    assert ended == [True]
    heard(store, lambda known: known is None, seconds=5)  # lost: nothing is known
    heard(store)  # listening again


def test_no_revisions_are_heard_with_replicas_or_on_spatialite(store, store_kind, tmp_path):
    with_replicas = Store(store.url, read_urls=store.url)
    assert with_replicas.known_revisions() is None  # a reader's are its replica's
    with_replicas.dispose()
    embedded = Store(f"sqlite:///{tmp_path / 'embedded.sqlite'}")
    assert embedded.known_revisions() is None
    embedded.dispose()


def test_a_store_never_changed_is_heard_as_one(empty_store, store_kind):
    from geoapp import create_app
    from tests.web.test_caching import statements

    assert heard(empty_store) == ()  # no revision yet: known, and none
    app = create_app({"TESTING": True, "DATABASE_URL": empty_store.url})
    client, url = app.test_client(), "/api/collections/schools"
    tag = client.get(url).headers["ETag"]
    seen = statements(app)
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
    assert seen == []
    get_store(app).dispose()
