"""A throwaway PostGIS cluster for tests and benchmarks, started with the OS's own binaries.

PostgreSQL refuses to run as root, so as root the cluster runs as the ``postgres`` user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
