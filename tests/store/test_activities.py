"""Activities and partnerships in time, on both stores: the same answers from one query."""

from __future__ import annotations

import datetime as dt

import pytest

from geoapp.dates import Period
from geoapp.store import activities, collections
from geoapp.store.collections import ItemQuery
from geoapp.store.queries import PlaceFilter

D = dt.date
JANUARY_2022 = Period(D(2022, 1, 1), D(2022, 1, 31))


def ids(store, source: str, **where) -> list[str]:
    with store.engine.connect() as conn:
        found = collections.find_items(conn, ItemQuery(source, PlaceFilter(**where)), 100, 0)
    return [f["id"] for f in found]


@pytest.mark.parametrize(("where", "expected"), [
    ({}, ["world:balti-signing", "world:balti-visit", "world:memorandum", "world:stem-club",
          "world:training", "world:undated"]),
    ({"during": JANUARY_2022}, ["world:balti-signing", "world:balti-visit"]),
    ({"during": Period(D(2022, 1, 21), D(2022, 1, 21))}, ["world:balti-visit"]),
    ({"during": Period(None, D(2021, 12, 31))}, ["world:stem-club", "world:training"]),
    ({"during": Period(D(2025, 3, 31), None)}, ["world:memorandum"]),
    ({"region": "UA14"}, ["world:memorandum", "world:training"]),
    ({"region": "UA5302", "during": Period(D(2021, 6, 1), D(2021, 6, 30))},
     ["world:stem-club"]),  # a practice of all 2021
    ({"area": "research"}, ["world:stem-club"]),
    ({"area": "culture"}, ["world:balti-signing", "world:undated"]),
    ({"kinds": ("signing",)}, ["world:balti-signing", "world:memorandum"]),
    ({"programme": "stem"}, ["world:stem-club"]),
    ({"bbox": (27.0, 47.0, 28.0, 48.0)}, ["world:balti-signing", "world:balti-visit"]),
])
def test_activities_filtered_by_time_place_and_area(store, where, expected):
    # The proposed activity is never shown: only published ones are read.
    assert ids(store, "activities", **where) == expected


@pytest.mark.parametrize(("period", "expected"), [
    (Period(D(2024, 1, 1), D(2024, 12, 31)), ["imc:kremenchuk-pishchane"]),
    (Period(D(2025, 1, 1), D(2025, 12, 31)),
     ["imc:kremenchuk-pishchane", "plich:kremenchuk-chasiv-yar"]),
    (Period(None, D(2019, 5, 19)), []),
    (Period(D(2030, 1, 1), None),
     ["imc:kremenchuk-pishchane", "plich:kremenchuk-chasiv-yar"]),  # no end: still going
])
def test_partnerships_by_their_active_period(store, period, expected):
    assert ids(store, "partnerships", during=period) == expected


def test_an_ended_partnership_leaves_the_time_after_it(store):
    with store.engine.begin() as conn:
        conn.execute(collections.TABLES["partnerships"].update()
                     .where(collections.KEYS["partnerships"] == "imc:kremenchuk-pishchane")
                     .values(end_date=D(2021, 12, 31)))
    assert ids(store, "partnerships", during=Period(D(2022, 1, 1), None)) == [
        "plich:kremenchuk-chasiv-yar"]
    assert ids(store, "partnerships", during=Period(D(2021, 12, 31), D(2021, 12, 31))) == [
        "imc:kremenchuk-pishchane"]


def test_a_partnerships_timeline(store):
    with store.engine.connect() as conn:
        linked = activities.timeline(conn, "plich:kremenchuk-chasiv-yar",
                                     ("katottg:UA530201", "katottg:UA140201"))
        # An activity naming no partnership belongs to one whose both ends it names.
        both_ends = activities.timeline(conn, "x", ("edebo:2001", "edebo:1001"))
        one_end = activities.timeline(conn, "x", ("edebo:2001", "edebo:1004"))
    assert [row["id"] for row in linked] == ["world:memorandum"]
    assert [row["id"] for row in both_ends] == ["world:stem-club"]
    assert one_end == []


def test_counts_by_region_follow_the_time(store):
    with store.engine.connect() as conn:
        every = activities.counts_by_region(conn, PlaceFilter())
        in_2021 = activities.counts_by_region(conn, PlaceFilter(
            during=Period(D(2021, 1, 1), D(2021, 12, 31))))
    assert every == {None: 2, "UA140201": 2, "UA530201": 2, "UA530202": 1}
    assert in_2021 == {"UA140201": 1, "UA530201": 1}


def test_the_years_the_dated_records_span(store):
    with store.engine.connect() as conn:
        assert activities.years_span(conn) == (2019, 2025)


def test_an_empty_store_spans_no_years(empty_store):
    with empty_store.engine.connect() as conn:
        assert activities.years_span(conn) is None


def test_places_of_activities(store):
    with store.engine.connect() as conn:
        found = activities.places_of(conn, ["world:stem-club", "world:undated"])
    assert [p["id"] for p in found["world:stem-club"]] == ["edebo:1001", "edebo:2001"]
    assert found["world:undated"][0]["region_code"] == "UA530202"
