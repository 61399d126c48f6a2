"""Writing the sample files byte for byte the same on every run."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

# GeoPackage stamps the write time into gpkg_contents unless GDAL is given a fixed one.
FIXED_DATE = "2000-01-01T00:00:00Z"


def csv_text(frame: pd.DataFrame, columns: list[str], key: str) -> str:
    """Return ``frame`` as CSV text: the given columns, rows sorted by ``key``."""
    rows = frame.reindex(columns=columns).sort_values(key, kind="stable")
    buffer = io.StringIO()
    rows.to_csv(buffer, index=False, lineterminator="\n", float_format="%.6f")
    return buffer.getvalue()


def write_csv(frame: pd.DataFrame, path: Path, columns: list[str], key: str) -> None:
    """Write a UTF-8 CSV file."""
    path.write_bytes(csv_text(frame, columns, key).encode("utf-8"))


def write_csv_gz(frame: pd.DataFrame, path: Path, columns: list[str], key: str) -> None:
    """Write a gzipped UTF-8 CSV file with no name or time in its header."""
    data = csv_text(frame, columns, key).encode("utf-8")
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                compresslevel=9, mtime=0) as out:
        out.write(data)


def write_regions(regions: gpd.GeoDataFrame, path: Path) -> None:
    """Write the regions as the one layer ``regions`` of a GeoPackage."""
    path.unlink(missing_ok=True)
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_DATE})
    try:
        regions.to_file(path, layer="regions", driver="GPKG", engine="pyogrio",
                        geometry_type="MultiPolygon")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
