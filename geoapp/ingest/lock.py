"""One load at a time per store: a second one is refused at once, the same on both stores.

PostGIS: a transaction-level advisory lock, released by commit, rollback or a lost
connection. SpatiaLite: an exclusive ``flock`` on a file beside the database, released when
the process ends however it ends; SQLite's own lock would only answer "database is locked"
after its busy timeout, in the middle of the load.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

from sqlalchemy import Connection, func, select
from sqlalchemy.engine import make_url

from geoapp.ingest.problems import LoadError, Problem
from geoapp.store import Store

# Any fixed number: the advisory lock of `geoapp load` in this database.
ADVISORY_KEY = 0x67656F61


class LoadLock:
    """Held around one load's transaction; ``take`` refuses if another load holds it."""

    def __init__(self, store: Store, path: Path | str):
        self.store, self.path, self.handle = store, path, None

    def busy(self) -> LoadError:
        return LoadError(self.path, [Problem(0, "store", "another load is running; try again")])

    def __enter__(self) -> LoadLock:
        database = make_url(self.store.url).database
        if self.store.kind == "spatialite" and database and database != ":memory:":
            self.handle = Path(f"{database}.load-lock").open("a")
            try:
                fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self.handle.close()
                self.handle = None
                raise self.busy() from None
        return self

    def take(self, conn: Connection) -> None:
        """Take the PostGIS lock inside ``conn``'s transaction (the file lock is held)."""
        if self.store.kind == "postgis" and not conn.execute(
                select(func.pg_try_advisory_xact_lock(ADVISORY_KEY))).scalar():
            raise self.busy()

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
