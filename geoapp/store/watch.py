"""The revisions of a PostGIS store, kept current in each process by PostgreSQL's
notifications, so that a reader's request need not ask for them (the round trip was half
of a collection's document, and all of a 304's work).

Every change raises a revision (:func:`geoapp.store.queries.bump_revision`) and sends a
notification on :data:`CHANNEL` in the same transaction: PostgreSQL delivers it at commit,
to every process that listens, on every host. Each process listens on a connection of its
own, in a thread, and reads the revisions again on each notification (and every
:data:`PERIOD` seconds). A change made in this process is not trusted to a notification:
until a reading shows it (or it is rolled back), the revisions are unknown here and
requests ask the database.
A listener that lost its connection knows nothing until it has listened and read again.
A reader elsewhere may meet the old revisions for as long as the notification takes to
arrive (about a millisecond), as a request that read them just before the commit would.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Hashable

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

CHANNEL = "geoapp_revisions"
# The listeners' name in pg_stat_activity.
LISTENER = "geoapp revisions"
# A listener's connection: named, and given up within seconds when its server is gone
# without a word (a host lost, a failover behind an address), not after TCP's minutes.
CONNECTION = {"application_name": LISTENER, "connect_timeout": 5, "keepalives": 1,
              "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3,
              "tcp_user_timeout": 10_000}
# Seconds between readings when no notification comes; between looks at whether the
# watch was stopped; and before listening again after the connection failed (doubled
# after each failure in a row, up to LONGEST_PAUSE).
PERIOD = 30.0
TICK = 1.0
RETRY = 1.0
LONGEST_PAUSE = 30.0
# Seconds past PERIOD after which revisions not read again are not trusted.
STALE_AFTER = 5.0

_WATCHES: dict[Hashable, RevisionWatch] = {}
_LOCK = threading.Lock()


class RevisionWatch:
    """The revisions of the database at ``url``, as its notifications tell them."""

    def __init__(self, url: str) -> None:
        self._engine: Engine = create_engine(url, poolclass=NullPool,
                                             isolation_level="AUTOCOMMIT",
                                             connect_args=CONNECTION)
        self._known: tuple | None = None
        # (name, number) of changes made here that no reading has shown yet.
        self._awaited: dict[str, int] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()
        self._read_soon = threading.Event()
        self._read_at = 0.0

    def current(self) -> tuple | None:
        """The revisions as sorted (name, number) pairs, or None when they are not known
        here (not listening yet, the connection lost, a change of this process unseen)."""
        if self._thread is None or not self._thread.is_alive():
            self._start()
        if time.monotonic() - self._read_at > PERIOD + STALE_AFTER:
            return None  # the listener has not read for too long: its thread is stuck
        return self._known

    def stop(self) -> None:
        """Stop listening (within :data:`TICK` seconds) and forget the revisions."""
        self._stopped.set()
        self._known = None

    def withdrawn(self, name: str, number: int) -> None:
        """The change of ``name`` to ``number`` was rolled back: not awaited any more, and
        the revisions read again within a :data:`TICK`."""
        with self._lock:
            if self._awaited.get(name) == number:
                del self._awaited[name]
        self._read_soon.set()

    def changed(self, name: str, number: int) -> None:
        """This process raised ``name`` to ``number``: unknown until a reading shows it."""
        with self._lock:
            self._awaited[name] = max(number, self._awaited.get(name, 0))
            self._known = None

    def _start(self) -> None:
        with self._lock:
            if not self._stopped.is_set() and (self._thread is None
                                                or not self._thread.is_alive()):
                self._thread = threading.Thread(target=self._listen, daemon=True,
                                                name="geoapp-revisions")
                self._thread.start()

    def _listen(self) -> None:
        pause = RETRY
        while not self._stopped.is_set():
            try:
                with self._engine.connect() as conn:
                    conn.exec_driver_sql(f"LISTEN {CHANNEL}")
                    self._read(conn)
                    pause = RETRY
                    self._follow(conn)
            except Exception:  # noqa: BLE001 (any failure: unknown until listening again)
                if self._stopped.is_set():
                    break
                if pause == RETRY:  # once per outage, not once per try
                    log.warning("not hearing of changes to the revisions: asking for them "
                                "until listening again", exc_info=log.isEnabledFor(logging.DEBUG))
            self._known = None
            self._stopped.wait(pause)
            pause = min(pause * 2, LONGEST_PAUSE)
        self._engine.dispose()

    def _follow(self, conn: Connection) -> None:
        """Read the revisions on each notification, and every PERIOD seconds."""
        driver, quiet = conn.connection.driver_connection, PERIOD
        while not self._stopped.is_set():
            if list(driver.notifies(timeout=TICK, stop_after=1)) or quiet <= 0 \
                    or self._read_soon.is_set():
                self._read_soon.clear()
                self._read(conn)
                quiet = PERIOD
            else:
                quiet -= TICK

    def _read(self, conn: Connection) -> None:
        from geoapp.store.queries import revisions  # queries tells the watch of changes

        found = revisions(conn)
        with self._lock:
            self._awaited = {name: number for name, number in self._awaited.items()
                             if found.get(name, 0) < number}
            self._known = None if self._awaited else tuple(sorted(found.items()))
            self._read_at = time.monotonic()


def watch(engine: Engine) -> RevisionWatch:
    """The watch of ``engine``'s database, one per process."""
    key = engine.url
    found = _WATCHES.get(key)
    if found is None:
        with _LOCK:
            found = _WATCHES.setdefault(key, RevisionWatch(
                engine.url.render_as_string(hide_password=False)))
    return found


def stop(engine: Engine) -> None:
    """Stop the watch of ``engine``'s database, if this process has one."""
    with _LOCK:
        found = _WATCHES.pop(engine.url, None)
    if found is not None:
        found.stop()


def notify(conn: Connection, name: str, number: int) -> None:
    """Tell every listener, at commit, that ``name`` changed; and this process at once (and
    again if the transaction is rolled back)."""
    conn.execute(text("SELECT pg_notify(:channel, :name)"), {"channel": CHANNEL, "name": name})
    found = watch(conn.engine)
    found.changed(name, number)
    event.listen(conn, "rollback", lambda _conn: found.withdrawn(name, number), once=True)
