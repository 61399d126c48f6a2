"""The builder run on the public sources: counts, placement, and reproducible output."""

from __future__ import annotations

import gzip

import pandas as pd
import pytest

from geoapp.sample import output
from tests.sample.checks import misplaced, read_partnerships, read_places, read_regions
from tests.sample.conftest import DATA


def test_report_counts(built):
    _, report = built
    assert report["regions"]["total"] > 1_600
    assert report["regions"]["hromada"] >= 1_460
    assert report["hromada_polygons_coded_by"]["synthetic"] == 0
    assert report["places"]["school"] + report["places"]["stem_centre"] >= 17_000
    assert report["places"]["vocational"] >= 1_200
    assert 60 <= report["places"]["stem_centre"] <= 150
    assert report["partnerships"]["imc"] >= 300
    assert report["partnerships"]["total"] > 1_500


def test_report_match_rates(built):
    rates = built[1]["edebo_placement"]["all"]
    assert rates["institutions"] == 17_345 + 1_274
    assert rates["settlement_percent"] + rates["city_district_percent"] >= 95
    assert (rates["settlement_percent"] + rates["city_district_percent"]
            + rates["community_centroid_percent"]) >= 99.5
    assert rates["unplaced"] == len(rates["unplaced_ids"])


# GeoNames 710276, Darnytsia Raion: the point of Kyiv's Дарницький district.
DARNYTSIA = (30.69305, 50.41333)


@pytest.mark.parametrize("school", ["edebo:149697", "edebo:149669"])
def test_a_kyiv_school_of_a_named_district_lands_at_that_district(built, school):
    places = read_places(built[0]).set_index("id")
    assert places.at[school, "location_precision"] == "city_district"
    assert (float(places.at[school, "lon"]), float(places.at[school, "lat"])) == DARNYTSIA


def test_kyiv_schools_spread_over_its_ten_districts(built):
    districts = built[1]["city_districts"]
    assert districts["districts_with_a_point"] >= 100
    assert districts["kyiv_moved"] >= 630
    assert districts["kyiv_points"] == 11  # ten districts, and the city for the rest
    assert districts["largest_stack"] < 100


def test_every_school_lies_in_its_own_hromada(built):
    out, _ = built
    places = read_places(out)
    schools = places[places["kind"].isin(["school", "vocational", "stem_centre"])]
    assert (schools["region_hint"] != "").mean() > 0.99
    assert misplaced(places, read_regions(out)) == []


def test_every_partnership_end_is_a_place(built):
    out, _ = built
    ends = read_partnerships(out)[["place_a", "place_b"]].stack()
    assert set(ends) <= set(read_places(out)["id"])


def test_no_personal_data_columns(built):
    places = read_places(built[0])
    assert not {"phone", "email", "fax", "director"} & set(places.columns)
    assert not places["name"].str.contains("Директор").any()


def test_build_reproduces_the_committed_files(built):
    out, _ = built
    assert (out / "programmes.csv").read_bytes() == (DATA / "programmes.csv").read_bytes()
    assert (out / "partnerships.csv").read_bytes() == (DATA / "partnerships.csv").read_bytes()
    assert (out / "activities.csv").read_bytes() == (DATA / "activities.csv").read_bytes()
    assert gzip.decompress((out / "places.csv.gz").read_bytes()) == gzip.decompress(
        (DATA / "places.csv.gz").read_bytes())
    fresh, committed = read_regions(out), read_regions(DATA)
    pd.testing.assert_frame_equal(fresh.drop(columns="geometry"),
                                  committed.drop(columns="geometry"))
    # Romania and Belarus have no outline: None on both sides.
    assert list(fresh.geometry.to_wkb()) == list(committed.geometry.to_wkb())
    assert (out / "region_statuses.csv.gz").read_bytes() == (
        DATA / "region_statuses.csv.gz").read_bytes()


@pytest.mark.parametrize("write, name", [(output.write_csv, "part.csv"),
                                         (output.write_csv_gz, "part.csv.gz")])
def test_writers_are_byte_for_byte_reproducible(tmp_path, write, name):
    frame = pd.DataFrame({"id": ["b", "a"], "lon": [30.1234567, 33.4], "name": ["Б", "А"]})
    first, second = tmp_path / "1" / name, tmp_path / "2" / name
    for path in (first, second):
        path.parent.mkdir()
        write(frame.sample(frac=1, random_state=len(str(path))), path, ["id", "name", "lon"], "id")
    assert first.read_bytes() == second.read_bytes()
    text = gzip.decompress(first.read_bytes()) if name.endswith(".gz") else first.read_bytes()
    assert text.decode() == "id,name,lon\na,А,33.400000\nb,Б,30.123457\n"


def test_regions_file_is_byte_for_byte_reproducible(built, tmp_path):
    regions = read_regions(built[0]).head(30)
    output.write_regions(regions, tmp_path / "a.gpkg")
    output.write_regions(regions, tmp_path / "b.gpkg")
    assert (tmp_path / "a.gpkg").read_bytes() == (tmp_path / "b.gpkg").read_bytes()
