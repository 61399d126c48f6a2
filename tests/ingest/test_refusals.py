"""Inputs that ended in tracebacks: each refused by file, row and field, alike on both stores."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from click.testing import CliRunner
from shapely.geometry import box

from geoapp.cli import main
from geoapp.ingest import LoadOptions, check, load_file, write
from geoapp.store import queries
from geoapp.store.models import Place
from tests.ingest.test_load import QUIET, refused, school, write_csv


def geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")
    return path


def feature(place_id: str, geometry: dict | None) -> dict:
    return {"type": "Feature", "geometry": geometry,
            "properties": {"id": place_id, "kind": "school", "name": f"Школа {place_id}"}}


def point(*coordinates: float) -> dict:
    return {"type": "Point", "coordinates": list(coordinates)}


def cli_load(store, *args: str):
    return CliRunner().invoke(main, ["load", *args], env={"GEOAPP_DATABASE_URL": store.url})


def test_heights_are_dropped_with_one_warning(store, tmp_path):
    path = geojson(tmp_path / "p.geojson", [feature("z:1", point(33.41, 49.07, 120.5)),
                                           feature("z:2", point(33.42, 49.08, 80.0)),
                                           feature("z:3", point(33.43, 49.06))])
    report = load_file(store, "places", path, QUIET)
    assert report.inserted == 3
    [warning] = report.warnings
    assert (warning.row, warning.field) == (0, "geometry")
    assert "2 geometries have a height (z), the first on row 1: it is dropped" in warning.message
    with store.engine.connect() as conn:
        place = queries.get_place(conn, "z:1")
    assert (place["lon"], place["lat"], place["region_code"]) == (33.41, 49.07, "UA530201")


def test_regions_with_heights_are_stored_flat(empty_store, tmp_path):
    path = tmp_path / "r.gpkg"
    flat = box(30, 45, 31, 46)
    raised = gpd.GeoSeries([flat]).force_3d(150.0).iloc[0]
    gpd.GeoDataFrame({"code": ["R1"], "level": ["oblast"]}, geometry=[raised],
                     crs="EPSG:4326").to_file(path, driver="GPKG")
    report = load_file(empty_store, "regions", path, QUIET)
    assert report.inserted == 1 and "height (z)" in report.warnings[0].message


def test_a_feature_without_geometry_is_refused_by_row(store, tmp_path):
    path = geojson(tmp_path / "p.geojson", [feature("g:1", point(33.41, 49.07)),
                                           feature("g:2", None)])
    error = refused(store, "places", path)
    assert [str(p.describe("p.geojson")) for p in error.problems] == [
        "p.geojson, row 2, field 'geometry': a place needs a point geometry"]


def test_a_region_feature_without_geometry_is_refused_by_row(empty_store, tmp_path):
    path = tmp_path / "r.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": {"code": "R1", "level": "oblast"}}]}))
    error = refused(empty_store, "regions", path)
    assert "r.geojson, row 1, field 'geometry': a region needs a polygon, got nothing" \
        in str(error)


def test_a_table_without_geometry_is_refused_as_places(store, tmp_path):
    path = tmp_path / "p.gpkg"
    pyogrio.write_dataframe(pd.DataFrame({"id": ["t:1"], "kind": ["school"], "name": ["Школа"]}),
                            path, driver="GPKG")
    error = refused(store, "places", path)
    assert "p.gpkg, field 'geometry': the file has no geometry" in str(error)


@pytest.mark.parametrize("row", [1, 2, 60_001])
def test_a_csv_row_with_an_extra_cell_is_named(store, tmp_path, row):
    rows = [f"x:{n},school,Школа {n},33.41,49.07" for n in range(1, max(row, 3) + 1)]
    rows[row - 1] = f"x:{row},school,Школа, №{row},33.42,49.08"
    path = tmp_path / "p.csv"
    path.write_text("id,kind,name,lon,lat\n" + "\n".join(rows) + "\n", encoding="utf-8")
    error = refused(store, "places", path)
    assert str(error).startswith(
        f"{path}, row {row}, field 'columns': 6 cells where the header has 5 (line {row + 1} "
        "of the file, counting the header); quote a cell that holds a comma")


@pytest.mark.parametrize(("target", "row", "field", "length"), [
    ("places", {**school("x" * 81, "33.41", "49.07")}, "id", 80),
    ("places", {**school("x:1", "33.41", "49.07"), "type": "т" * 65}, "type", 64),
    ("partnerships", {"id": "p" * 121, "place_a": "edebo:1001", "place_b": "edebo:1002"},
     "id", 120),
    ("programmes", {"code": "c" * 61, "name_uk": "Програма"}, "code", 60),
])
def test_a_value_longer_than_its_column_is_refused_alike(store, tmp_path, target, row, field,
                                                          length):
    path = write_csv(tmp_path / f"{target}.csv", [row])
    error = refused(store, target, path)
    assert f"{target}.csv, row 1, field {field!r}: {length + 1} characters where at most " \
           f"{length} fit" in str(error)


def test_a_long_value_is_found_beside_a_cell_that_is_not_text():
    records = [{"row": 1, "id": 12345, "kind": "school"}, {"row": 2, "id": "x" * 81,
                                                          "kind": "school"}]
    problems = []
    check.check_lengths(records, Place.__table__, {"id": "id"}, problems)
    assert [(p.row, p.field) for p in problems] == [(2, "id")]


def test_a_region_code_longer_than_its_column_is_refused(empty_store, tmp_path):
    path = tmp_path / "r.gpkg"
    gpd.GeoDataFrame({"code": ["R" * 41], "level": ["oblast"]}, geometry=[box(30, 45, 31, 46)],
                     crs="EPSG:4326").to_file(path, driver="GPKG")
    assert "row 1, field 'code': 41 characters where at most 40 fit" in str(
        refused(empty_store, "regions", path))


@pytest.mark.parametrize("case", ["extra cell", "long id", "no geometry", "swapped"])
def test_the_command_answers_without_a_traceback(store, tmp_path, case):
    if case == "extra cell":
        path = tmp_path / "p.csv"
        path.write_text("id,kind,name,lon,lat\nx:1,school,a,b,33.4,49.0\n", encoding="utf-8")
    elif case == "long id":
        path = write_csv(tmp_path / "p.csv", [school("x" * 200, "33.41", "49.07")])
    elif case == "no geometry":
        path = geojson(tmp_path / "p.geojson", [feature("g:1", None)])
    else:
        path = write_csv(tmp_path / "p.csv", [school("s:1", "49.07", "33.42")])
    result = cli_load(store, "places", str(path))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Error: nothing was loaded:\n" in result.output and "Traceback" not in result.output
    assert f"{path}, row 1, field " in result.output or f"{path}, field " in result.output


def test_a_second_load_at_once_is_told_to_try_again(store, tmp_path, monkeypatch):
    writing, release = threading.Event(), threading.Event()
    real = write.write_places

    def slow_write(*args):
        writing.set()
        assert release.wait(30)
        return real(*args)

    monkeypatch.setattr(write, "write_places", slow_write)
    first_file = write_csv(tmp_path / "first.csv", [school("one:1", "33.41", "49.07")])
    outcome: dict = {}
    first = threading.Thread(target=lambda: outcome.update(
        report=load_file(store, "places", first_file, QUIET)))
    first.start()
    try:
        assert writing.wait(30)
        second = write_csv(tmp_path / "second.csv", [school("two:1", "33.42", "49.08")])
        error = refused(store, "places", second)
        assert str(error) == f"{second}, field 'store': another load is running; try again"
        result = cli_load(store, "places", str(second))
        assert result.exit_code == 1
        assert result.output.endswith(f"Error: nothing was loaded:\n{second}, field 'store': "
                                      "another load is running; try again\n")
    finally:
        release.set()
        first.join(30)
    assert outcome["report"].inserted == 1
    # The lock goes with the load: the next one runs.
    assert load_file(store, "places", second, QUIET).inserted == 1


def test_a_refused_load_releases_the_lock(store, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", [school("b:1", "", "49.07")])
    refused(store, "places", bad)
    good = write_csv(tmp_path / "good.csv", [school("g:1", "33.41", "49.07")])
    assert load_file(store, "places", good, LoadOptions(progress=False)).inserted == 1
