"""Exports of items, streamed batch by batch: CSV (Excel-ready), GeoJSON and GeoPackage.

Each takes an iterable of batches of GeoJSON features, so an export of the whole match
never holds more than one batch in memory. CSV and GeoPackage carry, beside each code, its
label in the reader's language (kind, status, location precision, programme) and the names
of the place's oblast, raion and hromada.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import shape

from geoapp.spreadsheet import safe_cell
from geoapp.store.sources import PROPERTIES, SOURCES

GEOMETRY_TYPES = {name: source.geometry_type for name, source in SOURCES.items()}
REGION_LEVELS = ("oblast", "raion", "hromada")
# Excel reads a CSV as UTF-8 only when it starts with a byte order mark.
BOM = "\ufeff"
CHUNK = 1 << 16

Batches = Iterable[list[dict]]


@dataclass(frozen=True)
class Labels:
    """The words an export puts beside the codes, in the reader's language."""

    values: dict[str, dict[str, str]] = field(default_factory=dict)
    regions: Callable[[str | None], dict[str, str]] = lambda code: {}

    def columns(self, source: str) -> list[str]:
        """The columns of a source's export: each property, its label, the region names."""
        found = ["id"]
        for name in PROPERTIES[source]:
            found.append(name)
            if name in self.values:
                found.append(f"{name}_label")
            if name == "region_code":
                found += list(REGION_LEVELS)
        return found

    def row(self, feature: dict, source: str) -> dict:
        """One feature as a flat row of those columns."""
        props = feature["properties"]
        found = {"id": feature["id"], **props}
        for name, words in self.values.items():
            if name in props:
                found[f"{name}_label"] = self._label(words, props[name])
        if "region_code" in props:
            found.update(dict.fromkeys(REGION_LEVELS, ""))
            found.update(self.regions(props["region_code"]))
        return found

    @staticmethod
    def _label(words: dict[str, str], value) -> str:
        if value in (None, ""):
            return ""
        # A list of codes (areas of cooperation) is labelled code by code.
        return "; ".join(words.get(code, code) for code in str(value).split(";") if code)


def frame(features: list[dict], source: str, labels: Labels = Labels()) -> gpd.GeoDataFrame:
    """Return features as a GeoDataFrame with an ``id`` column and labels, in WGS 84."""
    rows = [labels.row(f, source) for f in features]
    geometry = [shape(f["geometry"]) if f["geometry"] else None for f in features]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=labels.columns(source)),
                            geometry=geometry, crs="EPSG:4326")


def _csv_table(features: list[dict], source: str, labels: Labels) -> pd.DataFrame:
    found = frame(features, source, labels)
    # Lines and polygons get a point that lies on them, so every row can be plotted.
    points = found.geometry.representative_point() if len(found) else found.geometry
    table = pd.DataFrame(found.drop(columns="geometry")).map(safe_cell)
    table["lon"], table["lat"] = points.x, points.y
    if source != "places":
        table["wkt"] = shapely.to_wkt(found.geometry.values, rounding_precision=-1)
    return table


def csv_chunks(batches: Batches, source: str, labels: Labels = Labels()) -> Iterator[bytes]:
    """Yield a UTF-8 CSV with a byte order mark: header first, then one chunk per batch."""
    header = True
    for features in batches:
        table = _csv_table(features, source, labels)
        text = table.to_csv(index=False, header=header, lineterminator="\r\n")
        yield ((BOM if header else "") + text).encode("utf-8")
        header = False
    if header:  # no batch at all: the header alone
        yield (BOM + _csv_table([], source, labels).to_csv(
            index=False, lineterminator="\r\n")).encode("utf-8")


def to_csv(features: list[dict], source: str, labels: Labels = Labels()) -> bytes:
    """Return features as one CSV document (see :func:`csv_chunks`)."""
    return b"".join(csv_chunks([features], source, labels))


def geojson_chunks(batches: Batches) -> Iterator[bytes]:
    """Yield one GeoJSON FeatureCollection, a batch of features at a time."""
    yield b'{"type":"FeatureCollection","features":['
    first = True
    for features in batches:
        for feature in features:
            text = json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
            yield (text if first else "," + text).encode("utf-8")
            first = False
    yield b"]}"


def gpkg_chunks(batches: Batches, source: str, layer_name: str,
                labels: Labels = Labels()) -> Iterator[bytes]:
    """Write a GeoPackage of one layer batch by batch, then yield the file in chunks."""
    folder = tempfile.mkdtemp(prefix="geoapp-export-")
    path = Path(folder) / f"{layer_name}.gpkg"
    try:
        written = False
        for features in batches:
            if features:
                _write(frame(features, source, labels), path, layer_name, source, written)
                written = True
        if not written:
            _write(frame([], source, labels), path, layer_name, source, False)
        with path.open("rb") as file:
            while chunk := file.read(CHUNK):
                yield chunk
    finally:
        for leftover in Path(folder).iterdir():
            leftover.unlink()
        os.rmdir(folder)


def _write(found: gpd.GeoDataFrame, path: Path, layer: str, source: str, append: bool) -> None:
    pyogrio.write_dataframe(found, path, layer=layer, driver="GPKG", append=append,
                            geometry_type=GEOMETRY_TYPES[source])


def to_gpkg(features: list[dict], source: str, layer_name: str,
            labels: Labels = Labels()) -> bytes:
    """Return features as a GeoPackage file of one layer named ``layer_name``."""
    return b"".join(gpkg_chunks([features], source, layer_name, labels))


def stream(format_: str, batches: Batches, source: str, layer_name: str,
           labels: Labels = Labels()) -> Iterator[bytes]:
    """The chunks of an export in ``format_`` (csv, gpkg or geojson)."""
    if format_ == "csv":
        return csv_chunks(batches, source, labels)
    if format_ == "gpkg":
        return gpkg_chunks(batches, source, layer_name, labels)
    return geojson_chunks(batches)


def buffered(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Join small chunks into pieces of about 64 KiB, fewer writes to the socket."""
    pending = io.BytesIO()
    for chunk in chunks:
        pending.write(chunk)
        if pending.tell() >= CHUNK:
            yield pending.getvalue()
            pending = io.BytesIO()
    if pending.tell():
        yield pending.getvalue()
