"""Analysis for the notebooks: coverage, networks and twinning at scale, as data frames.

No Flask: functions take a SQLAlchemy connection of a :class:`~geoapp.store.Store` and read
it through the store's own queries, so a notebook sees what the app shows.
"""

from __future__ import annotations

import os
from pathlib import Path

from geoapp.config import REPO, default_database_url
from geoapp.store import Store

# The app's instance folder (Flask's default for this package): `make store` builds here.
INSTANCE_DIR = REPO / "instance"


def store_url(environ: dict[str, str] | None = None, instance_dir: Path = INSTANCE_DIR) -> str:
    """The store the app would use: ``GEOAPP_DATABASE_URL``, else the embedded default."""
    environ = os.environ if environ is None else environ
    return environ.get("GEOAPP_DATABASE_URL") or default_database_url(instance_dir)


def open_store(url: str | None = None) -> Store:
    """Open the store at ``url``, or the one the app would use; refuse one with no schema."""
    store = Store(url or store_url())
    if store.kind == "spatialite" and not Path(store.engine.url.database or "").exists():
        raise FileNotFoundError(f"no store at {store.engine.url.database}: build it with "
                                "`make store` or set GEOAPP_DATABASE_URL")
    return store
