"""geoapp: an atlas of schools, STEM centres and partnerships between communities.

The package is layered; each folder has one job:

- ``config``: settings from defaults, ``GEOAPP_*`` environment variables and a test dict.
- ``layers``: the layer definitions of ``layers/*.yaml``, validated at start-up.
- ``store``: the data model and every query; ``store.dialect`` is the only module that
  knows PostGIS from SpatiaLite.
- ``ingest``: reading files of any format into the store, with errors a user can act on.
- ``sample``: building the real sample data in ``data/`` from public sources.
- ``maps``: map building with Folium (no Flask, no database).
- ``web``: thin Flask views connecting the store to the maps and the API.
"""

from __future__ import annotations

import gc
from typing import Any

# geopandas/pyproj/pyogrio must be imported before any SpatiaLite connection opens:
# mod_spatialite brings its own PROJ and GEOS into the process (see ENVIRONMENT notes).
import geopandas  # noqa: F401
import pyogrio  # noqa: F401
import pyproj  # noqa: F401
from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the web application: defaults, then environment, then ``test_config``."""
    from geoapp import config, layers, store, web

    app = Flask(__name__, instance_relative_config=True)
    config.init_app(app, test_config)
    store.init_app(app)
    layers.init_app(app)
    web.init_app(app)
    return app


YOUNG_OBJECTS = 50_000


def served_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The application as a server's worker runs it: built, then everything start-up made
    (modules, layer definitions, the libraries' tables) frozen out of the garbage collector.

    Those objects live as long as the worker, yet every full collection walked them all:
    about 120 ms each, every thirty or so pages of 1,000 features, which made the page's
    mean time 1.6 times its median (bench/bench_api.py). And a young collection waits for
    50,000 new objects, not 700: a request's objects (a page of 1,000 features makes about
    4,000) are then mostly freed before one, where they were walked six times a page and
    carried into the older generations (0.45 ms of collections a page, now 0.07 ms).
    """
    app = create_app(test_config)
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
    return app
