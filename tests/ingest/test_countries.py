"""Countries without an outline, and places abroad that get the country their row names."""

from __future__ import annotations

import geopandas as gpd
import pytest
from sqlalchemy import select

from geoapp.ingest import LoadError, LoadOptions, load_file
from geoapp.store.models import Place, Region
from geoapp.store.queries import regions_frame
from tests.ingest.test_load import school, write_csv

QUIET = LoadOptions(progress=False)


def write_regions(path, rows) -> None:
    gpd.GeoDataFrame([{k: v for k, v in r.items() if k != "shape"} for r in rows],
                     geometry=[r["shape"] for r in rows], crs="EPSG:4326").to_file(path)


@pytest.fixture
def with_romania(store, tmp_path):
    path = tmp_path / "romania.gpkg"
    write_regions(path, [{"code": "RO", "level": "country", "parent_code": "",
                          "name_uk": "Румунія", "name_en": "Romania", "shape": None}])
    load_file(store, "regions", path, QUIET)
    return store


def regions_of(store) -> dict[str, str | None]:
    with store.engine.connect() as conn:
        return dict(conn.execute(select(Place.id, Place.region_code)).all())


def test_a_country_loads_without_an_outline_and_is_left_out_of_shapes(with_romania):
    with with_romania.engine.connect() as conn:
        row = conn.execute(select(Region.code, Region.geom).where(Region.code == "RO")).one()
        shapes = regions_frame(conn)
    assert row.geom is None
    assert "RO" not in set(shapes["code"]) and "UA" in set(shapes["code"])


def test_only_a_country_may_lack_an_outline(store, tmp_path):
    path = tmp_path / "cluj.gpkg"
    write_regions(path, [{"code": "RO-CJ", "level": "oblast", "parent_code": "",
                          "name_en": "Cluj", "shape": None}])
    with pytest.raises(LoadError, match="a region needs a polygon"):
        load_file(store, "regions", path, QUIET)


def test_a_place_abroad_gets_the_country_its_row_names(with_romania, tmp_path):
    rows = [{**school("ro:cluj", 23.59, 46.77, "Inspectoratul Școlar Cluj"), "country": "RO"},
            {**school("ua:kremenchuk", 33.41, 49.06), "country": "UA"},
            school("pl:rzeszow", 22.0, 50.04)]
    report = load_file(with_romania, "places", write_csv(tmp_path / "p.csv", rows), QUIET)
    found = regions_of(with_romania)
    assert found["ro:cluj"] == "RO"
    assert found["ua:kremenchuk"] == "UA530201"  # a polygon holds it: its hromada
    assert found["pl:rzeszow"] is None
    assert report.warnings == []


def test_a_country_the_polygons_contradict_is_a_warning(with_romania, tmp_path):
    rows = [{**school("ro:glodeni", 33.41, 49.06, "Glodeni"), "country": "RO"}]
    report = load_file(with_romania, "places", write_csv(tmp_path / "p.csv", rows), QUIET)
    assert regions_of(with_romania)["ro:glodeni"] == "UA530201"
    [warning] = report.warnings
    assert (warning.row, warning.field) == (1, "country")
    assert "lies in UA, not in RO" in warning.message


def test_an_unknown_country_refuses_the_file(store, tmp_path):
    rows = [{**school("xx:1", 23.59, 46.77), "country": "RO"}]
    with pytest.raises(LoadError) as caught:
        load_file(store, "places", write_csv(tmp_path / "p.csv", rows), QUIET)
    [problem] = caught.value.problems
    assert (problem.row, problem.field) == (1, "country")
    assert "'RO' is not the code of a country-level region" in problem.message
    assert "xx:1" not in regions_of(store)
