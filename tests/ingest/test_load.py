"""Loading files: every format and CRS, and every bad input named, with the store unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import MultiPolygon, Point, Polygon, box
from sqlalchemy import func, select

from geoapp.ingest import LoadError, LoadOptions, load_file
from geoapp.store import queries
from geoapp.store.models import Partnership, Place, Region

QUIET = LoadOptions(progress=False)


def snapshot(store) -> tuple:
    """Everything a load could change, in a comparable form."""
    with store.engine.connect() as conn:
        places = conn.execute(select(Place.id, Place.name, Place.region_code,
                                     func.ST_AsText(Place.geom)).order_by(Place.id)).all()
        regions = conn.execute(select(Region.code, Region.level).order_by(Region.code)).all()
        links = conn.execute(select(Partnership.id, Partnership.place_b_id)
                             .order_by(Partnership.id)).all()
    return places, regions, links


def write_csv(path: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as out:
        writer = csv.DictWriter(out, fieldnames=list(dict.fromkeys(k for r in rows for k in r)))
        writer.writeheader()
        writer.writerows(rows)
    return path


def school(place_id: str, lon, lat, name: str = "Нова школа") -> dict:
    return {"id": place_id, "kind": "school", "name": name, "lon": lon, "lat": lat}


def refused(store, target: str, path: Path, options: LoadOptions = QUIET) -> LoadError:
    """Load, expect a refusal, and check that the store is exactly as it was."""
    before = snapshot(store)
    with pytest.raises(LoadError) as caught:
        load_file(store, target, path, options)
    assert snapshot(store) == before
    return caught.value


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (school("new:1", "", "49.1"), "lon", "missing coordinate"),
        (school("new:1", "33.4", "abc"), "lat", "'abc' is not a number"),
        (school("new:1", "33.4", "149.1"), "geometry", "outside lon -180..180 / lat -90..90"),
        (school("new:1", "233.4", "49.1"), "geometry", "outside lon -180..180"),
        ({**school("new:1", "33.4", "49.1"), "kind": "castle"}, "kind", "'castle' is not one of"),
        ({**school("new:1", "33.4", "49.1"), "name": ""}, "name", "missing name"),
        ({**school("new:1", "33.4", "49.1"), "status": "open"}, "status", "'open' is not one"),
    ],
)
def test_a_bad_place_row_is_named_and_nothing_is_written(store, tmp_path, row, field, message):
    good = school("new:0", "33.41", "49.07")
    path = write_csv(tmp_path / "places.csv", [good, row])
    error = refused(store, "places", path)
    text = str(error)
    assert f"places.csv, row 2, field {field!r}" in text
    assert message in text
    report = (tmp_path / "places.csv.rejected.csv").read_text(encoding="utf-8")
    assert report.splitlines()[0] == "row,field,value,message"
    assert message in report


def test_the_rejected_rows_report_is_safe_to_open_in_a_spreadsheet(store, tmp_path):
    path = write_csv(tmp_path / "places.csv", [
        {**school("new:1", "33.41", "49.07"), "status": '=HYPERLINK("http://x","y")'}])
    refused(store, "places", path)
    with (tmp_path / "places.csv.rejected.csv").open(encoding="utf-8", newline="") as report:
        rows = list(csv.DictReader(report))
    assert "'=HYPERLINK(\"http://x\",\"y\")" in [r["value"] for r in rows]
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())


def test_swapped_coordinates_out_of_range_are_called_swapped(store, tmp_path):
    path = write_csv(tmp_path / "places.csv", [school("new:1", "49.07", "133.42")])
    assert "latitude and longitude look swapped" in str(refused(store, "places", path))
    path = write_csv(tmp_path / "places.csv", [school("new:1", "233.42", "95.07")])
    [problem] = refused(store, "places", path).problems
    assert "outside lon -180..180 / lat -90..90" in problem.message
    assert "swapped" not in problem.message


def test_a_point_that_fits_a_region_only_when_swapped_refuses_the_file(store, tmp_path):
    rows = [school("new:0", "33.41", "49.07"), school("new:1", "49.07", "33.42")]
    path = write_csv(tmp_path / "p.csv", rows)
    for options in (QUIET, LoadOptions(skip_invalid=True, progress=False)):
        error = refused(store, "places", path, options)
        assert ("p.csv, field 'geometry': 1 point (row 2) is outside every region of the "
                "store, but inside one with latitude and longitude swapped") in str(error)
        assert "--allow-outside" in str(error)
        assert [(p.row, p.field) for p in error.problems] == [(0, "geometry"), (2, "geometry")]


def test_allow_outside_loads_places_abroad_with_a_warning(store, tmp_path):
    # Isfahan: outside every region of the world, inside Ukraine with lat/lon swapped.
    rows = [school("new:0", "33.41", "49.07"),
            school("city:isfahan", "51.67", "32.67", "Isfahan")]
    path = write_csv(tmp_path / "p.csv", rows)
    report = load_file(store, "places", path, LoadOptions(allow_outside=True, progress=False))
    assert report.inserted == 2
    [warning] = report.warnings
    assert (warning.row, warning.field) == (2, "geometry")
    assert "inside one with latitude and longitude swapped" in warning.message
    with store.engine.connect() as conn:
        assert queries.get_place(conn, "city:isfahan")["region_code"] is None


def test_places_abroad_that_do_not_fit_when_swapped_load_without_a_word(store, tmp_path):
    path = write_csv(tmp_path / "p.csv", [school("city:chisinau", "28.86", "47.01", "Chișinău")])
    report = load_file(store, "places", path, QUIET)
    assert (report.inserted, report.warnings) == (1, [])


def test_duplicate_ids_name_both_rows(store, tmp_path):
    rows = [school("new:1", "33.41", "49.07"), school("new:1", "33.42", "49.08")]
    error = refused(store, "places", write_csv(tmp_path / "p.csv", rows))
    assert "row 2, field 'id': duplicate id 'new:1' (first on row 1)" in str(error)


def test_unknown_crs_is_named(store, tmp_path):
    path = write_csv(tmp_path / "p.csv", [school("new:1", "33.41", "49.07")])
    error = refused(store, "places", path, LoadOptions(crs="EPSG:999999", progress=False))
    assert "field 'crs': unknown CRS 'EPSG:999999'" in str(error)


def test_points_outside_their_crs_area_are_named(store, tmp_path):
    # EPSG:2100 (Greek Grid) cannot hold a point at these metres in Ukraine's plain.
    path = write_csv(tmp_path / "p.csv", [school("new:1", "9000000", "9000000")])
    error = refused(store, "places", path, LoadOptions(crs="EPSG:2100", progress=False))
    assert "row 1, field 'geometry': outside the area of GGRS87 / Greek Grid" in str(error)


def test_wrong_encoding_names_the_line(store, tmp_path):
    rows = [school("new:1", "33.41", "49.07"), school("new:2", "33.42", "49.08", "Ліцей")]
    path = write_csv(tmp_path / "p.csv", rows, encoding="cp1251")
    error = refused(store, "places", path)
    assert "field 'encoding': not UTF-8" in str(error)
    assert "byte 0xcd on line 2" in str(error)


def test_a_partnership_with_an_unknown_place_is_refused(store, tmp_path):
    rows = [{"id": "x:1", "place_a": "katottg:UA530201", "place_b": "edebo:404",
             "programme": "imc", "status": "active"}]
    error = refused(store, "partnerships", write_csv(tmp_path / "links.csv", rows))
    assert "row 1, field 'place_b': place 'edebo:404' does not exist" in str(error)


def test_a_bad_date_is_refused(store, tmp_path):
    rows = [{"id": "x:1", "place_a": "katottg:UA530201", "place_b": "edebo:1001",
             "programme": "imc", "start_date": "2025-13-01"}]
    error = refused(store, "partnerships", write_csv(tmp_path / "links.csv", rows))
    assert "field 'start_date': '2025-13-01' is not a date YYYY-MM-DD" in str(error)


def test_skip_invalid_loads_the_good_rows_and_reports_the_others(store, tmp_path):
    rows = [school("new:1", "33.41", "49.07"), school("new:2", "", "49.07")]
    path = write_csv(tmp_path / "p.csv", rows)
    report = load_file(store, "places", path, LoadOptions(skip_invalid=True, progress=False))
    assert (report.inserted, len(report.rejected)) == (1, 1)
    assert report.report.exists()
    with store.engine.connect() as conn:
        assert queries.get_place(conn, "new:1")["region_code"] == "UA530201"
        assert queries.get_place(conn, "new:2") is None


def test_dry_run_checks_and_writes_nothing(store, tmp_path):
    path = write_csv(tmp_path / "p.csv", [school("new:1", "33.41", "49.07")])
    before = snapshot(store)
    report = load_file(store, "places", path, LoadOptions(dry_run=True, progress=False))
    assert report.inserted == 1
    assert snapshot(store) == before


def test_loading_again_updates_by_id(store, tmp_path):
    path = write_csv(tmp_path / "p.csv", [school("edebo:1001", "33.76", "49.09", "Перейменовано")])
    report = load_file(store, "places", path, QUIET)
    assert (report.inserted, report.updated) == (0, 1)
    with store.engine.connect() as conn:
        place = queries.get_place(conn, "edebo:1001")
        assert (place["name"], place["region_code"]) == ("Перейменовано", "UA530202")
        assert queries.count_places(conn, queries.PlaceFilter()) == 11


@pytest.mark.parametrize(("driver", "suffix"), [("GeoJSON", ".geojson"), ("GPKG", ".gpkg"),
                                                ("ESRI Shapefile", ".shp")])
def test_vector_files_in_a_projected_crs_are_reprojected(store, tmp_path, driver, suffix):
    frame = gpd.GeoDataFrame({"id": ["utm:1"], "name": ["Школа UTM"], "kind": ["school"]},
                             geometry=[Point(33.42, 49.07)], crs="EPSG:4326").to_crs(32636)
    path = tmp_path / f"places{suffix}"
    frame.to_file(path, driver=driver)
    load_file(store, "places", path, QUIET)
    with store.engine.connect() as conn:
        place = queries.get_place(conn, "utm:1")
    assert place["lon"] == pytest.approx(33.42, abs=1e-7)
    assert place["lat"] == pytest.approx(49.07, abs=1e-7)
    assert place["region_code"] == "UA530201"


def test_csv_with_named_columns_and_crs(store, tmp_path):
    point = gpd.GeoSeries([Point(37.84, 48.60)], crs=4326).to_crs(3857).iloc[0]
    rows = [{"code": "c:1", "title": "x", "name": "Центр", "E": point.x, "N": point.y}]
    path = write_csv(tmp_path / "p.csv", rows)
    options = LoadOptions(crs="EPSG:3857", x_column="E", y_column="N", id_column="code",
                          kind="stem_centre", progress=False)
    load_file(store, "places", path, options)
    with store.engine.connect() as conn:
        place = queries.get_place(conn, "c:1")
    assert (place["kind"], place["region_code"]) == ("stem_centre", "UA140201")


def test_invalid_polygons_are_repaired_and_reported(empty_store, tmp_path):
    bowtie = Polygon([(30, 50), (31, 51), (31, 50), (30, 51), (30, 50)])
    frame = gpd.GeoDataFrame({"code": ["R1", "R2"], "level": ["oblast", "oblast"],
                              "name_uk": ["Метелик", "Квадрат"]},
                             geometry=[bowtie, MultiPolygon([box(32, 50, 33, 51)])],
                             crs="EPSG:4326")
    path = tmp_path / "regions.geojson"
    frame.to_file(path, driver="GeoJSON")
    report = load_file(empty_store, "regions", path, QUIET)
    assert [p.row for p in report.warnings] == [1]
    assert "invalid polygon repaired (Self-intersection" in report.warnings[0].message
    with empty_store.engine.connect() as conn:
        area = conn.execute(select(func.ST_Area(Region.geom)).where(Region.code == "R1"))
        assert area.scalar() == pytest.approx(0.5)


def test_a_region_without_a_polygon_is_refused(empty_store, tmp_path):
    frame = gpd.GeoDataFrame({"code": ["R1"], "level": ["oblast"]},
                             geometry=[Point(30, 50)], crs="EPSG:4326")
    path = tmp_path / "regions.geojson"
    frame.to_file(path, driver="GeoJSON")
    error = refused(empty_store, "regions", path)
    assert "row 1, field 'geometry': a region needs a polygon, got Point" in str(error)


def test_a_missing_file_is_named(store, tmp_path):
    error = refused(store, "places", tmp_path / "nowhere.csv")
    assert "nowhere.csv, field 'file': no such file" in str(error)


def test_an_unknown_programme_of_a_place_is_refused(store, tmp_path):
    row = {**school("new:1", "33.41", "49.07"), "programmes": "stem;nowhere"}
    error = refused(store, "places", write_csv(tmp_path / "p.csv", [row]))
    assert "row 1, field 'programmes': programme 'nowhere' does not exist" in str(error)


def test_an_unknown_programme_of_a_partnership_is_refused(store, tmp_path):
    rows = [{"id": "x:1", "place_a": "katottg:UA530201", "place_b": "edebo:1001",
             "programme": "nowhere"}]
    error = refused(store, "partnerships", write_csv(tmp_path / "links.csv", rows))
    assert "row 1, field 'programme': programme 'nowhere' does not exist" in str(error)


def test_a_region_whose_parent_does_not_exist_is_refused(store, tmp_path):
    frame = gpd.GeoDataFrame({"code": ["R1", "R2"], "level": ["oblast", "raion"],
                              "parent_code": ["UA", "R9"]},
                             geometry=[box(30, 50, 31, 51), box(30, 50, 30.5, 50.5)],
                             crs="EPSG:4326")
    path = tmp_path / "regions.geojson"
    frame.to_file(path, driver="GeoJSON")
    error = refused(store, "regions", path)
    assert "row 2, field 'parent_code': region 'R9' does not exist" in str(error)
    assert "row 1" not in str(error)
