"""Checked rows held column by column, and written so: the same as one dict a row."""

from __future__ import annotations

from shapely.geometry import Point
from sqlalchemy import select

from geoapp.ingest import write
from geoapp.ingest.columns import Columns
from geoapp.store.models import Place, fold


def test_columns_filter_and_turn_into_records():
    records = [{"row": n, "id": f"p:{n}", "point": Point(n, n)} for n in (2, 3, 5, 8)]
    columns = Columns.of(records)
    assert len(columns) == 4 and columns.records() == records
    assert columns.without({3, 8}).records() == [records[0], records[2]]
    assert columns.without(set()) is columns
    assert columns.where([False, True, False, False]).records() == [records[1]]
    assert columns.where([True] * 4) is columns
    assert columns.take([3, 0]).records() == [records[3], records[0]]
    assert len(Columns.of([])) == 0 and Columns.of([{"a": 1}, {}])["a"] == [1, None]


def places(prefix: str) -> Columns:
    """Places as the checks give them: extra keys, a repeated id, blanks, long text."""
    names = ["Школа №1", "Ліцей «Обрій»", "Гімназія", "Школа №1, нова", "  "]
    ids = [f"{prefix}:1", f"{prefix}:2", f"{prefix}:3", f"{prefix}:1", f"{prefix}:4"]
    return Columns({
        "row": [1, 2, 3, 4, 5], "id": ids, "kind": ["school"] * 5,
        "type": [None, "lyceum", None, "gymnasium", None], "name": names,
        "name_folded": [fold(n) for n in names], "status": ["operating"] * 5,
        "website": [None, "https://обрій.укр", None, None, None],
        "address": [None, None, "вул. Т" * 50, None, None],
        "location_precision": ["exact", "exact", "settlement", "exact", "exact"],
        "note": [None] * 5, "country": [None] * 5, "programmes": [[]] * 5,
        "region_code": [None] * 5, "swapped": [False] * 5,
        "point": [Point(30 + n / 10, 50 - n / 10) for n in range(5)]})


def stored(conn, prefix: str) -> list[tuple]:
    columns = [c for c in Place.__table__.c if c.name != "geom"]
    rows = conn.execute(select(*columns, Place.geom.ST_AsText())
                        .where(Place.id.like(f"{prefix}:%")).order_by(Place.id)).all()
    return [(row[0].removeprefix(prefix), *row[1:]) for row in rows]


def test_places_written_column_by_column_are_stored_as_the_rows_were(store):
    with store.engine.begin() as conn:
        assert write.write_places(conn, places("col"), lambda n: None) == 0
        write.upsert(conn, Place.__table__, places("rec").records(), geometry="point")
        by_columns, by_rows = stored(conn, "col"), stored(conn, "rec")
    assert len(by_columns) == 4 and by_columns == by_rows
    assert by_columns[0][3] == "Школа №1, нова"  # the last row of a key wins
