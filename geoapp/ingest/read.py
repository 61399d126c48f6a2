"""Reading a file into a GeoDataFrame in EPSG:4326, with coordinates checked."""

from __future__ import annotations

import gzip
from io import StringIO
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
from pyproj import CRS
from pyproj.exceptions import CRSError

from geoapp.ingest.problems import LoadError, Problem

CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".txt")
X_NAMES = ("lon", "lng", "longitude", "x")
Y_NAMES = ("lat", "latitude", "y")
WGS84 = CRS.from_epsg(4326)


def parse_crs(text: str | None) -> CRS | None:
    """Return the CRS a user named, or raise a LoadError that says it is unknown."""
    if not text:
        return None
    try:
        return CRS.from_user_input(text)
    except CRSError as exc:
        problem = Problem(0, "crs", f"unknown CRS {text!r} ({exc})", text)
        raise LoadError("--crs", [problem]) from exc


def is_csv(path: Path) -> bool:
    """Tell whether ``path`` is read as a table with coordinate columns."""
    return path.name.lower().endswith(CSV_SUFFIXES)


def read_csv(path: Path) -> pd.DataFrame:
    """Read a UTF-8 CSV as text columns; a wrong encoding names the line."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as raw:
        data = raw.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise LoadError(path, [Problem(0, "encoding", f"not UTF-8: byte 0x{data[exc.start]:02x} "
                                       f"on line {line}; save the file as UTF-8")]) from exc
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    return pd.read_csv(StringIO(text), sep=sep, dtype=str, keep_default_na=False)


def pick_column(frame: pd.DataFrame, given: str | None, names: tuple[str, ...], path: Path,
                what: str) -> str:
    """Return the coordinate column to use, or raise naming what is missing."""
    lowered = {c.lower(): c for c in frame.columns}
    if given:
        if given not in frame.columns:
            raise LoadError(path, [Problem(0, given, f"no column {given!r} for {what}; columns "
                                           f"are {', '.join(frame.columns)}")])
        return given
    for name in names:
        if name in lowered:
            return lowered[name]
    raise LoadError(path, [Problem(0, what, f"no {what} column (looked for "
                                   f"{', '.join(names)}); name it with --{what}-column")])


def numbers(frame: pd.DataFrame, column: str, problems: list[Problem]) -> np.ndarray:
    """Return a column as floats; blank or non-numeric cells become problems and NaN."""
    values = pd.to_numeric(frame[column].str.strip().str.replace(",", ".", regex=False),
                           errors="coerce").to_numpy(dtype=float)
    for index in np.flatnonzero(np.isnan(values)):
        raw = frame[column].iloc[index]
        message = "missing coordinate" if not raw.strip() else f"{raw!r} is not a number"
        problems.append(Problem(int(index) + 1, column, message, raw))
    return values


def csv_frame(path: Path, crs: CRS | None, x_column: str | None, y_column: str | None,
              problems: list[Problem]) -> gpd.GeoDataFrame:
    """Read a CSV with coordinate columns into points."""
    frame = read_csv(path)
    x_name = pick_column(frame, x_column, X_NAMES, path, "x")
    y_name = pick_column(frame, y_column, Y_NAMES, path, "y")
    xs, ys = numbers(frame, x_name, problems), numbers(frame, y_name, problems)
    data = frame.drop(columns=[x_name, y_name])
    points = gpd.points_from_xy(xs, ys)
    gdf = gpd.GeoDataFrame(data, geometry=points, crs=crs or WGS84)
    gdf.attrs["xy_columns"] = (x_name, y_name)
    return gdf


def vector_frame(path: Path, crs: CRS | None) -> gpd.GeoDataFrame:
    """Read GeoJSON, GeoPackage, Shapefile... with pyogrio."""
    try:
        # NaN coordinates are reported by the checks, by row: not as a warning here.
        with np.errstate(invalid="ignore"):
            gdf = gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise LoadError(path, [Problem(0, "file", f"cannot be read as geodata: {exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise LoadError(path, [Problem(0, "encoding", f"not UTF-8: {exc}")]) from exc
    if crs is not None:
        gdf = gdf.set_crs(crs, allow_override=True)
    elif gdf.crs is None:
        raise LoadError(path, [Problem(0, "crs", "the file names no CRS; give one with --crs")])
    for column in gdf.columns:
        if column != gdf.geometry.name and gdf[column].dtype == object:
            gdf[column] = gdf[column].astype("string").fillna("").astype(object)
    return gdf


def read_file(path: Path, crs_text: str | None = None, x_column: str | None = None,
              y_column: str | None = None) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read ``path`` into EPSG:4326 rows (1-based ``row`` index) and the problems found."""
    if not path.exists():
        raise LoadError(path, [Problem(0, "file", "no such file")])
    crs = parse_crs(crs_text)
    problems: list[Problem] = []
    if is_csv(path):
        gdf = csv_frame(path, crs, x_column, y_column, problems)
    else:
        gdf = vector_frame(path, crs)
    gdf.index = pd.RangeIndex(1, len(gdf) + 1, name="row")
    check_area(gdf, problems)
    return to_wgs84(gdf), problems


def check_area(gdf: gpd.GeoDataFrame, problems: list[Problem]) -> None:
    """Report points outside the area their CRS is defined for, and swapped lat/lon."""
    area = gdf.crs.area_of_use
    bounds = gdf.geometry.bounds
    known = bounds.notna().all(axis=1)
    if gdf.crs.is_geographic:
        lon_bad = (bounds.minx < -180) | (bounds.maxx > 180)
        lat_bad = (bounds.miny < -90) | (bounds.maxy > 90)
        for row in bounds.index[known & (lon_bad | lat_bad)]:
            x, y = bounds.at[row, "minx"], bounds.at[row, "miny"]
            swapped = abs(y) > 90 and abs(x) <= 90
            hint = "; latitude and longitude look swapped" if swapped else ""
            problems.append(Problem(int(row), "geometry",
                                    f"({x}, {y}) is outside lon -180..180 / lat -90..90{hint}"))
        return
    if area is None:
        return
    wgs = gdf.to_crs(WGS84).geometry.bounds
    margin = 1.0
    outside = known & ((wgs.minx < area.west - margin) | (wgs.maxx > area.east + margin)
                       | (wgs.miny < area.south - margin) | (wgs.maxy > area.north + margin))
    for row in wgs.index[outside]:
        problems.append(Problem(int(row), "geometry",
                                f"outside the area of {gdf.crs.name} ({area.name}); "
                                "is --crs right?"))


def to_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Reproject to EPSG:4326 (pyproj, always_xy) unless already there."""
    if gdf.crs.equals(WGS84):
        return gdf.set_crs(WGS84, allow_override=True)
    return gdf.to_crs(WGS84)
