"""Loads are bounded: files read in chunks, caps on bytes and rows, bombs refused early."""

from __future__ import annotations

import gzip
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import CliRunner
from shapely.geometry import Point
from sqlalchemy.engine import make_url

from geoapp.cli import main
from geoapp.ingest import LoadError, LoadOptions, load, load_file
from geoapp.store import queries
from tests.ingest.test_load import QUIET, refused, school, snapshot, write_csv
from tests.support import world

CAP_BYTES = "(uncompressed); the cap is GEOAPP_LOAD_MAX_BYTES"
HEADER = b"id,kind,name,lon,lat\n"


def capped(**caps) -> LoadOptions:
    return LoadOptions(progress=False, **caps)


def gzip_file(path: Path, *parts: bytes, repeat: int = 1) -> Path:
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(parts[0])
        for _ in range(repeat):
            for part in parts[1:]:
                out.write(part)
    return path


def test_a_gzip_bomb_of_newlines_is_refused_while_decompressing(store, tmp_path):
    # 64 MB of newlines in about 64 KB, then bytes that are not gzip at all: the refusal
    # names the cap, so decompression stopped long before reaching them.
    path = gzip_file(tmp_path / "bomb.csv.gz", HEADER, b"\n" * (1 << 20), repeat=64)
    with path.open("ab") as out:
        out.write(b"this is not gzip" * 100)
    assert path.stat().st_size < 200_000
    error = refused(store, "places", path, capped(max_bytes=4_000_000))
    assert str(error).startswith(f"{path}, field 'file': more than 4,000,000 bytes {CAP_BYTES}")


def test_a_gzip_bomb_of_repeated_rows_is_refused_early(store, tmp_path):
    path = gzip_file(tmp_path / "rows.csv.gz", HEADER, b"x,school,A,33.41,49.07\n" * 1000,
                     repeat=1000)
    error = refused(store, "places", path)
    assert "more than 10,000 problems; the rest of the file was not checked" in str(error)


def test_a_long_file_is_refused_by_the_row_cap(store, tmp_path):
    rows = b"".join(b"r:%d,school,A,33.41,49.07\n" % i for i in range(20_000))
    path = gzip_file(tmp_path / "rows.csv.gz", HEADER, rows)
    error = refused(store, "places", path, capped(max_rows=15_000))
    assert str(error) == f"{path}, field 'file': more than 15,000 rows; the cap is " \
                         "GEOAPP_LOAD_MAX_ROWS"


def test_a_plain_file_over_the_cap_is_refused_before_reading(store, tmp_path):
    path = write_csv(tmp_path / "p.csv", [school(f"n:{i}", "33.41", "49.07") for i in range(50)])
    error = refused(store, "places", path, capped(max_bytes=path.stat().st_size - 1))
    assert CAP_BYTES in str(error)


def test_a_vector_file_over_the_row_cap_is_refused(store, tmp_path):
    path = tmp_path / "p.gpkg"
    gpd.GeoDataFrame({"id": [f"v:{i}" for i in range(12)], "kind": ["school"] * 12,
                      "name": ["Школа"] * 12}, geometry=[Point(33.41, 49.07)] * 12,
                     crs="EPSG:4326").to_file(path, driver="GPKG")
    assert "more than 10 rows" in str(refused(store, "places", path, capped(max_rows=10)))


def test_the_caps_are_read_from_the_environment(store, tmp_path, monkeypatch):
    monkeypatch.setenv("GEOAPP_LOAD_MAX_ROWS", "3")
    path = write_csv(tmp_path / "p.csv", [school(f"n:{i}", "33.41", "49.07") for i in range(4)])
    result = CliRunner().invoke(main, ["load", "places", str(path)],
                                env={"GEOAPP_DATABASE_URL": store.url})
    assert result.exit_code == 1
    assert "more than 3 rows; the cap is GEOAPP_LOAD_MAX_ROWS" in result.output


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of two rows: a file of a few rows spans several."""
    monkeypatch.setitem(load.CHUNK_ROWS, "places", 2)
    monkeypatch.setitem(load.CHUNK_ROWS, "regions", 2)


def test_a_file_read_in_chunks_loads_whole(store, tmp_path, small_chunks):
    rows = [school(f"c:{i}", f"33.4{i}", "49.07") for i in range(7)]
    report = load_file(store, "places", write_csv(tmp_path / "p.csv", rows), QUIET)
    assert (report.read, report.inserted) == (7, 7)
    with store.engine.connect() as conn:
        assert queries.get_place(conn, "c:6")["region_code"] == "UA530201"


def test_a_bad_row_in_a_late_chunk_leaves_the_store_unchanged(store, tmp_path, small_chunks):
    rows = [school(f"c:{i}", "33.41", "49.07") for i in range(6)]
    rows.append(school("c:6", "33.41", "not a number"))
    error = refused(store, "places", write_csv(tmp_path / "p.csv", rows))
    assert "row 7, field 'lat': 'not a number' is not a number" in str(error)


def test_duplicates_are_found_across_chunks(store, tmp_path, small_chunks):
    rows = [school(f"c:{i}", "33.41", "49.07") for i in range(5)] + [school("c:1", "33.4", "49")]
    error = refused(store, "places", write_csv(tmp_path / "p.csv", rows))
    assert [p.describe("p.csv") for p in error.problems] == [
        "p.csv, row 6, field 'id': duplicate id 'c:1' (first on row 2)"]


def test_regions_in_chunks_find_parents_listed_after_their_children(empty_store, tmp_path,
                                                                    small_chunks):
    from shapely.geometry import box

    frame = gpd.GeoDataFrame(
        {"code": ["H1", "R1", "O1", "C"], "level": ["hromada", "raion", "oblast", "country"],
         "parent_code": ["R1", "O1", "C", ""]},
        geometry=[box(30, 45, 30.2, 45.2), box(30, 45, 30.5, 45.5), box(30, 45, 31, 46),
                  box(29, 44, 32, 47)], crs="EPSG:4326")
    path = tmp_path / "r.gpkg"
    frame.to_file(path, driver="GPKG")
    assert load_file(empty_store, "regions", path, QUIET).inserted == 4


def test_many_problems_stop_the_check(store, tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_PROBLEMS", 5)
    rows = [school(f"m:{i}", "", "49.07") for i in range(20)]
    before = snapshot(store)
    with pytest.raises(LoadError) as caught:
        load_file(store, "places", write_csv(tmp_path / "p.csv", rows), QUIET)
    assert "more than 5 problems; the rest of the file was not checked" in str(caught.value)
    assert snapshot(store) == before


@pytest.mark.parametrize("store_kind", ["spatialite"])
def test_a_big_load_leaves_no_write_ahead_log_behind(empty_store, store_kind, tmp_path):
    files = world.write_world(tmp_path / "world")
    load_file(empty_store, "regions", files["regions"], LoadOptions(progress=False))
    path = tmp_path / "many.csv"
    rows = [(f"wal:{i}", "school", f"Школа {i}", 33.3 + i % 100 * 0.002, 49.01 + i // 100 * 0.001)
            for i in range(5000)]
    world.write_csv(path, ["id", "kind", "name", "lon", "lat"], rows)
    load_file(empty_store, "places", path, LoadOptions(progress=False))
    wal = Path(make_url(empty_store.url).database + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
