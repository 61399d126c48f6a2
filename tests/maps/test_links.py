"""Partnerships far out, one line per pair of regions; programmes' colours."""

from __future__ import annotations

import shapely

from geoapp.maps.legend import PROGRAMME_PALETTE, programme_colours
from geoapp.maps.links import count_links, link_features, link_level
from geoapp.maps.regions import RegionAtlas

ATLAS = RegionAtlas(
    levels={"UA": "country", "UA53": "oblast", "UA5302": "raion", "UA530201": "hromada",
            "UA14": "oblast", "UA1402": "raion", "RO": "country"},
    parents={"UA": None, "UA53": "UA", "UA5302": "UA53", "UA530201": "UA5302",
             "UA14": "UA", "UA1402": "UA14", "RO": None},
    names={"UA53": {"uk": "Полтавська", "en": "Poltava"}, "UA14": {"en": "Donetsk"},
           "UA5302": {"en": "Kremenchuk"}, "UA1402": {"en": "Bakhmut"}, "RO": {"en": "Romania"}},
    shapes={"UA53": shapely.box(32, 48.7, 35.5, 50.6), "UA14": shapely.box(36.5, 47, 39, 49.3)})


def row(a: str, b: str, programme: str, count: int, a_at=(33.4, 49.1), b_at=(37.8, 48.6),
        a_name=None, b_name=None) -> dict:
    return {"a_region": a, "b_region": b, "programme_code": programme, "count": count,
            "a_lon": a_at[0], "a_lat": a_at[1], "b_lon": b_at[0], "b_lat": b_at[1],
            "a_name": a_name, "b_name": b_name}


def test_both_directions_of_a_pair_are_one_link_counted_by_programme() -> None:
    rows = [row("UA530201", "UA1402", "plich-o-plich", 3),
            row("UA1402", "UA5302", "imc", 2, a_at=(37.8, 48.6), b_at=(33.4, 49.1))]
    _, links = count_links(rows, ATLAS, "oblast", "en")
    assert [(link.a, link.b, link.programmes, link.count) for link in links] == [
        ("UA14", "UA53", {"plich-o-plich": 3, "imc": 2}, 5)]


def test_a_pair_within_one_region_is_a_point_and_outside_every_region_a_place() -> None:
    rows = [row("UA530201", "UA5302", "imc", 4),
            row("UA530201", "twin:paris", "sister-cities", 1, b_at=(2.35, 48.86),
                b_name="Paris"),
            row("UA530201", "twin:versailles", "sister-cities", 1, b_at=(2.13, 48.8),
                b_name="Versailles"),
            row("UA530201", "twin:orleans", "sister-cities", 2, b_at=(1.9, 48.1),
                b_name="Orléans"),
            row("UA530201", "RO", "sister-cities", 1, b_at=(23.6, 46.8))]
    features = {f["id"]: f for f in link_features(rows, ATLAS, "oblast", "uk")}
    within = features["UA53|UA53"]
    assert within["geometry"]["type"] == "Point"
    point = shapely.Point(within["geometry"]["coordinates"])
    assert ATLAS.shapes["UA53"].contains(point)
    # Places outside every region: one end per cell of 10 degrees, amid them, named by them.
    abroad = features["UA53|cell:0:4"]
    assert abroad["properties"]["b_name"] == "Orléans, Paris +1"
    assert abroad["properties"]["count"] == 4
    lon, lat = abroad["geometry"]["coordinates"][-1]
    assert 1.9 < lon < 2.35 and 48.1 < lat < 48.86
    assert features["RO|UA53"]["properties"]["a_name"] == "Romania"
    assert within["properties"]["a_name"] == "Полтавська"


def test_raions_stand_for_the_lines_from_zoom_7() -> None:
    assert [link_level(z) for z in (3, 6, 7, 9)] == ["oblast", "oblast", "raion", "raion"]


def test_every_programme_gets_its_own_colour() -> None:
    codes = ["stem", "imc", "plich-o-plich", "sister-cities", "cross-border-education",
             "belarus-smolensk", "rukhani-zhangyru"]
    colours = programme_colours(codes)
    assert set(colours) == set(codes)
    assert len(set(colours.values())) == len(codes)
    assert "#ff7f0e" not in colours.values()  # the partnerships layer's own orange
    assert programme_colours(reversed(codes)) == colours
    assert len(PROGRAMME_PALETTE) >= 10
