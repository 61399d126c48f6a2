"""Caching by data revision and release: 304 before any query runs, and a load (of the
records an answer reads) or a new release makes it stale at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import event

from geoapp.ingest import LoadOptions, load_file
from geoapp.store import get_store
from geoapp.web.caching import RELEASE, files_digest
from tests.api.test_tiles import KREMENCHUK, tile_of
from tests.support.world import CRIMEA, write_csv, write_regions

URLS = ("/api/collections/schools/items?limit=2", "/api/collections/schools",
        "/data/schools.geojson?zoom=12", "/data/partnerships.geojson?zoom=12")

KREMENCHUK_TILE = tile_of(*KREMENCHUK, 12)
# Answered with the revisions read in their own statement, once the revisions are known.
ONE_TRIP = ("/api/collections/schools/items?limit=2",
            f"/api/collections/schools/tiles/WebMercatorQuad/12/{KREMENCHUK_TILE.y}/"
            f"{KREMENCHUK_TILE.x}")


def statements(app) -> list[str]:
    """A list that collects every SQL statement the app's engine runs from now on."""
    seen: list[str] = []
    event.listen(get_store(app).engine, "before_cursor_execute",
                 lambda conn, cursor, sql, *args: seen.append(sql))
    return seen


def hears_revisions(app) -> bool:
    """Whether ``app`` hears of its store's revisions (PostGIS: geoapp.store.watch), once it
    does, rather than asking for them (SpatiaLite) with a statement of its own."""
    store, deadline = get_store(app), time.monotonic() + 10
    if store.kind != "postgis":
        return False
    while store.known_revisions() is None:
        assert time.monotonic() < deadline, "no notification of the revisions came"
        time.sleep(0.01)
    return True


def asked(app) -> list[str]:
    """The statement asking for the revisions, as a request of ``app`` runs it, or none."""
    return [] if hears_revisions(app) else ["revisions"]


@pytest.mark.parametrize("url", URLS)
def test_a_revalidation_is_answered_304_without_the_query(app, client, url):
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    assert "no-cache" in first.headers["Cache-Control"]
    assert "Accept-Language" in first.headers["Vary"]
    expected = asked(app)
    seen = statements(app)
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert [("revisions" if "revisions" in sql else sql) for sql in seen] == expected


def test_the_etag_does_not_depend_on_the_clock(client, monkeypatch):
    first = client.get(URLS[0]).headers["ETag"]
    monkeypatch.setattr("geoapp.api.features.dt", FrozenLater)
    later = client.get(URLS[0], headers={"If-None-Match": first})
    assert later.status_code == 304


def test_a_load_makes_every_cached_answer_stale(app, client, store, tmp_path):
    tags = {url: client.get(url).headers["ETag"] for url in URLS}
    write_csv(tmp_path / "programmes.csv", ["code", "name_uk", "name_en"],
              [("new", "Нова", "New")])
    load_file(store, "programmes", tmp_path / "programmes.csv", LoadOptions(progress=False))
    for url, tag in tags.items():
        response = client.get(url, headers={"If-None-Match": tag})
        assert response.status_code == 200 and response.headers["ETag"] != tag


def test_another_url_or_language_is_another_etag(client):
    tag = client.get(URLS[2]).headers["ETag"]
    assert client.get(URLS[2] + "&lang=en", headers={"If-None-Match": tag}).status_code == 200
    assert client.get(URLS[3], headers={"If-None-Match": tag}).status_code == 200


class FrozenLater:
    """Stands in for the datetime module: "now" is an hour later than the real clock."""

    import datetime as _dt

    UTC = _dt.UTC

    class datetime:  # noqa: N801 (the name of the class it stands for)
        @staticmethod
        def now(tz=None):
            import datetime as real

            return real.datetime.now(tz) + real.timedelta(hours=1)


