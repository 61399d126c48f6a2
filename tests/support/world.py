"""A small world of fixture data, written as code and loaded through the real loader.

Rectangles stand in for hromada polygons around the real places they are named after.
"""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
from shapely.geometry import MultiPolygon, box

XSS_NAME = "<img src=x onerror=alert(1)>"

REGIONS = [
    # code, level, parent, name_uk, name_en, (minx, miny, maxx, maxy)
    ("UA", "country", "", "Україна", "Ukraine", (28.5, 44.0, 41.0, 52.5)),
    ("UA53", "oblast", "UA", "Полтавська", "Poltava", (32.0, 48.7, 35.5, 50.6)),
    ("UA5302", "raion", "UA53", "Кременчуцький", "Kremenchuk", (33.0, 48.9, 34.0, 49.4)),
    ("UA530201", "hromada", "UA5302", "Кременчуцька", "Kremenchuk", (33.3, 49.0, 33.55, 49.15)),
    ("UA530202", "hromada", "UA5302", "Піщанська", "Pishchane", (33.6, 49.0, 33.9, 49.15)),
    ("UA14", "oblast", "UA", "Донецька", "Donetsk", (36.5, 47.0, 39.0, 49.3)),
    ("UA1402", "raion", "UA14", "Бахмутський", "Bakhmut", (37.5, 48.3, 38.5, 49.0)),
    ("UA140201", "hromada", "UA1402", "Часовоярська", "Chasiv Yar", (37.75, 48.55, 37.9, 48.65)),
]
# An oblast without a single place, loaded by the tests that need one.
CRIMEA = ("UA01", "oblast", "UA", "Автономна Республіка Крим", "Crimea", (33.0, 44.4, 36.2, 46.0))

PROGRAMMES = [
    ("plich-o-plich", "Пліч-о-пліч", "Side by side"),
    ("imc", "Міжмуніципальне співробітництво", "Inter-municipal cooperation"),
    ("stem", "STEM-освіта", "STEM education"),
]

PLACES = [
    # id, kind, name, status, programmes, lon, lat
    ("katottg:UA530201", "community", "Кременчуцька громада", "operating", "plich-o-plich",
     33.42, 49.07),
    ("katottg:UA530202", "community", "Піщанська громада", "operating", "", 33.75, 49.08),
    ("katottg:UA140201", "community", "Часовоярська громада", "operating", "plich-o-plich",
     37.84, 48.59),
    ("edebo:1001", "school", "Кременчуцький ліцей №1", "operating", "", 33.41, 49.06),
    ("edebo:1002", "school", "Кременчуцька гімназія №5", "operating", "", 33.44, 49.08),
    ("edebo:1003", "school", "Піщанська гімназія", "closed", "", 33.76, 49.09),
    ("edebo:1004", "school", "Часовоярський ліцей", "suspended", "", 37.83, 48.60),
    ("edebo:2001", "stem_centre", "Кременчуцький STEM-центр", "operating", "stem", 33.43, 49.07),
    ("edebo:3001", "vocational", "Кременчуцький професійний ліцей", "operating", "", 33.40, 49.05),
    ("edebo:9999", "school", XSS_NAME, "operating", "", 33.45, 49.09),
    ("city:balti", "authority", "Bălți education directorate", "operating", "", 27.93, 47.76),
]

PARTNERSHIPS = [
    ("plich:kremenchuk-chasiv-yar", "katottg:UA530201", "katottg:UA140201", "plich-o-plich",
     "active", "2025-03-01"),
    ("imc:kremenchuk-pishchane", "katottg:UA530201", "katottg:UA530202", "imc", "active",
     "2019-05-20"),
]

ACTIVITIES = [
    # id, kind, title, title_en, language, date, places, partnership, programme, areas,
    # review_state
    ("world:memorandum", "signing", "Меморандум Кременчук – Часів Яр",
     "Kremenchuk – Chasiv Yar memorandum", "uk", "2025-03", "", "plich:kremenchuk-chasiv-yar",
     "plich-o-plich", "social;education", ""),
    ("world:balti-visit", "visit", "Vizita delegației Bălți", "", "ro", "2022-01-16/2022-01-21",
     "city:balti", "", "", "education", ""),
    ("world:balti-signing", "signing", "Semnarea acordului", "", "ro", "2022-01-18",
     "city:balti", "", "", "education;culture", ""),
    ("world:training", "training", XSS_NAME, "", "uk", "2021-10-07", "edebo:1004", "", "",
     "governance;education", ""),
    ("world:stem-club", "practice", "Шкільний STEM-клуб", "", "uk", "2021",
     "edebo:2001;edebo:1001", "", "stem", "education;research", ""),
    ("world:undated", "meetup", "Зустріч без дати", "", "uk", "", "katottg:UA530202", "", "",
     "culture", ""),
    ("world:proposed", "meeting", "Запропонована зустріч", "", "uk", "2025-05-01",
     "katottg:UA530201", "", "", "education", "pending"),
]
ACTIVITY_COLUMNS = ["id", "kind", "title", "title_en", "language", "date", "places",
                    "partnership", "programme", "areas", "review_state"]


def write_world(folder: Path) -> dict[str, Path]:
    """Write the world's files into ``folder``; return them by load target."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"programmes": folder / "programmes.csv", "regions": folder / "regions.geojson",
             "places": folder / "places.csv", "partnerships": folder / "partnerships.csv",
             "activities": folder / "activities.csv"}
    write_regions(files["regions"], REGIONS)
    write_csv(files["programmes"], ["code", "name_uk", "name_en"], PROGRAMMES)
    write_csv(files["places"], ["id", "kind", "name", "status", "programmes", "lon", "lat"],
              PLACES)
    write_csv(files["partnerships"],
              ["id", "place_a", "place_b", "programme", "status", "start_date"], PARTNERSHIPS)
    write_csv(files["activities"], ACTIVITY_COLUMNS, ACTIVITIES)
    return files


def write_regions(path: Path, rows: list[tuple]) -> Path:
    """Write regions given as :data:`REGIONS` gives them as GeoJSON at ``path``."""
    gpd.GeoDataFrame(
        [{"code": c, "level": lv, "parent_code": p, "name_uk": uk, "name_en": en}
         for c, lv, p, uk, en, _ in rows],
        geometry=[MultiPolygon([box(*b)]) for *_, b in rows], crs="EPSG:4326",
    ).to_file(path, driver="GeoJSON")
    return path


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> None:
    """Write rows as a UTF-8 CSV."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
