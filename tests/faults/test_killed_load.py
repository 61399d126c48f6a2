"""A load killed with SIGKILL mid-write loses nothing and leaves nothing half-written: the
store is exactly as before, and the next load of the same file succeeds (both stores)."""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from geoapp.store.models import Place
from tests.ingest.test_large_loads import indexes

pytestmark = pytest.mark.faults
# Enough rows that a bulk load is still writing a second after it starts (the progress bar
# shows after one): 60,000 were written within that second once a load into a table smaller
# than itself set the indexes aside.
ROWS = 150_000
# tqdm's line while rows are being written, in the load's one transaction: "loading
# places: 4000rows [...]".
WRITING = re.compile(r"loading places: ([1-9][0-9]*)rows")


def write_places(path: Path, count: int) -> Path:
    """A CSV of ``count`` schools spread over the fixture world's Poltava oblast."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "kind", "name", "lon", "lat"])
        for i in range(count):
            writer.writerow([f"bulk:{i}", "school", f"Школа {i}", 32.1 + (i % 997) * 0.003,
                             48.8 + (i % 613) * 0.003])
    return path


def place_count(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Place.__table__)).scalar()


def geoapp_load(store, path: Path) -> subprocess.Popen:
    env = {**os.environ, "GEOAPP_DATABASE_URL": store.url}
    return subprocess.Popen([sys.executable, "-m", "geoapp.cli", "load", "places", str(path)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_writing(process: subprocess.Popen, deadline_s: float = 120) -> None:
    """Wait until the loader's progress bar shows rows written (and not all of them)."""
    end, seen = time.monotonic() + deadline_s, ""
    while time.monotonic() < end and process.poll() is None:
        seen += os.read(process.stderr.fileno(), 4096).decode(errors="replace")
        written = [int(n) for n in WRITING.findall(seen)]
        if written and max(written) < ROWS:
            return
    pytest.fail(f"the load never showed its writing progress: {seen[-500:]}")


def test_a_killed_load_loses_nothing_and_the_next_one_succeeds(store, tmp_path, fault_log):
    before, indexed = place_count(store), indexes(store)
    path = write_places(tmp_path / "bulk.csv", ROWS)
    with geoapp_load(store, path) as process:
        wait_for_writing(process)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert place_count(store) == before
    assert indexes(store) == indexed  # on PostGIS the load had dropped them to write
    fault_log.record(rows_lost=place_count(store) - before)
    with geoapp_load(store, path) as again:
        _, err = again.communicate(timeout=600)
    assert again.returncode == 0, err[-2000:]
    assert place_count(store) == before + ROWS
