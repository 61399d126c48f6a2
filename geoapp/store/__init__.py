"""The store: one data model on PostGIS or SpatiaLite, and every query against it.

The store imports no Flask beyond ``init_app``; ``dialect`` holds the spatial seam.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from geoapp.store import engine
from geoapp.store.engine import make_engine, store_kind


@dataclass
class Store:
    """A database engine, what kind of store it is, and what is cached of its data.

    ``cache`` holds values read from the store and keyed by its data revision (the
    region atlas), so that a load is seen at once.
    """

    url: str
    engine: Engine = field(init=False)
    kind: str = field(init=False)
    cache: dict = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.kind = store_kind(self.url)
        self.engine = make_engine(self.url)

    def checkpoint(self) -> None:
        """Fold what a big write left in the embedded store's log into its file."""
        engine.checkpoint(self.engine)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def init_app(app) -> None:
    """Attach the store named by ``DATABASE_URL`` to the app."""
    app.extensions["geoapp.store"] = Store(app.config["DATABASE_URL"])


def get_store(app) -> Store:
    """Return the app's store."""
    return app.extensions["geoapp.store"]
