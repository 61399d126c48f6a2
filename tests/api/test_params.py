"""Query parameters are checked before any SQL: table-driven, no store needed."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from geoapp.api.params import Limits, parse_items
from geoapp.errors import ParameterError
from geoapp.layers import Layer
from geoapp.params import bbox as parse_bbox

SCHOOLS = Layer(id="schools", title=dict.fromkeys(("uk", "en", "ru", "kk", "ro"), "S"),
                source="places", kinds=["school"], filters=["region", "kind", "status", "q"])


@pytest.mark.parametrize(("raw", "crs", "expected"), [
    ("33,49,34,50", None, (33, 49, 34, 50)),
    ("33,49,0,34,50,100", None, (33, 49, 34, 50)),
    ("49,33,50,34", "http://www.opengis.net/def/crs/EPSG/0/4326", (33, 49, 34, 50)),
    ("170,-10,-170,10", None, (170, -10, -170, 10)),
])
def test_bbox_is_read_as_lon_lat(raw, crs, expected):
    assert parse_bbox(raw, crs) == pytest.approx(expected)


def test_bbox_in_web_mercator_is_transformed():
    minx, miny, maxx, maxy = parse_bbox(
        "3673543,6274861,3784862,6446276", "http://www.opengis.net/def/crs/EPSG/0/3857")
    assert (round(minx, 2), round(miny, 2), round(maxx, 2), round(maxy, 2)) == (
        33.0, 49.0, 34.0, 50.0)


@pytest.mark.parametrize(("raw", "crs"), [
    ("nan,1,2,3", None), ("inf,1,2,3", None), ("1,2,3,4,5", None), ("", None),
    ("0,0,1,1", "http://www.opengis.net/def/crs/EPSG/0/0"), ("0,0,1,1", "CRS84"),
])
def test_bad_bbox_names_its_parameter(raw, crs):
    with pytest.raises(ParameterError) as caught:
        parse_bbox(raw, crs)
    assert caught.value.status == 400 and caught.value.parameter in ("bbox", "bbox-crs")


def test_defaults_and_the_layers_kinds():
    asked = parse_items(MultiDict(), SCHOOLS, Limits(50, 500))
    assert (asked.limit, asked.offset, asked.format) == (50, 0, "json")
    assert asked.query.where.kinds == ("school",)
    with pytest.raises(ParameterError, match="limit"):
        parse_items(MultiDict({"limit": "501"}), SCHOOLS, Limits(50, 500))
