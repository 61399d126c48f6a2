"""A live server on the fixture world, for the API's real clients."""

from __future__ import annotations

import pytest

from geoapp import create_app
from geoapp.store import get_store
from tests.support.live import live_server


@pytest.fixture
def api_url(store):
    """The /api of a live server on the fixture world (on each store)."""
    app = create_app({"TESTING": True, "DATABASE_URL": store.url})
    with live_server(app) as url:
        yield f"{url}/api"
    get_store(app).dispose()
