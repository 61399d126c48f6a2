"""Exports of a page of items: CSV with lon/lat columns, and GeoPackage."""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import shape

from geoapp.spreadsheet import safe_cell
from geoapp.store.sources import PROPERTIES

GEOMETRY_TYPES = {"places": "Point", "partnerships": "LineString", "regions": "MultiPolygon",
                  "region_statuses": "MultiPolygon"}


def frame(features: list[dict], source: str) -> gpd.GeoDataFrame:
    """Return features as a GeoDataFrame with an ``id`` column, in WGS 84."""
    columns = ["id", *PROPERTIES[source]]
    rows = [{"id": f["id"], **f["properties"]} for f in features]
    geometry = [shape(f["geometry"]) if f["geometry"] else None for f in features]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), geometry=geometry,
                            crs="EPSG:4326")


def to_csv(features: list[dict], source: str) -> bytes:
    """Return features as UTF-8 CSV: their properties, lon/lat, and WKT for lines and polygons."""
    found = frame(features, source)
    # Lines and polygons get a point that lies on them, so every row can be plotted.
    points = found.geometry.representative_point() if len(found) else found.geometry
    table = pd.DataFrame(found.drop(columns="geometry")).map(safe_cell)
    table["lon"], table["lat"] = points.x, points.y
    if source != "places":
        table["wkt"] = shapely.to_wkt(found.geometry.values, rounding_precision=-1)
    return table.to_csv(index=False).encode("utf-8")


def to_gpkg(features: list[dict], source: str, layer_name: str) -> bytes:
    """Return features as a GeoPackage file of one layer named ``layer_name``."""
    with tempfile.TemporaryDirectory(prefix="geoapp-export-") as folder:
        path = Path(folder) / f"{layer_name}.gpkg"
        pyogrio.write_dataframe(frame(features, source), path, layer=layer_name, driver="GPKG",
                                geometry_type=GEOMETRY_TYPES[source])
        return path.read_bytes()
