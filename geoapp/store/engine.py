"""Opening a store: PostGIS through psycopg, or a SpatiaLite file."""

from __future__ import annotations

import os
from pathlib import Path

from geoalchemy2.admin.dialects.sqlite import load_spatialite_driver
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def store_kind(url: str) -> str:
    """Return ``"postgis"`` or ``"spatialite"`` for a database URL."""
    backend = make_url(url).get_backend_name()
    if backend == "postgresql":
        return "postgis"
    if backend == "sqlite":
        return "spatialite"
    raise ValueError(f"GEOAPP_DATABASE_URL: unsupported database {backend!r} "
                     "(expected postgresql+psycopg://... or sqlite:///...)")


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``; SpatiaLite is loaded into every SQLite connection."""
    if store_kind(url) == "postgis":
        # No ping per checkout: the web layer's first query checks the connection
        # (geoapp.web.caching.store_revisions); commands run for seconds, not days.
        # No server-side prepared statements: after five runs PostgreSQL may plan one once
        # for any bbox, and a plan fit for no bbox read candidates 3-4 times slower.
        return create_engine(url, connect_args={"prepare_threshold": None})
    path = make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _prepare_sqlite)
    return engine


def checkpoint(engine: Engine) -> None:
    """After a big write, fold SpatiaLite's write-ahead log into the file and empty it
    (left alone, it keeps the size of the largest load); PostgreSQL manages its own."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _prepare_sqlite(dbapi_conn, _record) -> None:
    try:
        load_spatialite_driver(dbapi_conn)
    except Exception as exc:  # sqlite3.OperationalError, AttributeError
        raise RuntimeError(
            "SpatiaLite could not be loaded into SQLite: install it with "
            "`apt-get install libsqlite3-mod-spatialite`, and use a Python whose sqlite3 "
            "can load extensions (Debian's /usr/bin/python3; `make venv` does this)."
        ) from exc
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # WAL lets a running server read while `geoapp load` writes.
    cursor.execute("PRAGMA journal_mode = WAL")
    if cursor.execute("SELECT CheckSpatialMetaData()").fetchone()[0] < 1:
        cursor.execute("SELECT InitSpatialMetaData(1, 'WGS84')")
    cursor.close()
