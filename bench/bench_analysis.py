"""Nearest STEM centre for every school: the exact k-d tree search against measuring all pairs.

17,345 schools (the register's count) and 400 centres at random over Ukraine. Baseline,
measured in the same run: pyproj's Geod over every school-centre pair, then the minimum.
Both must give the same centre and distance for every school.
"""

from __future__ import annotations

import time

import numpy as np

import geoapp  # noqa: F401  (geopandas/pyproj first)
from geoapp import geodesy
from geoapp.analysis import coverage

SCHOOLS, CENTRES = 17_345, 400
UKRAINE = (22.2, 44.4, 40.2, 52.3)


def points(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` random lon/lat points over Ukraine's extent."""
    return rng.uniform(UKRAINE[0], UKRAINE[2], n), rng.uniform(UKRAINE[1], UKRAINE[3], n)


def all_pairs(schools, centres) -> tuple[np.ndarray, np.ndarray]:
    """The baseline: the geodesic to every centre, in chunks, and the nearest."""
    index, metres = [], []
    for start in range(0, len(schools[0]), 1000):
        lons, lats = (a[start:start + 1000, None] for a in schools)
        grid = [np.broadcast_to(a, (len(lons), len(centres[0]))) for a in
                (lons, lats, centres[0][None, :], centres[1][None, :])]
        dist = np.asarray(geodesy.wgs84().inv(*(g.ravel() for g in grid))[2]).reshape(
            len(lons), -1)
        index.append(dist.argmin(axis=1))
        metres.append(dist.min(axis=1))
    return np.concatenate(index), np.concatenate(metres)


def timed(fn, *args) -> tuple[float, object]:
    """Seconds one call takes, and what it returned."""
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main() -> None:
    rng = np.random.default_rng(7)
    schools, centres = points(rng, SCHOOLS), points(rng, CENTRES)
    tree_s, (tree_index, tree_m) = timed(coverage.nearest, schools, centres)
    pairs_s, (pair_index, pair_m) = timed(all_pairs, schools, centres)
    same = (tree_index == pair_index).mean()
    worst = np.abs(tree_m - pair_m).max()
    print(f"{SCHOOLS:,} schools, {CENTRES} centres")
    print(f"k-d tree + exact Geod: {tree_s:.2f} s")
    print(f"all pairs (baseline):  {pairs_s:.2f} s")
    print(f"speed-up: {pairs_s / tree_s:.1f}x; same nearest centre: {same:.2%}; "
          f"largest difference: {worst:.3g} m")


if __name__ == "__main__":
    main()
