"""Writing many rows in batches: the same upsert, geometry as WKB, on both stores."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, Point, box
from sqlalchemy import func, select

from geoapp.ingest.write import BATCH, deepest_regions, upsert
from geoapp.store.models import REGION_LEVELS, Partnership, Place, fold


def school(i: int, name: str) -> dict:
    return {"id": f"copy:{i:05d}", "kind": "school", "type": "lyceum", "name": name,
            "name_folded": fold(name), "status": "operating", "website": None,
            "address": None, "location_precision": "exact", "region_code": None,
            "note": None, "geom": Point(30 + i / 1000, 50)}


def test_a_large_upsert_inserts_replaces_and_keeps_the_last_of_a_key(store):
    many = BATCH + 50  # more than one batch
    with store.engine.begin() as conn:
        upsert(conn, Place.__table__, [school(i, f"Школа {i}") for i in range(many)])
    again = [school(i, f"Ліцей {i}") for i in range(0, many, 2)] + [school(6, "Остання")]
    with store.engine.begin() as conn:
        upsert(conn, Place.__table__, again + [school(i, "Нова") for i in range(many, many * 2)])
    with store.engine.connect() as conn:
        names = dict(conn.execute(select(Place.id, Place.name)
                                  .where(Place.id.like("copy:%"))).all())
        point = conn.execute(select(func.ST_X(Place.geom))
                             .where(Place.id == "copy:00010")).scalar()
        found = conn.execute(select(Place.id).where(Place.name_folded.like("%ліцей 4%"))).all()
    assert len(names) == many * 2
    assert names["copy:00002"] == "Ліцей 2" and names["copy:00003"] == "Школа 3"
    assert names["copy:00006"] == "Остання" and names[f"copy:{many:05d}"] == "Нова"
    assert abs(point - 30.01) < 1e-9 and ("copy:00004",) in found  # name search index kept


def test_dates_and_missing_values_survive_a_large_upsert(store):
    with store.engine.connect() as conn:
        a, b = conn.execute(select(Place.id).order_by(Place.id).limit(2)).scalars().all()
    rows = [{"id": f"copy:{i}", "title": f"Twinning {i}", "programme_code": None,
             "status": "active", "start_date": dt.date(2020, 1, 1) + dt.timedelta(days=i),
             "end_date": None, "areas": None, "source": None, "place_a_id": a, "place_b_id": b,
             "geom": LineString([(30, 50), (31, 51)])} for i in range(BATCH + 1)]
    with store.engine.begin() as conn:
        upsert(conn, Partnership.__table__, rows)
    with store.engine.connect() as conn:
        start, end = conn.execute(select(Partnership.start_date, Partnership.end_date)
                                  .where(Partnership.id == "copy:31")).one()
    assert start == dt.date(2020, 2, 1) and end is None


def test_each_point_gets_the_deepest_region_holding_it():
    # Nested boxes, listed shallow and deep in no order; two hromadas overlap no raion.
    regions = gpd.GeoDataFrame({
        "code": ["H1", "C", "R1", "O", "H2"],
        "level": ["hromada", "country", "raion", "oblast", "hromada"]},
        geometry=[box(1, 1, 2, 2), box(0, 0, 10, 10), box(0, 0, 5, 5), box(0, 0, 8, 8),
                  box(6, 6, 7, 7)], crs="EPSG:4326")
    rng = np.random.default_rng(3)
    points = shapely.points(rng.uniform(-1, 11, 500), rng.uniform(-1, 11, 500))
    expected = []
    for point in points:
        holding = [(REGION_LEVELS.index(level), code) for code, level, shape in
                   regions.itertuples(index=False) if shape.contains(point)]
        expected.append(max(holding)[1] if holding else None)
    found = deepest_regions(points, regions)
    assert found == expected
    assert {"H1", "H2", "R1", "O", "C", None} == set(found)
    assert deepest_regions([Point(50, 50)], regions) == [None]
