"""A PostgreSQL primary and a hot standby streaming from it (made with ``pg_basebackup -R``),
started with the OS's own binaries for a test, and stopped and removed afterwards even when
the test fails. As root both run as the ``postgres`` user, like tests.support.postgis."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.support.postgis import PG_BIN, _free_port, _run

# Waiting for replay is polled; this only turns a standby that never catches up into a
# failure instead of a hung run.
GIVE_UP_SECONDS = 60


@dataclass
class Replication:
    """A primary and its hot standby: their URLs and the controls a test needs."""

    root: Path
    primary_url: str
    standby_url: str
    standby_options: str

    def on_standby(self, statement: str):
        """Run ``statement`` on the standby; return its first value."""
        return _scalar(self.standby_url, statement)

    def pause_replay(self) -> None:
        """The standby stops applying the primary's changes (it still receives them)."""
        self.on_standby("SELECT pg_wal_replay_pause()")

    def resume_replay(self) -> None:
        """The standby applies the primary's changes again."""
        self.on_standby("SELECT pg_wal_replay_resume()")

    def wait_for_replay(self) -> None:
        """Return once the standby has replayed everything the primary has written so far."""
        target = _scalar(self.primary_url, "SELECT pg_current_wal_lsn()::text")
        deadline = time.monotonic() + GIVE_UP_SECONDS
        while not self.on_standby(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"the standby did not replay up to {target}")
            time.sleep(0.01)

    def stop_standby(self) -> None:
        """Stop the standby at once, ending its connections."""
        _run([str(PG_BIN / "pg_ctl"), "-D", str(self.root / "standby"), "-m", "fast", "stop"])

    def start_standby(self) -> None:
        """Start the standby (again) and wait until it accepts connections."""
        _run([str(PG_BIN / "pg_ctl"), "-D", str(self.root / "standby"), "-o",
              self.standby_options, "-w", "-l", str(self.root / "standby.log"), "start"])


def replication_available() -> str | None:
    """Why a primary and standby cannot be started here, or None when they can."""
    needed = [PG_BIN / name for name in ("initdb", "pg_ctl", "pg_basebackup")]
    missing = [str(path) for path in needed if not path.exists()]
    return f"PostgreSQL server binaries missing: {missing}" if missing else None


@contextmanager
def primary_and_standby() -> Iterator[Replication]:
    """Start a primary (wal_level=replica) and a hot standby on two free ports."""
    root = Path(tempfile.mkdtemp(prefix="geoapp-replicas-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    primary, standby = root / "primary", root / "standby"
    started: list[Path] = []
    try:
        port = _free_port()
        _run([str(PG_BIN / "initdb"), "-D", str(primary), "-U", "geoapp", "-A", "trust",
              "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        _start(primary, _options(root, port, "-c wal_level=replica -c max_wal_senders=4"),
               root / "primary.log")
        started.append(primary)
        _run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "geoapp",
              "geoapp"])
        _run([str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(port), "-U", "geoapp",
              "-D", str(standby), "-R", "-X", "stream", "-c", "fast", "--no-sync"])
        standby_port = _free_port()
        standby_options = _options(root, standby_port, "-c hot_standby=on")
        _start(standby, standby_options, root / "standby.log")
        started.append(standby)
        yield Replication(root, _url(port), _url(standby_port), standby_options)
    finally:
        for data in reversed(started):
            _stop(data)
        shutil.rmtree(root, ignore_errors=True)


def _options(root: Path, port: int, extra: str) -> str:
    return f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off {extra}"


def _url(port: int) -> str:
    return f"postgresql+psycopg://geoapp@127.0.0.1:{port}/geoapp"


def _start(data: Path, options: str, log: Path) -> None:
    _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(log),
          "start"])


def _stop(data: Path) -> None:
    # A standby already stopped by the test makes pg_ctl fail: that is fine here.
    with suppress(subprocess.CalledProcessError):
        _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])


def _scalar(url: str, statement: str):
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return conn.execute(text(statement)).scalar()
    finally:
        engine.dispose()