def test_an_item_is_one_query_tagged_with_its_version(app, client, store, tmp_path):
    url = "/api/collections/schools/items/edebo:7777"
    write_csv(tmp_path / "places.csv", ["id", "kind", "name", "status", "lon", "lat"],
              [("edebo:7777", "school", "Нова школа", "operating", 33.5, 49.1)])
    load_file(store, "places", tmp_path / "places.csv", LoadOptions(progress=False))
    seen = statements(app)
    first = client.get(url)
    assert first.status_code == 200 and first.get_json()["id"] == "edebo:7777"
    assert first.headers["ETag"].startswith('"v') and len(seen) == 1
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    write_csv(tmp_path / "places.csv", ["id", "kind", "name", "status", "lon", "lat"],
              [("edebo:7777", "school", "Нова школа", "closed", 33.5, 49.1)])
    load_file(store, "places", tmp_path / "places.csv", LoadOptions(progress=False))
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and again.get_json()["properties"]["status"] == "closed"


@pytest.mark.parametrize("url", ONE_TRIP)
def test_a_request_without_an_etag_is_one_statement_once_the_revisions_are_known(
        app, client, url):
    first = client.get(url)
    seen = statements(app)
    again = client.get(url)
    assert again.status_code == 200 and without_time(again) == without_time(first)
    assert len(seen) == 1 and "revisions" in seen[0]  # the answer's own statement
    assert again.headers["ETag"] == first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": again.headers["ETag"]}).status_code == 304


def without_time(response) -> object:
    """The answer without the time it was made at (a page's timeStamp, to the second)."""
    if not response.is_json:
        return response.data
    return {**response.get_json(), "timeStamp": None}


def load_a_school_in_kremenchuk(store, tmp_path) -> None:
    write_csv(tmp_path / "places.csv", ["id", "kind", "name", "status", "lon", "lat"],
              [("edebo:0001", "school", "Нова школа", "operating", *KREMENCHUK)])
    load_file(store, "places", tmp_path / "places.csv", LoadOptions(progress=False))


@pytest.mark.parametrize("url", ONE_TRIP)
def test_an_answer_read_after_a_load_is_made_again_under_the_new_revisions(
        app, client, store, tmp_path, monkeypatch, url):
    first, again = client.get(url), client.get(url)
    before = get_store(app).known_revisions()
    load_a_school_in_kremenchuk(store, tmp_path)
    if hears_revisions(app):  # as if the load's notification had not come yet
        monkeypatch.setattr(get_store(app), "known_revisions", lambda: before)
    seen = statements(app)
    after = client.get(url)
    assert len(seen) == 3 and "revisions" in seen[1]  # answered, revisions, answered again
    monkeypatch.undo()
    assert after.data != first.data and after.headers["ETag"] != again.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": after.headers["ETag"]}).status_code == 304
    if "items" in url:  # the count remembered under the old revisions is not told
        assert after.get_json()["numberMatched"] == first.get_json()["numberMatched"] + 1


def test_an_empty_page_is_tagged_as_a_revalidated_one(app, client):
    url = "/api/collections/schools/items?bbox=20,40,20.1,40.1"
    first = client.get(url)
    expected = asked(app)
    seen = statements(app)
    again = client.get(url)
    # No revisions in no rows: under revisions heard of, the page stands as made, as any
    # answer made under them does; under those last seen, it is made again, after them.
    assert again.get_json()["features"] == [] and len(seen) == (3 if expected else 1)
    assert again.headers["ETag"] == first.headers["ETag"]


def test_a_page_in_another_format_is_revalidated_revisions_first(app, client):
    url = "/api/collections/schools/items?f=csv&limit=2"
    first = client.get(url)
    first_rows = first.data  # streamed: read now, before the statements are counted
    expected = asked(app)
    seen = statements(app)
    again = client.get(url)
    assert again.data == first_rows and again.headers["ETag"] == first.headers["ETag"]
    if expected:  # asked for, first, as before
        assert "revisions" in seen[0]
    assert sum("places.name" in sql for sql in seen) == 1  # the page, read once


