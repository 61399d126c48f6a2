"""The store's queries give the same answers on SpatiaLite and PostGIS."""

import pytest

from geoapp.store import queries
from geoapp.store.queries import PlaceFilter


def ids(store, where: PlaceFilter) -> list[str]:
    with store.engine.connect() as conn:
        return [row["id"] for row in queries.find_places(conn, where, limit=1000)]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (PlaceFilter(kinds=("stem_centre",)), ["edebo:2001"]),
        (PlaceFilter(region="UA14"), ["edebo:1004", "katottg:UA140201"]),
        (PlaceFilter(region="UA5302", kinds=("community",)),
         ["katottg:UA530201", "katottg:UA530202"]),
        (PlaceFilter(statuses=("closed", "suspended")), ["edebo:1003", "edebo:1004"]),
        (PlaceFilter(q="ГІМНАЗІЯ"), ["edebo:1002", "edebo:1003"]),
        (PlaceFilter(q="100%"), []),
        (PlaceFilter(programme="plich-o-plich"), ["katottg:UA140201", "katottg:UA530201"]),
        (PlaceFilter(bbox=(33.40, 49.05, 33.42, 49.07)),
         ["edebo:1001", "edebo:3001", "katottg:UA530201"]),
        (PlaceFilter(bbox=(27.0, 47.0, 28.0, 48.0)), ["city:balti"]),
    ],
)
def test_filters_pick_the_same_places_on_both_stores(store, where, expected):
    assert ids(store, where) == sorted(expected)


def test_places_get_the_deepest_region_containing_them(store):
    with store.engine.connect() as conn:
        assert queries.get_place(conn, "edebo:1001")["region_code"] == "UA530201"
        assert queries.get_place(conn, "city:balti")["region_code"] is None


def test_count_matches_the_list(store):
    where = PlaceFilter(region="UA53")
    with store.engine.connect() as conn:
        assert queries.count_places(conn, where) == len(ids(store, where)) == 8


def test_counts_by_level_kind_and_programme(store):
    with store.engine.connect() as conn:
        found = queries.counts(conn)
    assert found["regions"] == {"country": 1, "hromada": 3, "oblast": 2, "raion": 2}
    assert found["places"]["school"] == 5
    assert found["programmes"] == 3
    assert found["partnerships"] == {"imc": 1, "plich-o-plich": 1}


def test_bbox_uses_the_spatial_index(store):
    from sqlalchemy import func, select, text

    from geoapp.store import dialect

    query = select(func.count()).select_from(queries.places).where(
        dialect.in_bbox(queries.places, (33.0, 49.0, 34.0, 49.2)))
    with store.engine.connect() as conn:
        if store.kind == "postgis":
            conn.execute(text("SET enable_seqscan = off"))
            compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
            plan = " ".join(r[0] for r in conn.execute(text(f"EXPLAIN {compiled}")))
            assert "idx_places_geom" in plan
        else:
            compiled = str(query.compile(conn))
            assert "FROM SpatialIndex" in compiled
        assert conn.execute(query).scalar() == 8
