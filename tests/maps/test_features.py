"""GeoJSON of the map's layers: arcs, counts rolled up the region tree, simplified outlines."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import shape

from geoapp.maps import features
from geoapp.maps.regions import RegionAtlas

GEOD = Geod(ellps="WGS84")
KREMENCHUK, CHASIV_YAR, PISHCHANE = (33.42, 49.07), (37.84, 48.59), (33.75, 49.08)


def test_short_line_stays_straight() -> None:
    assert features.arc(KREMENCHUK, PISHCHANE) == [KREMENCHUK, PISHCHANE]


def test_long_line_follows_the_geodesic() -> None:
    points = features.arc((22.3, 48.6), (39.3, 48.6))  # Uzhhorod to Luhansk, along a parallel
    assert points[0] == (22.3, 48.6) and points[-1] == (39.3, 48.6)
    assert len(points) > 10
    # The geodesic bows towards the pole; the straight line (constant latitude) does not.
    assert max(lat for _, lat in points) > 48.85
    lengths = [GEOD.inv(*a, *b)[2] for a, b in zip(points, points[1:], strict=False)]
    total = GEOD.inv(22.3, 48.6, 39.3, 48.6)[2]
    assert sum(lengths) == pytest.approx(total, rel=1e-6)


def test_partnership_feature_names_both_ends_and_carries_dates_as_text() -> None:
    row = {"id": "p1", "programme_code": "imc", "place_a_id": "a", "place_b_id": "b",
           "a_name": "A", "b_name": "<b>B</b>", "a_lon": KREMENCHUK[0], "a_lat": KREMENCHUK[1],
           "b_lon": CHASIV_YAR[0], "b_lat": CHASIV_YAR[1], "start_date": dt.date(2025, 3, 1)}
    feature = features.partnership_feature(row, ["start_date"])
    assert feature["properties"]["place_b_name"] == "<b>B</b>"  # escaped where shown
    assert feature["properties"]["start_date"] == "2025-03-01"
    assert feature["geometry"]["type"] == "LineString"
    assert len(feature["geometry"]["coordinates"]) > 2  # 330 km: an arc


@pytest.mark.parametrize(("zoom", "level"), [(3, "oblast"), (6, "oblast"), (7, "raion"),
                                              (8, "raion"), (9, "hromada")])
def test_level_for_zoom(zoom: int, level: str) -> None:
    assert features.level_for_zoom(zoom) == level


def test_roll_up_adds_counts_into_ancestors_at_the_level() -> None:
    parents = {"h1": "r1", "h2": "r1", "h3": "r2", "r1": "o", "r2": "o", "o": "UA", "UA": None}
    levels = {"h1": "hromada", "h2": "hromada", "h3": "hromada", "r1": "raion", "r2": "raion",
              "o": "oblast", "UA": "country"}
    counts = {"h1": 3, "h2": 2, "h3": 1, "o": 4}
    assert features.roll_up(counts, parents, levels, "raion") == {"r1": 5, "r2": 1}
    assert features.roll_up(counts, parents, levels, "oblast") == {"o": 10}


def test_roll_up_survives_a_cycle_in_the_tree() -> None:
    assert features.roll_up({"a": 1}, {"a": "b", "b": "a"}, {"a": "x", "b": "x"}, "y") == {}


def test_outline_is_simpler_far_out_and_still_valid() -> None:
    circle = shapely.Point(33.0, 49.0).buffer(1.0, quad_segs=256)
    far, near = features.simplified(circle, 4), features.simplified(circle, 12)
    assert len(far["coordinates"][0]) < len(near["coordinates"][0]) <= 1025
    assert shape(far).is_valid and shape(far).area == pytest.approx(circle.area, rel=0.05)


def atlas() -> RegionAtlas:
    rows = [("UA", "country", None, "Україна", (22, 44, 41, 53)),
            ("UA53", "oblast", "UA", "Полтавська", (32, 48.7, 35.5, 50.6)),
            ("UA14", "oblast", "UA", "Донецька", (36.5, 47, 39, 49.3)),
            ("UA5302", "raion", "UA53", "Кременчуцький", (33, 48.9, 34, 49.4))]
    return RegionAtlas.from_rows(
        {"code": c, "level": lv, "parent_code": p, "name_uk": n, "name_en": None,
         "wkb": shapely.to_wkb(shapely.box(*b))} for c, lv, p, n, b in rows)


def test_atlas_finds_regions_by_level_box_and_branch() -> None:
    regions = atlas()
    assert sorted(regions.at_level("oblast")) == ["UA14", "UA53"]
    assert regions.at_level("oblast", bbox=(33, 49, 33.5, 49.5)) == ["UA53"]
    assert regions.at_level("raion", within="UA14") == []
    assert regions.path("UA5302") == ["UA", "UA53", "UA5302"]
    assert regions.bounds("UA53") == ((48.7, 32), (50.6, 35.5))
    assert regions.name("UA53", "en") == "Полтавська"  # falls back to Ukrainian


def test_region_picker_opens_only_the_chosen_branch() -> None:
    regions = atlas()
    closed = [code for code, _, _ in regions.options(None, "uk")]
    assert closed == ["UA", "UA14", "UA53"]
    opened = regions.options("UA5302", "uk")
    assert ("UA5302", "Кременчуцький", 2) in opened


def test_what_is_derived_from_an_atlas_is_made_once_and_dies_with_it() -> None:
    made: list[str] = []

    def build(regions: RegionAtlas) -> list[str]:
        made.append("once")
        return sorted(regions.levels)

    regions = atlas()
    first = regions.derived("codes", lambda: build(regions))
    assert regions.derived("codes", lambda: build(regions)) is first and made == ["once"]
    fresh = atlas()  # a load of regions gives a new atlas, which derives anew
    assert fresh.derived("codes", lambda: build(fresh)) == first and len(made) == 2
