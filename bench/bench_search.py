"""Name search ("contains", as the map's search box asks) on 400,000 places.

Baseline, measured in the same run: the same LIKE '%...%' without the trigram index (a
scan of every name). Answers must be equal.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select

import geoapp  # noqa: F401  (geopandas/pyproj before SpatiaLite)
from geoapp.store import Store, dialect, schema
from geoapp.store.models import Place, fold
from geoapp.store.queries import PlaceFilter, filter_places
from tests.support.postgis import postgis_cluster

N = 400_000
WORDS = ("ліцей", "гімназія", "школа", "заклад", "центр", "навчально-виховний комплекс")
SYLLABLES = ("ко", "ва", "ли", "бро", "сте", "мир", "го", "ро", "да", "пі", "ща", "ну", "ки",
             "ле", "зо", "че", "ря", "ту")
# A rare town, a common phrase, a word in every tenth name, and a text found nowhere.
ASKED = ("ковали", "ліцей №17", "гімназія", "жжж")
places = Place.__table__


def fill(store: Store) -> None:
    """Insert N places with names in the registers' style, in batches."""
    rng = np.random.default_rng(11)
    towns = ["".join(rng.choice(SYLLABLES, 4)).capitalize() for _ in range(8000)]
    with store.engine.begin() as conn:
        for start in range(0, N, 20_000):
            rows = []
            for i in range(start, start + 20_000):
                town, word = towns[rng.integers(len(towns))], WORDS[rng.integers(len(WORDS))]
                name = f"{town}ський {word} №{rng.integers(1, 60)}"
                rows.append({"id": f"s:{i}", "kind": "school", "name": name,
                             "name_folded": fold(name), "status": "operating",
                             "location_precision": "settlement",
                             "geom": f"SRID=4326;POINT({30 + i % 97 * 0.01} 49)"})
            conn.execute(insert(places), rows)


def median_ms(store: Store, query, repeat: int,
              without_index: bool = False) -> tuple[float, list]:
    """Median milliseconds of a query over ``repeat`` runs, and its sorted answer."""
    times, found = [], []
    with store.engine.connect() as conn:
        if without_index and store.kind == "postgis":
            # LIKE on the plain column would use the trigram index too: forbid it.
            conn.exec_driver_sql("SET enable_bitmapscan = off")
            conn.exec_driver_sql("SET enable_indexscan = off")
        for _ in range(repeat):
            start = time.perf_counter()
            found = sorted(conn.execute(query).scalars())
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), found


def run(kind: str, url: str) -> None:
    """Fill one store and print the figures of each search."""
    store = Store(url)
    schema.upgrade(store)
    fill(store)
    for asked in ASKED:
        indexed = filter_places(select(places.c.id), PlaceFilter(q=asked))
        scan = select(places.c.id).where(places.c.name_folded.like(
            dialect.contains_pattern(fold(asked)), escape="\\"))
        fast, found = median_ms(store, indexed, 15)
        slow, expected = median_ms(store, scan, 3, without_index=True)
        assert found == expected, (asked, len(found), len(expected))
        print(f"{kind:10} search {asked!r:16} {len(found):>7,} found: {fast:7.1f} ms indexed, "
              f"{slow:7.1f} ms scanning ({slow / max(fast, 0.01):.1f}x)")
    store.dispose()


def main() -> None:
    """Run the benchmark on SpatiaLite and PostGIS."""
    with tempfile.TemporaryDirectory() as tmp:
        run("spatialite", f"sqlite:///{Path(tmp) / 'search.sqlite'}")
        with postgis_cluster() as url:
            run("postgis", url)


if __name__ == "__main__":
    main()
