"""The candidates map, built from plain data: an empty map, and the places as JSON data."""

import itertools
from types import SimpleNamespace as Thing

import pytest

from geoapp import geodesy
from geoapp.maps.candidates import candidates_map, geodesic_line
from tests.support.world import XSS_NAME

PLACE = Thing(id="p:1", name="Кременчуцька громада", lon=33.42, lat=49.07)
CANDIDATES = [
    Thing(id="c:1", name=XSS_NAME, lon=33.45, lat=49.09, distance_km=3.1, bearing_deg=44.0),
    Thing(id="c/2 ?x", name="Ліцей \"№2\"", lon=37.84, lat=48.59, distance_km=328.8,
          bearing_deg=97.7),
]


@pytest.fixture
def rendered():
    return candidates_map(PLACE, CANDIDATES, tile_url="/tiles/{z}/{x}/{y}.png",
                          attribution="local", card_url="/places/{id}")


def test_the_places_travel_as_data_with_a_line_to_each_candidate(rendered):
    data = rendered.data
    assert data["place"] == {"id": "p:1", "name": PLACE.name, "lat": 49.07, "lon": 33.42}
    assert [(c["rank"], c["id"], c["name"]) for c in data["candidates"]] == [
        (1, "c:1", XSS_NAME), (2, "c/2 ?x", 'Ліцей "№2"')]
    assert all(len(c["line"]) == 18 for c in data["candidates"])
    assert data["map"] in rendered.script
    assert 'class="folium-map"' in rendered.body


def test_no_name_or_id_is_part_of_the_generated_page(rendered):
    page = rendered.header + rendered.body + rendered.script
    for text in (PLACE.name, "c/2", "№2", "img", "onerror", "bindTooltip", "bindPopup"):
        assert text not in page


def test_links_to_cards_quote_the_id(rendered):
    assert [c["url"] for c in rendered.data["candidates"]] == ["/places/c%3A1",
                                                               "/places/c%2F2%20%3Fx"]


def test_assets_are_local(rendered):
    assert "/static/vendor/leaflet/dist/leaflet.js" in rendered.header
    assert "cdn" not in rendered.header.lower()


def test_lines_follow_the_geodesic():
    line = geodesic_line(33.42, 49.07, 37.84, 48.59)
    assert line[0] == [49.07, 33.42] and line[-1] == [48.59, 37.84]
    total = sum(geodesy.distance_m(a[1], a[0], b[1], b[0]) for a, b in itertools.pairwise(line))
    assert total == pytest.approx(geodesy.distance_m(33.42, 49.07, 37.84, 48.59), rel=1e-9)
