"""The store: one data model on PostGIS or SpatiaLite, and every query against it.

The store imports no Flask beyond ``init_app``; ``dialect`` holds the spatial seam.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine

from geoapp.store import engine, tiles, watch
from geoapp.store.engine import Replicas, make_engine, replica_urls, store_kind


@dataclass
class Store:
    """A database engine, what kind of store it is, and what is cached of its data.

    ``cache`` holds values read from the store and keyed by its data revision (the
    region atlas), so that a load is seen at once. ``read_urls`` (comma-separated) name
    PostgreSQL streaming replicas that may answer reads; writes go to ``engine`` only.
    """

    url: str
    read_urls: str = ""
    engine: Engine = field(init=False)
    kind: str = field(init=False)
    replicas: Replicas = field(init=False)
    cache: dict = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.kind = store_kind(self.url)
        self.replicas = Replicas(replica_urls(self.read_urls, self.url))
        self.engine = make_engine(self.url)

    def read_connection(self) -> Connection:
        """A connection for reads: to a replica, else (none set or none answers) the primary."""
        conn = self.replicas.connect()
        return conn if conn is not None else self.engine.connect()

    def known_revisions(self) -> tuple | None:
        """The revisions as the primary's notifications told this process, read without a
        round trip (:mod:`geoapp.store.watch`); None where they are not known here: on
        SpatiaLite, with replicas (a reader's revisions are its replica's), and until the
        process listens."""
        if self.kind != "postgis" or self.replicas.engines:
            return None
        return watch.watch(self.engine).current()

    def checkpoint(self) -> None:
        """Fold what a big write left in the embedded store's log into its file."""
        engine.checkpoint(self.engine)

    def dispose(self) -> None:
        """Close every pooled connection, and stop listening for changes."""
        watch.stop(self.engine)
        self.engine.dispose()
        self.replicas.dispose()


def init_app(app) -> None:
    """Attach the store named by ``DATABASE_URL`` (and its ``DATABASE_READ_URLS``)."""
    app.extensions["geoapp.store"] = Store(app.config["DATABASE_URL"],
                                           app.config["DATABASE_READ_URLS"])
    tiles.remember_tiles(app.config["TILE_MEMORY_MB"])


def get_store(app) -> Store:
    """Return the app's store."""
    return app.extensions["geoapp.store"]
