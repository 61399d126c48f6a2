"""The spatial seam, tested directly: each construct gives the same answer on both stores."""

from __future__ import annotations

import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point
from sqlalchemy import func, select

from geoapp.store import dialect
from geoapp.store.queries import places

KREMENCHUK = (33.41, 49.06)
CHASIV_YAR = (37.84, 48.59)


def scalar(store, expression):
    with store.engine.connect() as conn:
        return conn.execute(select(expression)).scalar()


def test_point_and_geodesic_metres_match_pyproj(empty_store):
    a, b = dialect.point(*KREMENCHUK), dialect.point(*CHASIV_YAR)
    expected = Geod(ellps="WGS84").inv(*KREMENCHUK, *CHASIV_YAR)[2]
    assert scalar(empty_store, dialect.geodesic_metres(a, b)) == pytest.approx(expected, abs=1.0)


def test_envelope_is_a_wgs84_rectangle(empty_store):
    box = dialect.envelope(33.0, 49.0, 34.0, 50.0)
    assert scalar(empty_store, func.ST_SRID(box)) == 4326
    assert scalar(empty_store, func.ST_Area(box)) == pytest.approx(1.0)


def test_spatial_version_names_the_library(empty_store, store_kind):
    assert scalar(empty_store, dialect.spatial_version())


@pytest.mark.parametrize(("bbox", "expected"), [
    ((33.0, 48.9, 34.0, 49.2), True), ((35.0, 48.9, 36.0, 49.2), False),
])
def test_in_bbox_finds_points_through_the_index(store, bbox, expected):
    with store.engine.connect() as conn:
        found = conn.execute(select(places.c.id).where(
            places.c.id == "katottg:UA530201", dialect.in_bbox(places, bbox))).all()
    assert bool(found) is expected


@pytest.mark.parametrize("text", ["кременчуць", "ЛІЦЕЙ №1", "ці", "<img", "50%", "a_b",
                                  'say "hi"', "жжж", "громада"])
def test_name_contains_matches_python_on_both_stores(store, text):
    from geoapp.store.models import fold
    from geoapp.store.queries import PlaceFilter, filter_places

    with store.engine.connect() as conn:
        found = set(conn.execute(filter_places(select(places.c.id), PlaceFilter(q=text)))
                    .scalars())
        names = conn.execute(select(places.c.id, places.c.name)).all()
    assert found == {i for i, name in names if fold(text) in fold(name)}


@pytest.mark.parametrize("shapes", [
    [Point(33.41, 49.06), Point(-179.5, -89.9)], [Point(33.41, 49.06, 120.0)],
    [Point(33.41, 49.06), LineString([(0, 0), (1, 1)])], [Point(33.41, 49.06), Point()], [],
])
def test_points_are_encoded_for_copy_as_shapely_would(shapes):
    expected = shapely.to_wkb(shapely.set_srid(shapes, 4326), output_dimension=2,
                              include_srid=True) if shapes else []
    assert dialect._PostgisBulk.encode(shapes) == list(expected)
