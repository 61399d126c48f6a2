"""Opening a store: PostGIS through psycopg (and its read replicas), or a SpatiaLite file."""

from __future__ import annotations

import itertools
import logging
import os
import select
import time
from pathlib import Path

from geoalchemy2.admin.dialects.sqlite import load_spatialite_driver
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError

log = logging.getLogger(__name__)
READ_URLS = "GEOAPP_DATABASE_READ_URLS"


def store_kind(url: str) -> str:
    """Return ``"postgis"`` or ``"spatialite"`` for a database URL."""
    backend = make_url(url).get_backend_name()
    if backend == "postgresql":
        return "postgis"
    if backend == "sqlite":
        return "spatialite"
    raise ValueError(f"GEOAPP_DATABASE_URL: unsupported database {backend!r} "
                     "(expected postgresql+psycopg://... or sqlite:///...)")


NO_PARALLEL_QUERY = "-c max_parallel_workers_per_gather=0"
ONLY_WHEN_ASKED = 2**31 - 1
RECYCLE_SECONDS = 300


def make_engine(url: str, connect_timeout: int | None = None) -> Engine:
    """Create an engine for ``url``; SpatiaLite is loaded into every SQLite connection."""
    if store_kind(url) == "postgis":
        # No ping per checkout: the web layer's first query checks the connection
        # (geoapp.web.caching.asked_revisions); commands run for seconds, not days.
        # Server-side prepared statements only where a query asks (geoapp.store.driver):
        # after five runs PostgreSQL may plan a statement once for any bbox, and a plan fit
        # for no bbox read candidates 3-4 times slower. psycopg prepares on request only
        # when its threshold is a number: this one no connection reaches.
        # No parallel query: with many short requests on few cores, starting a parallel
        # worker cost more than it saved (a 3,762-point tile at 8 clients: 38 -> 60 tiles/s;
        # alone, 34 -> 30). libpq reads PGOPTIONS only when no options are given: those of
        # the environment and then of the URL come after, and so win.
        # The pool lends the connection last given back (LIFO), not the one idle longest: a
        # burst of clients leaves four or more in the pool, and taking them in turn made the
        # page of 1,000 schools at one client 5.0-6.1 ms where it had been 4.8 (its server
        # process and its caches cold); last in, first out: 4.9-5.0 ms. Those left at the
        # bottom may then idle for long: each is replaced once RECYCLE_SECONDS old, before
        # a firewall's or a NAT's idle timeout (350 s on some clouds) drops it.
        given = (os.environ.get("PGOPTIONS"), make_url(url).query.get("options"))
        args = {"prepare_threshold": ONLY_WHEN_ASKED,
                "options": " ".join(o for o in (NO_PARALLEL_QUERY, *given) if o)}
        if connect_timeout:
            args["connect_timeout"] = connect_timeout
        return create_engine(url, connect_args=args, pool_use_lifo=True,
                             pool_recycle=RECYCLE_SECONDS)
    path = make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _prepare_sqlite)
    return engine


def replica_urls(raw: str | None, primary_url: str) -> list[str]:
    """The URLs of GEOAPP_DATABASE_READ_URLS (comma-separated), each a PostgreSQL server
    like the primary, or a ValueError naming the variable and the URL at fault."""
    urls = [url.strip() for url in (raw or "").split(",") if url.strip()]
    if urls and store_kind(primary_url) != "postgis":
        raise ValueError(f"{READ_URLS}: read replicas need a PostGIS primary "
                         "(GEOAPP_DATABASE_URL=postgresql+psycopg://...)")
    for number, url in enumerate(urls, 1):
        try:
            parsed = make_url(url)
        except ArgumentError:
            parsed = None
        if parsed is None or parsed.get_backend_name() != "postgresql":
            shown = f" ({parsed.render_as_string(hide_password=True)})" if parsed else ""
            raise ValueError(f"{READ_URLS}: URL {number}{shown} is not a PostgreSQL URL "
                             "(expected postgresql+psycopg://user@host/db, comma-separated)")
    return urls


class Replicas:
    """The engines of the read replicas, one pool per URL, lent in turn. A replica that
    cannot be reached rests a few seconds, so that an outage does not cost every request a
    failed connection."""

    REST_SECONDS = 5.0
    CONNECT_TIMEOUT = 2

    def __init__(self, urls: list[str]) -> None:
        self.engines = [make_engine(url, self.CONNECT_TIMEOUT) for url in urls]
        for engine in self.engines:
            event.listen(engine, "checkout", _drop_if_closed)
        self._turns = itertools.count()
        self._resting_until = [0.0] * len(self.engines)

    def connect(self) -> Connection | None:
        """A connection to the next replica that answers, or None when none does."""
        for _ in self.engines:
            number = next(self._turns) % len(self.engines)
            if self._resting_until[number] > time.monotonic():
                continue
            try:
                return self.engines[number].connect()
            except DBAPIError as exc:
                self._resting_until[number] = time.monotonic() + self.REST_SECONDS
                log.warning("read replica %s unreachable: reads go to the other replicas "
                            "or the primary for %.0f s: %s",
                            self.engines[number].url, self.REST_SECONDS,
                            str(exc.orig).splitlines()[0] if exc.orig else exc)
        return None

    def dispose(self) -> None:
        """Close every pooled connection to the replicas."""
        for engine in self.engines:
            engine.dispose()


def _drop_if_closed(dbapi_conn, _record, _proxy) -> None:
    """Refuse a pooled connection the replica has closed (it stopped or restarted): its
    socket is then readable, with the server's goodbye or the end of the stream. Told
    without a round trip; the pool opens a new connection instead, and when that fails the
    read goes to the primary."""
    waiting = select.poll()  # not select(): it fails on descriptors above 1023
    try:
        waiting.register(dbapi_conn.fileno(), select.POLLIN)
    except Exception as exc:  # closed already: psycopg refuses fileno()
        raise DisconnectionError(str(exc)) from exc
    if waiting.poll(0):
        raise DisconnectionError("the replica closed this connection")


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
