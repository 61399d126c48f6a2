"""The candidates map, built from plain data: markers, geodesic lines, escaped names."""

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


def test_one_marker_per_place_and_a_line_to_each_candidate(rendered):
    assert rendered.script.count("L.circleMarker(") == 3
    assert rendered.script.count("L.polyline(") == 2
    assert rendered.script.count(".bindPopup(") == 2
    assert 'class="folium-map"' in rendered.body


def test_names_are_escaped_and_links_quoted(rendered):
    page = rendered.header + rendered.body + rendered.script
    assert XSS_NAME not in page and "<img" not in page
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in page  # JSON-escaped &lt;
    assert "/places/c%2F2%20%3Fx" in page


def test_assets_are_local(rendered):
    assert "/static/vendor/leaflet/dist/leaflet.js" in rendered.header
    assert "cdn" not in rendered.header.lower()


def test_lines_follow_the_geodesic():
    line = geodesic_line(33.42, 49.07, 37.84, 48.59)
    assert line[0] == [49.07, 33.42] and line[-1] == [48.59, 37.84]
    total = sum(geodesy.distance_m(a[1], a[0], b[1], b[0]) for a, b in itertools.pairwise(line))
    assert total == pytest.approx(geodesy.distance_m(33.42, 49.07, 37.84, 48.59), rel=1e-9)
