"""Memory of a big load: a ~200 MB CSV of places loaded into each store, rows/s and peak RSS.

The target: under 1 GB of resident memory (the loader that read whole files took 3.7 GB).
Each figure is measured in a child process of its own (its peak resident memory, ru_maxrss
of that child's rusage), beside two baselines from the same run: the floor (Python with
geoapp imported and the store's regions read) and a bare parse of the same file in chunks
with pandas (no checks, no writes), whose rows/s bound what any loader of this file can do.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

TARGET_BYTES = 200 * 1024 * 1024
GIB = 1024 ** 3
REPO = Path(__file__).resolve().parents[1]
# An inner part of Ukraine: every point falls inside a region of the sample.
BOX = (30.0, 47.5, 36.0, 51.0)
STREETS = ("вул. Шевченка", "вул. Грушевського", "просп. Незалежності", "вул. Соборна")


def write_csv(path: Path) -> int:
    """Write about TARGET_BYTES of places; return how many rows."""
    rng = np.random.default_rng(15)
    rows, size, block = 0, 0, 50_000
    with path.open("w", encoding="utf-8") as out:
        out.write("id,kind,type,name,status,address,location_precision,note,lon,lat\n")
        while size < TARGET_BYTES:
            lons = rng.uniform(BOX[0], BOX[2], block)
            lats = rng.uniform(BOX[1], BOX[3], block)
            text = "".join(
                f"bench:{rows + i:08d},school,ліцей,Ліцей №{rows + i} імені Лесі Українки,"
                f"operating,\"{STREETS[i % 4]}, {i % 200 + 1}\",settlement,"
                f"перевірено {i % 28 + 1:02d}.03.2026,{lons[i]:.6f},{lats[i]:.6f}\n"
                for i in range(block))
            size += len(text.encode("utf-8"))
            out.write(text)
            rows += block
    return rows


def child(kind: str, url: str, csv_path: str) -> dict:
    """The work of one measured child: ``floor``, ``parse`` or ``load``."""
    import geoapp  # noqa: F401  (geopandas/pyproj before SpatiaLite)
    from geoapp.ingest import LoadOptions, load_file
    from geoapp.ingest.source import Limits, csv_chunks
    from geoapp.store import Store, queries

    store = Store(url)
    start = time.perf_counter()
    if kind == "floor":
        with store.engine.connect() as conn:
            rows = len(queries.regions_frame(conn))
    elif kind == "parse":
        limits = Limits(max_bytes=GIB, max_rows=10_000_000)
        rows = sum(len(chunk) for chunk in csv_chunks(Path(csv_path), limits, 50_000))
    else:
        report = load_file(store, "places", Path(csv_path), LoadOptions(progress=False))
        rows = report.inserted + report.updated
    seconds = time.perf_counter() - start
    store.dispose()
    return {"rows": rows, "seconds": seconds}


def measured(kind: str, url: str, csv_path: Path) -> dict:
    """Run one child; return its result and its own peak resident memory in MB."""
    command = [sys.executable, "-m", "bench.bench_load_memory", "--child", kind, "--url", url,
               "--csv", str(csv_path)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child_process = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=err)
        # wait4 gives this child's own usage; getrusage(RUSAGE_CHILDREN) would give the
        # largest of every child so far (the other store's load, initdb...).
        _, status, usage = os.wait4(child_process.pid, 0)
        child_process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child_process.returncode:
            raise RuntimeError(f"{kind} failed:\n{err.read()}")
        found = json.loads(out.read().strip().splitlines()[-1])
    found["peak_mb"] = usage.ru_maxrss / 1024  # Linux: kilobytes
    return found


def prepare(url: str) -> None:
    """The schema and the sample's programmes and regions, in this process."""
    import geoapp  # noqa: F401
    from geoapp.ingest import LoadOptions, load_file
    from geoapp.store import Store, schema

    store = Store(url)
    schema.upgrade(store)
    for target, name in (("programmes", "programmes.csv"), ("regions", "regions.gpkg")):
        load_file(store, target, REPO / "data" / name, LoadOptions(progress=False))
    store.dispose()


def run(name: str, url: str, csv_path: Path, rows: int) -> None:
    """Measure the floor, the bare parse and the load on one store; print them."""
    prepare(url)
    floor = measured("floor", url, csv_path)
    parse = measured("parse", url, csv_path)
    load = measured("load", url, csv_path)
    assert load["rows"] == rows, (load["rows"], rows)
    verdict = "under" if load["peak_mb"] < 1024 else "OVER"
    print(f"{name}: load {rows:,} rows in {load['seconds']:.1f} s = "
          f"{rows / load['seconds']:,.0f} rows/s, peak {load['peak_mb']:,.0f} MB "
          f"({verdict} the 1 GB target)")
    print(f"{name}:   baselines: floor {floor['peak_mb']:,.0f} MB (geoapp imported, "
          f"regions read); bare chunked parse {rows / parse['seconds']:,.0f} rows/s, peak "
          f"{parse['peak_mb']:,.0f} MB (the load runs at "
          f"{100 * parse['seconds'] / load['seconds']:.0f}% of its speed)")


def main() -> None:
    """Write the CSV once; load it into SpatiaLite and PostGIS."""
    from tests.support.postgis import postgis_cluster

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = folder / "places.csv"
        rows = write_csv(csv_path)
        print(f"places.csv: {csv_path.stat().st_size / 1024 ** 2:,.0f} MB, {rows:,} rows")
        run("spatialite", f"sqlite:///{folder / 'bench.sqlite'}", csv_path, rows)
        with postgis_cluster() as url:
            run("postgis", url, csv_path, rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=("floor", "parse", "load"))
    parser.add_argument("--url")
    parser.add_argument("--csv")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.url, args.csv)))
    else:
        main()