def test_a_writer_asks_for_the_revisions_a_reader_hears_of(app, client):
    url = "/api/collections/schools"
    expected = asked(app)
    seen = statements(app)
    assert client.get(url).status_code == 200
    assert ["revisions" for sql in seen if "FROM revisions" in sql] == expected
    del seen[:]
    # A writer's request (a token, or the session cookie) reads the primary's own.
    assert client.get(url, headers={"Authorization": "Bearer any"}).status_code == 200
    assert ["revisions" for sql in seen if "FROM revisions" in sql] == ["revisions"]


def test_the_regions_are_known_by_the_revisions_the_request_found(app, client):
    """The map's regions (names, pickers) are read again only after a load of regions, and
    which regions are current is told by the revisions the request found: no statement of
    its own."""
    url = "/data/region-choices.json?lang=uk"
    assert client.get(url).status_code == 200
    expected = asked(app)
    seen = statements(app)
    assert client.get(url).status_code == 200
    assert ["revisions" for sql in seen if "FROM revisions" in sql] == expected
    assert len(seen) == len(expected)


def test_the_region_choices_stay_current_across_every_load_but_of_regions(
        client, store, tmp_path):
    """The picker's 50 KB (gzipped) of names is fetched again after a load of regions, not
    after every change of the data."""
    url = "/data/region-choices.json?lang=en"
    tag, other = (client.get(u).headers["ETag"] for u in (url, URLS[1]))
    write_csv(tmp_path / "programmes.csv", ["code", "name_uk", "name_en"],
              [("new", "Нова", "New")])
    load_file(store, "programmes", tmp_path / "programmes.csv", LoadOptions(progress=False))
    assert client.get(URLS[1], headers={"If-None-Match": other}).status_code == 200
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
    load_file(store, "regions", write_regions(tmp_path / "crimea.geojson", [CRIMEA]),
              LoadOptions(progress=False))
    response = client.get(url, headers={"If-None-Match": tag})
    assert response.status_code == 200 and response.headers["ETag"] != tag
    assert "UA01" in [code for code, _, _ in response.get_json()]


def test_an_answer_of_an_earlier_release_is_not_taken_for_this_ones(app, client):
    """Same data, another release (other words, other fields): the ETag a browser or a
    shared cache holds is no longer current, whichever way the answer was tagged."""
    urls = [*URLS, ONE_TRIP[1], "/data/region-choices.json?lang=en"]
    tags = {url: client.get(url).headers["ETag"] for url in urls}
    app.extensions[RELEASE] = "the next release"
    for url, tag in tags.items():
        response = client.get(url, headers={"If-None-Match": tag})
        assert response.status_code == 200 and response.headers["ETag"] != tag, url
    assert client.get("/healthz").get_json()["release"] == "the next release"


def test_a_release_is_named_by_its_files_and_layers_at_start_up(app, tmp_path):
    """Each worker names the release from the files it started with: the same in every
    process of one release, another when a shipped file changes, not for stray files."""
    (tmp_path / "translations").mkdir()
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "translations" / "messages.mo").write_bytes(b"Region")
    (tmp_path / "views.py").write_text("ANSWER = 1\n")
    first = files_digest(tmp_path)
    (tmp_path / "__pycache__" / "views.cpython-311.pyc").write_bytes(b"\0compiled")
    (tmp_path / ".views.py.swp").write_bytes(b"an editor's copy")
    (tmp_path / "views.py.orig").write_text("ANSWER = 0\n")
    assert files_digest(tmp_path) == first
    (tmp_path / "translations" / "messages.mo").write_bytes(b"Regions")
    assert files_digest(tmp_path) != first
    other = subprocess.run([sys.executable, "-c", "from geoapp import create_app; "
                            "print(create_app().extensions['geoapp.release'])"],
                           capture_output=True, text=True, check=True,
                           env={**os.environ, "GEOAPP_DATABASE_URL": "sqlite://"})
    assert other.stdout.strip() == app.extensions[RELEASE]
