"""Latitude and longitude: one rule for files read the wrong way round; 2008 GeoJSON read right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geoapp.cli import main
from geoapp.ingest import LoadOptions, load_file
from geoapp.store import queries
from tests.ingest.test_load import QUIET, refused, school, write_csv

LEGACY = "urn:ogc:def:crs:EPSG::4326"
# Kremenchuk's school (in hromada UA530201) and one in Chasiv Yar (UA140201).
PLACES = [("ax:1", 33.41, 49.07, "UA530201"), ("ax:2", 37.84, 48.59, "UA140201")]


def geojson(path: Path, crs: str | None, latitude_first: bool, crs_last: bool = False) -> Path:
    """Two schools, coordinates in the order asked, the ``crs`` member named ``crs``."""
    features = [{"type": "Feature", "properties": {"id": i, "kind": "school", "name": i},
                 "geometry": {"type": "Point",
                              "coordinates": [lat, lon] if latitude_first else [lon, lat]}}
                for i, lon, lat, _ in PLACES]
    document: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        document = {"type": "FeatureCollection",
                    "crs": {"type": "name", "properties": {"name": crs}}, "features": features}
        if crs_last:
            document = {"type": "FeatureCollection", "features": features,
                        "crs": {"type": "name", "properties": {"name": crs}}}
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def placed(store) -> list[tuple]:
    with store.engine.connect() as conn:
        found = [queries.get_place(conn, i) for i, *_ in PLACES]
    return [(p["lon"], p["lat"], p["region_code"]) for p in found]


EXPECTED = [(lon, lat, region) for _, lon, lat, region in PLACES]


@pytest.mark.parametrize("crs_last", [False, True], ids=["crs-first", "crs-last"])
def test_a_geojson_of_2008_with_latitude_first_is_read_right(store, tmp_path, crs_last):
    path = geojson(tmp_path / "legacy.geojson", LEGACY, latitude_first=True, crs_last=crs_last)
    report = load_file(store, "places", path, QUIET)
    assert placed(store) == EXPECTED
    [warning] = report.warnings
    assert (warning.row, warning.field) == (0, "crs")
    assert f"names its CRS {LEGACY}, which puts latitude first" in warning.message


@pytest.mark.parametrize("crs", [None, "EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84"])
def test_geojson_in_longitude_latitude_is_read_as_it_is(store, tmp_path, crs):
    report = load_file(store, "places", geojson(tmp_path / "p.geojson", crs, False), QUIET)
    assert placed(store) == EXPECTED
    assert report.warnings == []


def test_a_legacy_name_over_longitude_first_coordinates_is_refused(store, tmp_path):
    # Read as latitude first, the points fall in Iran, outside every region, and inside
    # Ukraine's swapped back: the one rule refuses the file.
    path = geojson(tmp_path / "wrong.geojson", LEGACY, latitude_first=False)
    error = refused(store, "places", path)
    assert "2 points (rows 1, 2) are outside every region of the store, but inside one with " \
           "latitude and longitude swapped" in str(error)


def test_crs84_given_reads_a_legacy_file_longitude_first(store, tmp_path):
    path = geojson(tmp_path / "wrong.geojson", LEGACY, latitude_first=False)
    load_file(store, "places", path, LoadOptions(crs="OGC:CRS84", progress=False))
    assert placed(store) == EXPECTED


def test_a_csv_with_its_columns_swapped_is_refused_and_the_flag_overrides(store, tmp_path):
    rows = [{**school(i, lat, lon)} for i, lon, lat, _ in PLACES]
    path = write_csv(tmp_path / "p.csv", rows)
    error = refused(store, "places", path)
    assert "2 points (rows 1, 2) are outside every region" in str(error)
    result = CliRunner().invoke(main, ["load", "places", str(path), "--allow-outside"],
                                env={"GEOAPP_DATABASE_URL": store.url})
    assert result.exit_code == 0, result.output
    assert "loaded 2 places" in result.output
    # One line for the rows that share the warning.
    assert result.output.count("inside one with latitude and longitude swapped") == 1
    assert "p.csv, 2 rows (1, 2), field 'geometry': outside every region" in result.output
