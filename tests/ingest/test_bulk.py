"""Bulk loads: every check still reports row by row, and geometry keeps every bit (WKB)."""

from __future__ import annotations

import csv

import geopandas as gpd
import shapely
from shapely.geometry import Point
from sqlalchemy import func, select

from geoapp.ingest import LoadOptions, load_file
from geoapp.store import dialect
from geoapp.store.models import Partnership, Place
from tests.ingest.test_load import refused

QUIET = LoadOptions(progress=False)
KINDS = "school, vocational, kindergarten, stem_centre, teacher_centre, community, authority"
# One row for each thing a place's row can get wrong, with the report the loader has
# always given: (row, field, message, value).
ROWS = [
    (("ok:1", "school", "Добра", "", "", "33.41", "49.07"), None),
    (("", "school", "Без id", "", "", "33.41", "49.07"), ("id", "missing id", "")),
    (("ok:1", "school", "Двійник", "", "", "33.42", "49.07"),
     ("id", "duplicate id 'ok:1' (first on row 1)", "ok:1")),
    (("r:4", "castle", "Замок", "", "", "33.41", "49.07"),
     ("kind", f"'castle' is not one of {KINDS}", "castle")),
    (("r:5", "", "Без виду", "", "", "33.41", "49.07"),
     ("kind", "missing kind; give a column or --kind", "")),
    (("r:6", "school", "", "", "", "33.41", "49.07"), ("name", "missing name", "")),
    (("r:7", "school", "Відкрита", "open", "", "33.41", "49.07"),
     ("status", "'open' is not one of operating, suspended, closed", "open")),
    (("r:8", "school", "Вулиця", "", "street", "33.41", "49.07"),
     ("location_precision",
      "'street' is not one of exact, city_district, settlement, community_centroid", "street")),
    (("r:9", "school", "Без довготи", "", "", "", "49.07"), ("lon", "missing coordinate", "")),
    (("r:10", "school", "Північ", "", "", "33.41", "north"),
     ("lat", "'north' is not a number", "north")),
]


def test_a_bulk_load_reports_every_bad_row_as_before(store, tmp_path):
    path = tmp_path / "places.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "kind", "name", "status", "location_precision", "lon", "lat"])
        writer.writerows(cells for cells, _ in ROWS)
    error = refused(store, "places", path)
    expected = [(row, *problem[:2], problem[2]) for row, (_, problem) in enumerate(ROWS, 1)
                if problem]
    assert [(p.row, p.field, p.message, p.value) for p in error.problems] == expected
    with error.report.open(encoding="utf-8") as report:
        assert [(int(r["row"]), r["field"], r["message"], r["value"])
                for r in csv.DictReader(report)] == expected


def test_points_and_lines_keep_every_bit_of_their_coordinates(store, tmp_path):
    # Seventeen significant digits: WKT written by either store (15) or shapely (6 decimals
    # by default) would round them.
    a, b = Point(33.41234567890123, 49.07654321098765), Point(33.76543210987654, 49.08765432101234)
    assert shapely.from_wkt(shapely.to_wkt(a)) != a
    places = tmp_path / "exact.gpkg"
    gpd.GeoDataFrame({"id": ["exact:a", "exact:b"], "kind": ["school", "school"],
                      "name": ["Точна", "Друга точна"]},
                     geometry=[a, b], crs="EPSG:4326").to_file(places, driver="GPKG")
    links = tmp_path / "exact.csv"
    links.write_text("id,place_a,place_b\nexact:ab,exact:a,exact:b\n", encoding="utf-8")
    assert load_file(store, "places", places, QUIET).inserted == 2
    assert load_file(store, "partnerships", links, QUIET).inserted == 1
    with store.engine.connect() as conn:
        points = dict(conn.execute(select(Place.id, func.ST_AsBinary(Place.geom))
                                   .where(Place.id.like("exact:%"))).all())
        line = conn.execute(select(func.ST_AsBinary(Partnership.geom))
                            .where(Partnership.id == "exact:ab")).scalar()
    assert shapely.from_wkb(bytes(points["exact:a"])).coords[0] == a.coords[0]
    assert shapely.from_wkb(bytes(points["exact:b"])).coords[0] == b.coords[0]
    assert list(shapely.from_wkb(bytes(line)).coords) == [a.coords[0], b.coords[0]]


def test_a_reload_moves_and_renames_places_in_the_spatial_and_name_indexes(store, tmp_path):
    def load(name: str, lon: float, lat: float) -> None:
        path = tmp_path / "one.csv"
        path.write_text(f"id,kind,name,lon,lat\nbulk:1,school,{name},{lon},{lat}\n",
                        encoding="utf-8")
        load_file(store, "places", path, QUIET)

    def found(*where) -> bool:
        with store.engine.connect() as conn:
            ids = conn.execute(select(Place.id).where(*where)).scalars().all()
        return "bulk:1" in ids

    load("Стара назва", 33.41, 49.07)
    assert found(dialect.name_contains(Place.name_folded, "стара"))
    load("Нова назва", 33.8, 49.1)
    assert found(dialect.name_contains(Place.name_folded, "нова назва"))
    assert not found(dialect.name_contains(Place.name_folded, "стара"))
    assert found(dialect.in_bbox(Place.__table__, (33.79, 49.09, 33.81, 49.11)))
    assert not found(dialect.in_bbox(Place.__table__, (33.40, 49.06, 33.42, 49.08)))


A, B = "katottg:UA530201", "katottg:UA530202"
LINKS = [
    (("p:1", A, B, "", "2025-01-01", ""), None),
    (("p:2", "", B, "", "", ""), ("place_a", "missing place id", "")),
    (("p:3", A, "", "", "", ""), ("place_b", "missing place id", "")),
    (("p:4", A, A, "", "", ""), ("place_b", "a place cannot partner with itself", "")),
    (("p:5", A, B, "maybe", "", ""),
     ("status", "'maybe' is not one of proposed, active, ended", "maybe")),
    (("p:6", A, B, "", "2025-13-01", ""),
     ("start_date", "'2025-13-01' is not a date YYYY-MM-DD", "2025-13-01")),
    (("p:7", A, B, "", "", "soon"), ("end_date", "'soon' is not a date YYYY-MM-DD", "soon")),
    (("p:8", A, "edebo:nope", "", "", ""),
     ("place_b", "place 'edebo:nope' does not exist", "edebo:nope")),
]


def test_a_bulk_load_reports_every_bad_partnership_row_as_before(store, tmp_path):
    path = tmp_path / "links.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "place_a", "place_b", "status", "start_date", "end_date"])
        writer.writerows(cells for cells, _ in LINKS)
    error = refused(store, "partnerships", path)
    assert [(p.row, p.field, p.message, p.value) for p in error.problems] == [
        (row, *problem) for row, (_, problem) in enumerate(LINKS, 1) if problem]
