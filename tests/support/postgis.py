"""A throwaway PostGIS cluster for tests and benchmarks, started with the OS's own binaries,
and the databases of one test run on any PostGIS server.

PostgreSQL refuses to run as root, so as root the cluster runs as the ``postgres`` user.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

PG_BIN = Path(os.environ.get("GEOAPP_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _run(args: list[str]) -> None:
    subprocess.run(_as_postgres(args), check=True, capture_output=True, text=True)


@contextmanager
def postgis_cluster() -> Iterator[str]:
    """Start a PostgreSQL cluster with PostGIS on a free port; yield its SQLAlchemy URL."""
    if not (PG_BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL server binaries not found in {PG_BIN}")
    root = Path(tempfile.mkdtemp(prefix="geoapp-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", _free_port()
    _run([str(PG_BIN / "initdb"), "-D", str(data), "-U", "geoapp", "-A", "trust",
          "-E", "UTF8", "--locale=C.UTF-8"])
    options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")
    _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l",
          str(root / "log"), "start"])
    try:
        _run([str(PG_BIN.parent / "bin" / "createdb"), "-h", "127.0.0.1", "-p", str(port),
              "-U", "geoapp", "geoapp"])
        yield f"postgresql+psycopg://geoapp@127.0.0.1:{port}/geoapp"
    finally:
        _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])
        shutil.rmtree(root, ignore_errors=True)


class RunDatabases:
    """The databases one test run makes on a server: named with the run's own prefix, so that
    runs never meet, and all dropped by `drop_all` (per-test ones earlier, by `drop`)."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.prefix = f"geoapp_test_{uuid.uuid4().hex[:8]}"
        self._admin = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self._numbers = itertools.count(1)
        self.made: list[str] = []

    def create(self, role: str | None = None, template: str | None = None) -> str:
        """Create `<prefix>_<role>` (numbered when no role), copied from `template`'s
        database if given; return its URL."""
        name = f"{self.prefix}_{role or next(self._numbers)}"
        clause = f' TEMPLATE "{make_url(template).database}"' if template else ""
        self._execute(f'CREATE DATABASE "{name}"{clause}')
        self.made.append(name)
        return make_url(self.server_url).set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        """Drop the database of `url`, ending the sessions still connected to it."""
        name = make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.remove(name)

    def drop_all(self) -> None:
        """Drop every database this run made and still has."""
        for name in reversed(self.made):
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.clear()
        self._admin.dispose()

    def _execute(self, statement: str) -> None:
        with self._admin.connect() as conn:
            conn.execute(text(statement))
