"""pyproj's Geod (Karney's algorithm) against GeographicLib's reference geodesics."""

import gzip
from pathlib import Path

import numpy as np
import pytest

from geoapp import geodesy

GEODTEST = Path(__file__).resolve().parents[1] / "data" / "geodtest" / \
    "GeodTest-short-first2000.dat.gz"


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    with gzip.open(GEODTEST, "rt") as lines:
        return np.array([[float(x) for x in line.split()] for line in lines])


def test_the_reference_is_the_expected_slice(reference):
    assert reference.shape == (2000, 10)
    assert reference[0, 6] == pytest.approx(9398502.0434687, abs=1e-7)


def test_distances_match_the_reference_to_a_millimetre(reference):
    lat1, lon1, azi1, lat2, lon2, azi2, s12 = reference[:, :7].T
    _, _, metres = geodesy.wgs84().inv(lon1, lat1, lon2, lat2)
    worst = np.max(np.abs(metres - s12))
    assert worst < 1e-3, f"largest error {worst} m"


def test_bearings_match_the_reference(reference):
    lat1, lon1, azi1, lat2, lon2, _, s12 = reference[:, :7].T
    # Near-antipodal pairs have more than one shortest geodesic; their azimuth is not unique.
    usable = s12 < 19_000_000
    for row in np.flatnonzero(usable)[:500]:
        metres, bearings = geodesy.distances_and_bearings(lon1[row], lat1[row], [lon2[row]],
                                                          [lat2[row]])
        assert metres[0] == pytest.approx(s12[row], abs=1e-3)
        assert bearings[0] == pytest.approx(azi1[row] % 360, abs=1e-9)


def test_no_points_give_no_distances():
    metres, bearings = geodesy.distances_and_bearings(0.0, 0.0, [], [])
    assert metres.size == bearings.size == 0


def test_the_direct_problem_lands_on_the_reference_point(reference):
    lat1, lon1, azi1, lat2, lon2, _, s12 = reference[:, :7].T
    lons, lats, _ = geodesy.wgs84().fwd(lon1, lat1, azi1, s12)
    # 1e-8 degree is about a millimetre.
    assert np.max(np.abs(lats - lat2)) < 1e-8
    assert np.max(np.abs(np.mod(lons - lon2 + 180, 360) - 180)) < 1e-8


@pytest.mark.parametrize("lat", [44.5, 48.6, 52.3, 55.4, 46.0])
@pytest.mark.parametrize("radius_km", [0.5, 50, 500])
def test_a_circle_box_holds_every_point_of_the_circle(lat, radius_km):
    lon = 35.0
    box = geodesy.circle_bbox(lon, lat, radius_km * 1000)
    azimuths = np.linspace(0, 360, 7201)
    lons, lats, _ = geodesy.wgs84().fwd(np.full(azimuths.shape, lon), np.full(azimuths.shape, lat),
                                        azimuths, np.full(azimuths.shape, radius_km * 1000))
    assert box[0] < lons.min() and lons.max() < box[2]
    assert box[1] < lats.min() and lats.max() < box[3]
    # ... and is not much bigger than the circle.
    assert box[2] - box[0] < (lons.max() - lons.min()) * 1.05


def test_a_circle_around_a_pole_takes_every_longitude():
    assert geodesy.circle_bbox(10.0, 89.9, 50_000) == pytest.approx((-180, 89.45, 180, 90),
                                                                     abs=0.01)
