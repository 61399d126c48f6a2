"""Large loads: on PostGIS the places' secondary indexes are set aside and built again;
on either store the indexes end exactly as they were, and a failure changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import exc, select

from geoapp.ingest import LoadOptions, load, load_file
from geoapp.store import dialect
from geoapp.store.models import Place
from tests.ingest.test_load import refused, school, snapshot, write_csv

QUIET = LoadOptions(progress=False)
WORLD_PLACES = 11  # tests.support.world.PLACES


def indexes(store) -> list[tuple]:
    """The places table's indexes as the catalogue defines them."""
    with store.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            sql = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'places'"
        else:
            sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'places'"
        return sorted(conn.exec_driver_sql(sql).all())


def schools(tmp_path, count: int, name=lambda i: f"Школа номер {i}"):
    return write_csv(tmp_path / "many.csv",
                     [school(f"many:{i}", 33.0 + i / 1000, 49.0, name(i)) for i in range(count)])


def test_a_load_larger_than_the_table_keeps_every_index_and_is_found_through_them(
        store, store_kind, tmp_path):
    # One index with what a statement could misread: a partial one, with a % in a pattern.
    percent = "%%" if store_kind == "postgis" else "%"  # psycopg's placeholders, escaped
    with store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE INDEX ix_places_percent ON places (kind) "
                             f"WHERE name LIKE '{percent}ліцей{percent}'")
    before = indexes(store)
    assert any("'%ліцей%'" in definition for _name, definition in before)
    assert load_file(store, "places", schools(tmp_path, 30), QUIET).inserted == 30
    assert indexes(store) == before
    with store.engine.connect() as conn:
        named = conn.execute(select(Place.id).where(
            dialect.name_contains(Place.name_folded, "номер 17"))).scalars().all()
        boxed = conn.execute(select(Place.id).where(
            dialect.in_bbox(Place.__table__, (33.0285, 48.99, 33.0295, 49.01)))).scalars().all()
    assert named == ["many:17"]
    assert boxed == ["many:29"]


@pytest.mark.parametrize("store_kind", ["postgis"])
@pytest.mark.parametrize(("count", "set_aside"), [(WORLD_PLACES, True), (3, False)])
def test_indexes_are_set_aside_only_for_a_load_as_large_as_the_table(
        store, tmp_path, monkeypatch, count, set_aside):
    kept = len(indexes(store))
    seen = []
    write = dialect._PostgisBulk.write

    def counting(conn, table, values):
        seen.append(conn.exec_driver_sql(
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'places'").scalar())
        return write(conn, table, values)

    monkeypatch.setattr(dialect._PostgisBulk, "write", staticmethod(counting))
    load_file(store, "places", schools(tmp_path, count), QUIET)
    # Only the primary key stays while the rows go in.
    assert seen == ([1] if set_aside else [kept])
    assert len(indexes(store)) == kept


def test_a_load_refused_after_its_first_chunk_leaves_data_and_indexes_as_they_were(
        store, tmp_path, monkeypatch):
    monkeypatch.setitem(load.CHUNK_ROWS, "places", 12)
    before = indexes(store)
    rows = [school(f"many:{i}", 33.0 + i / 1000, 49.0) for i in range(30)]
    rows[25]["lat"] = "north"
    error = refused(store, "places", write_csv(tmp_path / "late.csv", rows))
    assert [(p.row, p.field) for p in error.problems] == [(26, "lat")]
    assert indexes(store) == before


def test_an_index_that_cannot_be_built_again_fails_the_load_and_changes_nothing(
        store, store_kind, tmp_path):
    # On PostGIS the unique index is set aside, and its rebuild fails; on SpatiaLite the
    # insert fails. Either way the load is all or nothing.
    with store.engine.begin() as conn:
        conn.exec_driver_sql("CREATE UNIQUE INDEX ux_places_name ON places (name)")
    before, data = indexes(store), snapshot(store)
    path = schools(tmp_path, 30, name=lambda i: "Одна назва" if i in (3, 27) else f"Школа {i}")
    with pytest.raises(exc.IntegrityError) as caught:
        load_file(store, "places", path, QUIET)
    if store_kind == "postgis":
        assert "could not create unique index" in str(caught.value)
    assert indexes(store) == before
    assert snapshot(store) == data
