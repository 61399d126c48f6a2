"""Large loads: on PostGIS the places' secondary indexes are set aside and built again;
on either store the indexes end exactly as they were, and a failure changes nothing."""

from __future__ import annotations

import threading

import pytest
import shapely
from shapely.geometry import Point
from sqlalchemy import exc, func, select

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


def index_counts_at_each_write(monkeypatch) -> list[int]:
    """A list that gets, at each bulk write into PostGIS, how many indexes the places have."""
    seen = []
    write = dialect._PostgisBulk.write

    def counting(conn, table, values):
        seen.append(conn.exec_driver_sql(
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'places'").scalar())
        return write(conn, table, values)

    monkeypatch.setattr(dialect._PostgisBulk, "write", staticmethod(counting))
    return seen


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
    seen = index_counts_at_each_write(monkeypatch)
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


def test_a_first_load_into_an_empty_table_still_replaces_a_key_it_wrote_before(empty_store):
    # On PostGIS the first write goes straight into the empty table (COPY); the second
    # meets a key of the first, so it is upserted: replaced, its version raised.
    exact = Point(33.41234567890123, 49.07654321098765)

    def places(*rows):
        return {"id": [r[0] for r in rows], "kind": ["school"] * len(rows),
                "name": [r[1] for r in rows], "name_folded": [r[1].lower() for r in rows],
                "status": ["operating"] * len(rows), "location_precision": ["exact"] * len(rows),
                "geom": [exact] * len(rows)}

    table = Place.__table__
    with empty_store.engine.begin() as conn, dialect.bulk_load(conn, table):
        assert dialect.bulk_upsert(conn, table, places(("a", "Перша"), ("b", "Друга"))) == 0
        assert dialect.bulk_upsert(conn, table, places(("b", "Нова друга"), ("c", "Третя"))) == 1
    with empty_store.engine.connect() as conn:
        rows = conn.execute(select(Place.id, Place.name, Place.version,
                                   func.ST_AsBinary(Place.geom)).order_by(Place.id)).all()
    assert [(i, n, v) for i, n, v, _ in rows] == [
        ("a", "Перша", 1), ("b", "Нова друга", 2), ("c", "Третя", 1)]
    assert {shapely.from_wkb(bytes(g)).coords[0] for *_, g in rows} == {exact.coords[0]}
    assert len(indexes(empty_store)) > 1


@pytest.mark.parametrize("store_kind", ["postgis"])
def test_a_dry_run_keeps_the_indexes_and_so_locks_no_reader_out(store, tmp_path, monkeypatch):
    kept = len(indexes(store))
    seen = index_counts_at_each_write(monkeypatch)
    report = load_file(store, "places", schools(tmp_path, WORLD_PLACES),
                       LoadOptions(progress=False, dry_run=True))
    assert report.inserted == WORLD_PLACES and seen == [kept]


@pytest.mark.parametrize("store_kind", ["postgis"])
def test_a_load_refused_at_its_end_builds_no_index_again(store, tmp_path, monkeypatch):
    built = []
    monkeypatch.setattr(dialect, "_catalogue_statement",
                        lambda conn, sql: built.append(sql) or conn.exec_driver_sql(
                            sql.replace("%", "%%")))
    monkeypatch.setitem(load.CHUNK_ROWS, "places", 12)  # the first chunk is written
    rows = [school(f"many:{i}", 33.0 + i / 1000, 49.0) for i in range(30)]
    rows[25]["lat"] = "north"
    refused(store, "places", write_csv(tmp_path / "late.csv", rows))
    assert built and all(sql.startswith("DROP INDEX") for sql in built)


@pytest.mark.parametrize("store_kind", ["postgis"])
def test_a_load_keeps_the_indexes_when_a_reader_holds_the_table(store, tmp_path, monkeypatch):
    monkeypatch.setattr(dialect, "LOCK_WAIT", "100ms")
    kept = len(indexes(store))
    seen = index_counts_at_each_write(monkeypatch)
    with store.engine.connect() as reader:
        reader.execute(select(func.count()).select_from(Place))  # its transaction stays open
        # A load that waited for the reader unbounded would wait for ever: let go after 10 s
        # so that it fails below (the indexes dropped) instead of hanging.
        letting_go = threading.Timer(10, reader.rollback)
        letting_go.start()
        try:
            report = load_file(store, "places", schools(tmp_path, 30), QUIET)
        finally:
            letting_go.cancel()
            letting_go.join()
    assert report.inserted == 30 and seen == [kept]  # loaded through the indexes
    assert len(indexes(store)) == kept


@pytest.mark.parametrize("store_kind", ["postgis"])
@pytest.mark.parametrize(("count", "analyzed"), [(WORLD_PLACES, True), (3, False)])
def test_a_load_that_set_the_indexes_aside_analyzes_the_filtered_columns(
        store, tmp_path, count, analyzed):
    load_file(store, "places", schools(tmp_path, count), QUIET)
    with store.engine.connect() as conn:
        last = conn.exec_driver_sql("SELECT last_analyze FROM pg_stat_user_tables "
                                    "WHERE relname = 'places'").scalar()
        counted = set(conn.exec_driver_sql("SELECT attname FROM pg_stats "
                                           "WHERE tablename = 'places'").scalars())
    assert (last is not None) == analyzed
    if analyzed:
        assert {"kind", "status", "review_state", "region_code"} <= counted
