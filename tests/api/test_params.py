"""Query parameters are checked before any SQL: table-driven, no store needed."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from geoapp import params
from geoapp.api.params import Limits, parse_items
from geoapp.dates import Period
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


D = dt.date
ACTIVITIES = Layer(id="activities", title=dict.fromkeys(("uk", "en", "ru", "kk", "ro"), "A"),
                   source="activities", popup=["title"],
                   filters=["region", "kind", "area", "datetime"])


@pytest.mark.parametrize(("raw", "expected"), [
    ("2022-01-18", Period(D(2022, 1, 18), D(2022, 1, 18))),
    ("2022-01-01/2022-01-31", Period(D(2022, 1, 1), D(2022, 1, 31))),
    ("../2022-01-31", Period(None, D(2022, 1, 31))),
    ("/2022-01-31", Period(None, D(2022, 1, 31))),
    ("2022-01-01/..", Period(D(2022, 1, 1), None)),
    ("2022-01-01/", Period(D(2022, 1, 1), None)),
    ("2022-01-18T10:00:00Z", Period(D(2022, 1, 18), D(2022, 1, 18))),
    ("2022-01-18T23:30:00-03:00", Period(D(2022, 1, 19), D(2022, 1, 19))),  # UTC's day
    ("2022-01-01T00:00:00Z/2022-01-31T23:59:59Z", Period(D(2022, 1, 1), D(2022, 1, 31))),
])
def test_datetime_takes_instants_intervals_and_open_ends(raw, expected):
    assert params.datetime_period(raw) == expected


@pytest.mark.parametrize(("raw", "message"), [
    ("../..", "both ends are open"),
    ("/", "both ends are open"),
    ("2022", "expected a date like 2022-01-18"),
    ("2022-02-30", "is not a real date"),
    ("2022-01-31/2022-01-01", "ends before it starts"),
    ("2022-01-01/2022-01-02/2022-01-03", "separated by one '/'"),
    ("yesterday", "expected a date"),
])
def test_a_bad_datetime_is_named(raw, message):
    with pytest.raises(ParameterError, match=message) as caught:
        params.datetime_period(raw)
    assert caught.value.parameter == "datetime" and caught.value.status == 400


@pytest.mark.parametrize(("start", "end", "expected"), [
    ("2025", "2025", Period(D(2025, 1, 1), D(2025, 12, 31))),
    ("2025-09", None, Period(D(2025, 9, 1), None)),
    (None, "2022-01", Period(None, D(2022, 1, 31))),
    ("2021-09-16", "2021-11-02", Period(D(2021, 9, 16), D(2021, 11, 2))),
    (None, "", None),
])
def test_from_and_to_cover_whole_years_months_or_days(start, end, expected):
    assert params.period(start, end) == expected


@pytest.mark.parametrize(("start", "end", "name"), [
    ("2026", "2025", "to"), ("25", None, "from"), (None, "2025-13", "to"),
])
def test_a_bad_from_or_to_is_named(start, end, name):
    with pytest.raises(ParameterError) as caught:
        params.period(start, end)
    assert caught.value.parameter == name


def test_the_activities_items_read_datetime_area_and_kind():
    asked = parse_items(MultiDict({"datetime": "../2022-01-31", "area": "culture",
                                   "kind": "visit,signing"}), ACTIVITIES, Limits())
    assert asked.query.where.during == Period(None, D(2022, 1, 31))
    assert asked.query.where.area == "culture"
    assert asked.query.where.kinds == ("visit", "signing")
    with pytest.raises(ParameterError, match="area"):
        parse_items(MultiDict({"area": "sailing"}), ACTIVITIES, Limits())
    with pytest.raises(ParameterError, match="kind"):
        parse_items(MultiDict({"kind": "school"}), ACTIVITIES, Limits())


def test_a_layer_without_dates_refuses_datetime():
    with pytest.raises(ParameterError) as caught:
        parse_items(MultiDict({"datetime": "2022-01-18"}), SCHOOLS, Limits())
    assert caught.value.parameter == "datetime"


def test_a_parameter_repeated_with_the_same_value_is_one_value():
    # GDAL sends a collection URL's query again on every next link, which carries it.
    asked = parse_items(MultiDict([("datetime", "2022-01-18"), ("datetime", "2022-01-18")]),
                        ACTIVITIES, Limits())
    assert asked.query.where.during == Period(D(2022, 1, 18), D(2022, 1, 18))
    with pytest.raises(ParameterError, match="different values") as caught:
        parse_items(MultiDict([("limit", "5"), ("limit", "6")]), ACTIVITIES, Limits())
    assert caught.value.parameter == "limit"
