"""Geometry reaches the store whole, as WKB; a region is never stored without its polygon."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import psycopg
import pytest
import sqlalchemy as sa
from alembic import command
from click.testing import CliRunner
from shapely.geometry import MultiPolygon, Point, Polygon, box
from sqlalchemy import event, func, select

from geoapp.cli import main
from geoapp.ingest import LoadError, LoadOptions, load_file
from geoapp.maps.regions import RegionAtlas
from geoapp.store import queries, schema
from geoapp.store.mapdata import region_rows
from geoapp.store.models import Region
from tests.ingest.test_load import refused

QUIET = LoadOptions(progress=False)
VERTICES = 1_000_000


def ring(lon: float, lat: float, radius: float, n: int) -> Polygon:
    """A valid polygon of ``n`` vertices: an ellipse around (lon, lat)."""
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return Polygon(np.c_[lon + radius * np.cos(angles), lat + radius * 0.6 * np.sin(angles)])


def regions_file(path: Path, shapes: list, codes: list[str] | None = None) -> Path:
    codes = codes or [f"R{i}" for i in range(1, len(shapes) + 1)]
    gpd.GeoDataFrame({"code": codes, "level": ["oblast"] * len(shapes),
                      "parent_code": ["UA"] * len(shapes), "name_uk": codes},
                     geometry=shapes, crs="EPSG:4326").to_file(path, driver="GPKG")
    return path


def places_file(path: Path, rows: list[tuple]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "kind", "name", "lon", "lat"])
        writer.writerows(rows)
    return path


def test_a_polygon_of_a_million_vertices_is_stored_whole(store, tmp_path):
    big = ring(30.0, 46.0, 0.5, VERTICES)
    path = regions_file(tmp_path / "big.gpkg", [MultiPolygon([big])], ["BIG"])
    report = load_file(store, "regions", path, QUIET)
    assert (report.inserted, report.rejected) == (1, [])
    with store.engine.connect() as conn:
        stored = conn.execute(select(func.ST_NPoints(Region.geom), func.ST_Area(Region.geom))
                              .where(Region.code == "BIG")).one()
    assert stored[0] == VERTICES + 1  # the ring closes on its first vertex
    assert stored[1] == pytest.approx(big.area)
    # The store still places points: no region came back without a polygon.
    result = CliRunner().invoke(
        main, ["load", "places", str(places_file(tmp_path / "p.csv", [
            ("big:1", "school", "Школа у великому регіоні", 30.0, 46.0)]))],
        env={"GEOAPP_DATABASE_URL": store.url})
    assert result.exit_code == 0, result.output
    with store.engine.connect() as conn:
        assert queries.get_place(conn, "big:1")["region_code"] == "BIG"


def test_geometry_is_sent_as_wkb_never_as_text(store, tmp_path, monkeypatch):
    sent: list = []

    def record(conn, cursor, statement, parameters, context, executemany):
        for params in parameters if executemany else [parameters]:
            values = params.values() if isinstance(params, dict) else params
            sent.extend(values)

    # PostGIS's bulk writes go by COPY, which the engine's events do not see.
    write_row = psycopg.Copy.write_row
    monkeypatch.setattr(psycopg.Copy, "write_row",
                        lambda copy, row: sent.extend(row) or write_row(copy, row))
    event.listen(store.engine, "before_cursor_execute", record)
    try:
        load_file(store, "regions", regions_file(tmp_path / "r.gpkg", [box(30, 45, 31, 46)]),
                  QUIET)
        load_file(store, "places", places_file(tmp_path / "p.csv", [
            ("w:1", "school", "Перша", 30.5, 45.5), ("w:2", "school", "Друга", 30.6, 45.6)]),
                  QUIET)
        links = tmp_path / "links.csv"
        links.write_text("id,place_a,place_b\nw:1-2,w:1,w:2\n", encoding="utf-8")
        load_file(store, "partnerships", links, QUIET)
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    texts = [v for v in sent if isinstance(v, str)]
    assert not [t for t in texts if "POINT" in t or "POLYGON" in t or "LINESTRING" in t]
    # sqlite3 binds bytes as a memoryview, psycopg as its Binary.
    assert sum(isinstance(v, bytes | memoryview | psycopg.Binary) for v in sent) >= 4


@pytest.mark.parametrize(("coordinates", "message"), [
    ([(30, 45), (31, 45), (32, 45), (30, 45)], "the polygon has no area (invalid:"),
    ([(30, 45), (30, 45), (30, 45), (30, 45)], "the polygon has no area"),
    ([(30, 45), (31, float("nan")), (31, 46), (30, 45)],
     "the polygon has coordinates that are not numbers"),
], ids=["flat", "a-point", "nan"])
def test_a_region_with_no_usable_polygon_is_refused_by_row(store, tmp_path, coordinates,
                                                           message):
    with np.errstate(invalid="ignore"):
        shape = Polygon(coordinates)
    path = regions_file(tmp_path / "r.gpkg", [box(30, 45, 31, 46), shape])
    error = refused(store, "regions", path)
    assert len(error.problems) == 1
    assert "r.gpkg, row 2, field 'geometry': " + message in str(error)


def downgrade(store, revision: str) -> None:
    config = schema._alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


NULL_REGION = sa.text("INSERT INTO regions (code, level, parent_code, name_uk) "
                      "VALUES ('OLD', 'oblast', 'UA', 'Без полігону')")


def test_an_old_store_with_a_region_without_polygon_still_loads_and_serves(store, tmp_path):
    downgrade(store, "0003")
    with store.engine.begin() as conn:
        conn.execute(NULL_REGION)
    # Reads survive it (the loader of this version writes columns a 0003 store lacks, so
    # the reads a load makes are checked directly).
    with store.engine.connect() as conn:
        frame = queries.regions_frame(conn)
        atlas = RegionAtlas.from_rows(region_rows(conn))
    assert "OLD" not in set(frame["code"]) and "UA530201" in set(frame["code"])
    assert "OLD" in atlas.levels and "OLD" not in atlas.shapes
    # The upgrade names what to load again and changes nothing until then.
    with pytest.raises(RuntimeError, match=r"1 region\(s\) have no polygon .*: OLD\. Load them"):
        schema.upgrade(store)
    assert schema.schema_version(store) == "0003"
    load_file(store, "regions", regions_file(tmp_path / "r.gpkg", [box(30, 45, 31, 46)],
                                             ["OLD"]), QUIET)
    assert schema.upgrade(store) == schema.head_version()


def test_the_store_refuses_a_region_without_polygon(store):
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(NULL_REGION)
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE regions SET geom = NULL WHERE code = 'UA53'"))
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).where(Region.geom.is_(None))).scalar() == 0


def test_a_region_load_that_fails_leaves_the_store_unchanged(store, tmp_path):
    path = regions_file(tmp_path / "r.gpkg", [Point(30, 45).buffer(0.1), Point(31, 45)])
    with pytest.raises(LoadError):
        load_file(store, "regions", path, QUIET)
    with store.engine.connect() as conn:
        assert not queries.existing_ids(conn, Region.__table__, ["R1", "R2"])
