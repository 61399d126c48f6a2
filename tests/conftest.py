"""Fixtures: a fresh store per test on each of SpatiaLite and PostGIS, an app, a client."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

import geoapp  # noqa: F401  (imports geopandas/pyproj before any SpatiaLite connection)
from geoapp import create_app
from geoapp.ingest import LoadOptions, load_file
from geoapp.store import Store, get_store, schema
from tests.support import world
from tests.support.postgis import RunDatabases, postgis_cluster

# One Playwright and one Chromium for the whole session: a second sync_playwright() while
# the first runs fails, so the browser fixtures are registered here and nowhere else.
pytest_plugins = ["tests.support.browser", "tests.support.faults"]

STORES = ("spatialite", "postgis")
IN_CI = os.environ.get("CI") == "true"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a skipped test is a failure: no store or tier may silently drop out."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true: {report.longrepr}"


@pytest.fixture(scope="session")
def postgis_url() -> Iterator[str]:
    """The URL of a PostGIS server for the session: given, or a throwaway cluster."""
    given = os.environ.get("GEOAPP_TEST_POSTGIS_URL")
    if given:
        yield given
        return
    try:
        with postgis_cluster() as url:
            yield url
    except (RuntimeError, OSError) as exc:
        pytest.skip(f"no PostGIS: {exc}")


@pytest.fixture(scope="session")
def postgis_databases(postgis_url) -> Iterator[RunDatabases]:
    """This run's databases on the PostGIS server, all dropped when the session ends."""
    databases = RunDatabases(postgis_url)
    yield databases
    databases.drop_all()


def _template(kind: str, folder: Path, request, with_world: bool) -> str:
    name = f"tmpl_{'world' if with_world else 'empty'}"
    if kind == "spatialite":
        url = f"sqlite:///{folder / (name + '.sqlite')}"
    else:
        url = request.getfixturevalue("postgis_databases").create(name)
    store = Store(url)
    schema.upgrade(store)
    if with_world:
        files = world.write_world(folder / "world")
        for target in ("programmes", "regions", "places", "partnerships", "activities"):
            load_file(store, target, files[target], LoadOptions(progress=False))
    store.dispose()
    return url


@pytest.fixture(scope="session")
def templates(tmp_path_factory, request) -> dict:
    """Migrated template stores, empty and with the fixture world, per store kind."""
    folder = tmp_path_factory.mktemp("templates")
    return {"folder": folder, "built": {}, "request": request}


@contextmanager
def _cloned(templates: dict, kind: str, with_world: bool, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of a fresh copy of a template store; drop a PostGIS copy afterwards."""
    key, request = (kind, with_world), templates["request"]
    if key not in templates["built"]:
        templates["built"][key] = _template(kind, templates["folder"] / kind, request,
                                            with_world)
    source = templates["built"][key]
    if kind == "spatialite":
        target = tmp_path / "geoapp.sqlite"
        shutil.copy(make_url(source).database, target)
        yield f"sqlite:///{target}"
        return
    databases = request.getfixturevalue("postgis_databases")
    url = databases.create(template=source)
    yield url
    databases.drop(url)


@pytest.fixture(params=STORES)
def store_kind(request) -> str:
    """Each test that uses a store runs once per store kind."""
    return request.param


@pytest.fixture
def empty_store(store_kind, templates, tmp_path) -> Iterator[Store]:
    """A fresh store with the schema and no data."""
    with _cloned(templates, store_kind, False, tmp_path) as url:
        store = Store(url)
        yield store
        store.dispose()


@pytest.fixture
def store(store_kind, templates, tmp_path) -> Iterator[Store]:
    """A fresh store holding the fixture world."""
    with _cloned(templates, store_kind, True, tmp_path) as url:
        store = Store(url)
        yield store
        store.dispose()


@pytest.fixture
def app(store):
    """The app on the fixture world."""
    app = create_app({"TESTING": True, "DATABASE_URL": store.url})
    yield app
    get_store(app).dispose()


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


@pytest.fixture(scope="session")
def sample_urls(tmp_path_factory, request) -> dict:
    """Stores holding the real sample data of data/, built at most once per kind."""
    built: dict[str, str] = {}

    def build(kind: str) -> str:
        if kind not in built:
            built[kind] = _sample_store(kind, tmp_path_factory, request)
        return built[kind]

    return build


def _sample_store(kind: str, tmp_path_factory, request) -> str:
    from geoapp.ingest.sample import SAMPLE_FILES, load_sample

    data = Path(os.environ.get("GEOAPP_DATA_DIR", Path(__file__).parents[1] / "data"))
    missing = [name for _, name in SAMPLE_FILES if not (data / name).exists()]
    if missing:
        pytest.skip(f"data/ lacks the sample files {missing}: run `make sample-data`")
    if kind == "spatialite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sample') / 'sample.sqlite'}"
    else:
        url = request.getfixturevalue("postgis_databases").create("sample")
    store = Store(url)
    schema.upgrade(store)
    load_sample(store, data, progress=False)
    store.dispose()
    return url



@pytest.fixture
def people(store) -> dict:
    """The writers of the fixture world (tests.support.people), by key."""
    from tests.support.people import add_people

    return add_people(store)


@pytest.fixture
def tokens(store, people) -> dict[str, str]:
    """An API token of each writer of the fixture world, by key."""
    from geoapp.store import users

    with store.engine.begin() as conn:
        return {key: users.make_token(conn, writer.id, "tests") for key, writer in people.items()}


@pytest.fixture
def writing_app(store, people):
    """The app on the fixture world with its writers, sign-in on, review on."""
    from tests.support.signing import SECRET_KEY

    app = create_app({"TESTING": True, "DATABASE_URL": store.url, "SECRET_KEY": SECRET_KEY,
                      "REVIEW": "on", "TILE_URL": "/_test/tiles/{z}/{x}/{y}.png"})
    yield app
    get_store(app).dispose()
