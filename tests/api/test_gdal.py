"""GDAL's OAPIF driver, the client of ministries' scripts and of QGIS, reads every collection."""

from __future__ import annotations

import shutil
import subprocess

import pyogrio
import pytest
import shapely

from geoapp.store import collections
from geoapp.store.collections import ItemQuery
from geoapp.store.queries import PlaceFilter

pytestmark = [
    pytest.mark.gdal,
    pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="gdal-bin is not installed"),
]
# GDAL must not look anywhere but the live server.
GDAL_ENV = {"GDAL_HTTP_TIMEOUT": "30", "CPL_DEBUG": "OFF", "GDAL_HTTP_MAX_RETRY": "0",
            "PATH": "/usr/bin:/bin", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1"}


def gdal(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, env=GDAL_ENV)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_ogrinfo_lists_every_collection(api_url):
    listing = gdal("ogrinfo", "-ro", "-q", f"OAPIF:{api_url}")
    for layer in ("schools", "vocational", "stem_centres", "communities", "partnerships",
                  "regions"):
        assert f": {layer} " in listing or f": {layer}\n" in listing, listing


@pytest.mark.parametrize(("collection", "source", "kinds", "levels"), [
    ("schools", "places", ("school",), ()),
    ("communities", "places", ("community", "authority", "kindergarten"), ()),
    ("partnerships", "partnerships", (), ()),
    ("regions", "regions", (), ("oblast",)),
])
def test_ogr2ogr_copies_a_collection_through_paging(api_url, store, tmp_path, collection,
                                                     source, kinds, levels):
    target = tmp_path / f"{collection}.gpkg"
    # A page size of 2 makes GDAL follow the next links several times.
    gdal("ogr2ogr", "-f", "GPKG", str(target), f"OAPIF:{api_url}", collection,
         "-oo", "PAGE_SIZE=2")
    copied = pyogrio.read_dataframe(target, layer=collection)
    with store.engine.connect() as conn:
        expected = collections.find_items(
            conn, ItemQuery(source, PlaceFilter(kinds=kinds), levels), 1000, 0)
    assert len(copied) == len(expected) >= 2
    assert sorted(copied["id"]) == sorted(f["id"] for f in expected)
    by_id = {f["id"]: shapely.geometry.shape(f["geometry"]) for f in expected}
    for item_id, geometry in zip(copied["id"], copied.geometry, strict=True):
        assert geometry.equals_exact(by_id[item_id], 1e-9), item_id


def test_gdal_reads_activities_by_datetime(api_url, tmp_path):
    # GDAL passes the query of a collection's URL on to every items request it makes.
    target = tmp_path / "january.gpkg"
    gdal("ogr2ogr", "-f", "GPKG", str(target),
         f"OAPIF:{api_url}/collections/activities?datetime=2022-01-01/2022-01-31",
         "-oo", "PAGE_SIZE=1")
    copied = pyogrio.read_dataframe(target)
    assert sorted(copied["id"]) == ["world:balti-signing", "world:balti-visit"]
    assert set(copied.geom_type) == {"MultiPoint"}
    assert str(copied.loc[copied["id"] == "world:balti-visit", "end_date"].iloc[0]).startswith(
        "2022-01-21")
    listing = gdal("ogrinfo", "-ro", "-al", "-q", f"OAPIF:{api_url}/collections/partnerships"
                   "?datetime=../2024-12-31", "-oo", "PAGE_SIZE=1")
    assert "imc:kremenchuk-pishchane" in listing and "plich:" not in listing


@pytest.mark.parametrize(("collection", "expected"), [
    ("schools", {"edebo:1001", "edebo:1002", "edebo:9999"}),  # 1003: in the buffer GDAL clips
    ("partnerships", {"plich:kremenchuk-chasiv-yar", "imc:kremenchuk-pishchane"}),
])
def test_ogrinfo_reads_a_vector_tile(api_url, collection, expected):
    # z8 tile 8/87/151 holds Kremenchuk; GDAL is told z/x/y, the URL gives them as z/row/col.
    # GDAL takes a path that ends in a number for a folder of tiles: ?f=mvt tells it a file.
    url = f"{api_url}/collections/{collection}/tiles/WebMercatorQuad/8/87/151?f=mvt"
    listing = gdal("ogrinfo", "-ro", "-al", "-oo", "Z=8", "-oo", "X=151", "-oo", "Y=87",
                   f"MVT:/vsicurl/{url}")
    found = {line.split("=", 1)[1].strip() for line in listing.splitlines()
             if line.strip().startswith("id (String) =")}
    assert expected <= found
    if collection == "schools":
        assert "POINT (3719196.4" in listing  # edebo:1001 (33.41 E) in Web Mercator metres
