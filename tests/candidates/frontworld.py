"""The fixture world with a front line: Luhansk oblast with occupied and front-line hromadas,
a Russian region next to it, the official list's statuses, and places scattered over all of
it (many sharing a point), loaded through the real loaders on top of ``tests.support.world``.
"""

from __future__ import annotations

import random

import geopandas as gpd
from shapely.geometry import MultiPolygon, box

from geoapp.ingest import LoadOptions, load_file
from tests.support import world
from tests.support.world import write_csv

QUIET = LoadOptions(progress=False)
EDITION = "2025-04-30"
LUHANSK, SIEVIERODONETSK = "UA44000000000000001", "UA44020000000000001"
LYSYCHANSK, SIEVIERODONETSK_H = "UA44020010000000001", "UA44020030000000001"
PRYVILLIA, KREMINNA = "UA44020050000000001", "UA44020070000000001"
LYSYCHANSK_CITY = "UA44020010010000001"  # settlement 001: the hromada's centre
ROSTOV = "RU-ROS"

REGIONS = [
    ("RU", "country", "", "Росія", "Russia", (39.0, 46.5, 41.0, 47.9)),
    (ROSTOV, "oblast", "RU", "Ростовська область", "Rostov Oblast", (39.0, 46.5, 41.0, 47.9)),
    (LUHANSK, "oblast", "UA", "Луганська область", "Luhansk Oblast", (39.0, 48.0, 40.5, 50.0)),
    (SIEVIERODONETSK, "raion", LUHANSK, "Сєвєродонецький район", "Sievierodonetsk",
     (39.0, 48.6, 40.0, 49.4)),
    (LYSYCHANSK, "hromada", SIEVIERODONETSK, "Лисичанська міська громада", "Lysychansk",
     (39.0, 48.6, 39.5, 49.0)),
    (SIEVIERODONETSK_H, "hromada", SIEVIERODONETSK, "Сєвєродонецька міська громада",
     "Sievierodonetsk", (39.5, 48.6, 40.0, 49.0)),
    (PRYVILLIA, "hromada", SIEVIERODONETSK, "Привільська громада", "Pryvillia",
     (39.0, 49.0, 39.5, 49.4)),
    (KREMINNA, "hromada", SIEVIERODONETSK, "Кремінська громада", "Kreminna",
     (39.5, 49.0, 40.0, 49.4)),
]

STATUSES = [
    # code, status, start, end
    (LYSYCHANSK_CITY, "temporarily_occupied", "2022-07-03", ""),
    (LYSYCHANSK_CITY, "active_hostilities", "2022-02-24", "2022-07-03"),
    (SIEVIERODONETSK_H, "temporarily_occupied", "2022-06-25", ""),
    (PRYVILLIA, "active_hostilities", "2022-02-24", ""),
    (SIEVIERODONETSK, "possible_hostilities", "2023-01-01", ""),
    (LUHANSK, "possible_hostilities", "2024-01-01", ""),
    ("UA140201", "active_hostilities", "2024-08-07", ""),
    ("UA530202", "temporarily_occupied", "2022-03-01", "2022-04-01"),
]

NAMES = ("Іванівська школа", "Ясенівська школа", "Авангардна школа", "Ґалаганівська школа",
         "Їжакевицька школа", "Борова школа", "Zelena school", "Єгорівська школа")
KINDS = ("school", "kindergarten", "community")
TYPES = ("lyceum", "gymnasium", "")
# The box the random places fill: Poltava and Donetsk, Luhansk, Rostov, and gaps between.
EXTENT = (32.0, 46.5, 41.0, 50.6)
FRONT = (37.5, 47.5, 40.6, 49.6)


def random_places(n: int = 600, seed: int = 7) -> list[tuple]:
    """Places over the whole extent and denser near the front; a third share a few points."""
    rng = random.Random(seed)

    def point(area) -> tuple[float, float]:
        return round(rng.uniform(area[0], area[2]), 6), round(rng.uniform(area[1], area[3]), 6)

    shared = [point(FRONT if k % 2 else EXTENT) for k in range(12)]
    rows = []
    for i in range(n):
        lon, lat = (shared[i % 12] if i % 3 == 0 else point(FRONT if i % 3 == 1 else EXTENT))
        rows.append((f"fw:{i:03d}", KINDS[i // 3 % 3], rng.choice(NAMES), TYPES[i % 5 % 3],
                     "closed" if i % 19 == 0 else "operating",
                     "plich-o-plich" if i % 4 == 0 else ("stem" if i % 7 == 0 else ""),
                     lon, lat))
    return rows


def partnerships(rows: list[tuple]) -> list[tuple]:
    """A few partnerships among the random places (some ended), and one more IMC agreement."""
    links = [(f"fwp:{i}", rows[i][0], rows[i + 7][0], "plich-o-plich",
              "ended" if i % 10 == 0 else "active") for i in range(0, 120, 4)]
    return links + [("fwp:imc", "katottg:UA530202", "katottg:UA140201", "imc", "active")]


def load_front(store, folder) -> dict:
    """Load the front-line extension into ``store``; return what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    gpd.GeoDataFrame(
        [{"code": c, "level": lv, "parent_code": p, "name_uk": uk, "name_en": en}
         for c, lv, p, uk, en, _ in REGIONS],
        geometry=[MultiPolygon([box(*b)]) for *_, b in REGIONS], crs="EPSG:4326",
    ).to_file(folder / "regions.geojson", driver="GeoJSON")
    rows = random_places()
    write_csv(folder / "places.csv", ["id", "kind", "name", "type", "status", "programmes",
                                      "lon", "lat"], rows)
    links = partnerships(rows)
    write_csv(folder / "partnerships.csv", ["id", "place_a", "place_b", "programme", "status"],
              links)
    write_csv(folder / "statuses.csv", ["region_code", "status", "start_date", "end_date",
                                        "edition_date"],
              [(*s, EDITION) for s in STATUSES])
    for target, name in (("regions", "regions.geojson"), ("places", "places.csv"),
                         ("partnerships", "partnerships.csv"),
                         ("region-statuses", "statuses.csv")):
        load_file(store, target, folder / name, QUIET)
    return {"places": rows, "partnerships": links}


def all_regions() -> list[tuple]:
    """The regions of both worlds: code, level, parent, box."""
    return [(c, lv, p, b) for c, lv, p, _, _, b in [*world.REGIONS, *REGIONS]]


def all_places(rows: list[tuple]) -> list[dict]:
    """Every place of both worlds as dicts, with type and programmes."""
    base = [{"id": i, "kind": k, "name": n, "type": "", "status": s,
             "programmes": tuple(p for p in progs.split(";") if p), "lon": x, "lat": y}
            for i, k, n, s, progs, x, y in world.PLACES]
    return base + [{"id": i, "kind": k, "name": n, "type": t, "status": s,
                    "programmes": tuple(p for p in progs.split(";") if p), "lon": x, "lat": y}
                   for i, k, n, t, s, progs, x, y in rows]


def all_partnerships(links: list[tuple]) -> list[tuple]:
    """Every partnership of both worlds: id, a, b, programme, status."""
    return [(i, a, b, prog, st) for i, a, b, prog, st, _ in world.PARTNERSHIPS] + links
