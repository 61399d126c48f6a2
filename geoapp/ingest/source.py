"""Input files read in bounded pieces: a cap on bytes and on rows, UTF-8 checked by line.

A load never holds a whole file: CSV is decoded and parsed in chunks of rows (a ``.gz`` is
counted as it is decompressed, so a small bomb is refused after ``max_bytes``, not after
filling the memory), and files GDAL reads come ``rows`` features at a time.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from geoapp.ingest.problems import LoadError, Problem

CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".txt")
BAD_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass(frozen=True)
class Limits:
    """How much one load may read: bytes (uncompressed) and rows."""

    max_bytes: int
    max_rows: int


def is_csv(path: Path) -> bool:
    """Tell whether ``path`` is read as a table of text (CSV, TSV)."""
    return path.name.lower().endswith(CSV_SUFFIXES)


def too_big(path: Path, limits: Limits) -> LoadError:
    return LoadError(path, [Problem(0, "file", f"more than {limits.max_bytes:,} bytes "
                                    "(uncompressed); the cap is GEOAPP_LOAD_MAX_BYTES")])


def too_long(path: Path, limits: Limits) -> LoadError:
    return LoadError(path, [Problem(0, "file", f"more than {limits.max_rows:,} rows; "
                                    "the cap is GEOAPP_LOAD_MAX_ROWS")])


class CheckedBytes(io.RawIOBase):
    """Bytes counted and checked as UTF-8 as they are read; too many, or not UTF-8, stop it.

    The error names the line of the bad byte, which pandas cannot. pandas gets the bytes
    themselves: handed text, it would encode it again.
    """

    def __init__(self, raw, path: Path, limits: Limits):
        super().__init__()
        self.raw, self.path, self.limits = raw, path, limits
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.bytes, self.lines = 0, 0

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.raw.close()
        super().close()

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return self.readall()
        data = self.raw.read(size)
        self.bytes += len(data)
        if self.bytes > self.limits.max_bytes:
            raise too_big(self.path, self.limits)
        try:
            self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            line = self.lines + exc.object[:exc.start].count(b"\n") + 1
            raise LoadError(self.path, [Problem(0, "encoding", (
                f"not UTF-8: byte 0x{exc.object[exc.start]:02x} on line {line}; "
                "save the file as UTF-8"))]) from exc
        self.lines += data.count(b"\n")
        return data


def open_bytes(path: Path, limits: Limits) -> CheckedBytes:
    """A CSV file (gzip or not) as checked bytes; a plain file too big is refused at once."""
    if path.name.lower().endswith(".gz"):
        return CheckedBytes(gzip.open(path, "rb"), path, limits)
    if path.stat().st_size > limits.max_bytes:
        raise too_big(path, limits)
    return CheckedBytes(path.open("rb"), path, limits)


def csv_chunks(path: Path, limits: Limits, rows: int) -> Iterator[pd.DataFrame]:
    """A CSV (or TSV) as frames of text cells, ``rows`` at a time."""
    sep = "\t" if path.name.lower().endswith((".tsv", ".tsv.gz")) else ","
    with open_bytes(path, limits) as raw:
        try:
            # A UTF-8 byte order mark is skipped by pandas' parser.
            for chunk in pd.read_csv(raw, sep=sep, dtype=str, keep_default_na=False,
                                     encoding="utf-8", chunksize=rows):
                if not isinstance(chunk.index, pd.RangeIndex):
                    # pandas takes a first row with one cell too many as naming an index.
                    raise bad_line(path, pd.errors.ParserError(
                        f"Expected {chunk.shape[1]} fields in line 2, saw {chunk.shape[1] + 1}"),
                        "a tab" if sep == "\t" else "a comma")
                yield chunk
        except pd.errors.EmptyDataError as exc:
            raise LoadError(path, [Problem(0, "file", "the file is empty")]) from exc
        except pd.errors.ParserError as exc:
            raise bad_line(path, exc, "a tab" if sep == "\t" else "a comma") from exc
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
            raise LoadError(path, [Problem(0, "file", f"not a readable gzip file ({exc})")]
                            ) from exc


def bad_line(path: Path, exc: Exception, separator: str) -> LoadError:
    """The refusal of a row with more cells than the header, naming it."""
    found = BAD_LINE.search(str(exc))
    if not found:
        return LoadError(path, [Problem(0, "file", f"cannot be read as CSV: {exc}")])
    expected, line, saw = (int(n) for n in found.groups())
    return LoadError(path, [Problem(line - 1, "columns", (
        f"{saw} cells where the header has {expected} (line {line} of the file, counting "
        f"the header); quote a cell that holds {separator}"))])


def vector_size(path: Path) -> int:
    """Bytes GDAL will read: the file, its Shapefile sidecar, or a zip's content."""
    if path.suffix.lower() == ".zip" and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return sum(member.file_size for member in archive.infolist())
    sidecar = path.with_suffix(".dbf")
    extra = sidecar.stat().st_size if path.suffix.lower() == ".shp" and sidecar.exists() else 0
    return path.stat().st_size + extra


def vector_chunks(path: Path, limits: Limits, rows: int,
                  read_geometry: bool = True) -> Iterator[gpd.GeoDataFrame]:
    """A file GDAL reads (GeoJSON, GeoPackage, Shapefile...), ``rows`` features at a time."""
    if vector_size(path) > limits.max_bytes:
        raise too_big(path, limits)
    try:
        if pyogrio.read_info(path)["features"] > limits.max_rows:
            raise too_long(path, limits)
        skip = 0
        while True:
            # NaN coordinates are reported by the checks, by row: not as a warning here.
            with np.errstate(invalid="ignore"):
                chunk = gpd.read_file(path, engine="pyogrio", skip_features=skip,
                                      max_features=rows, read_geometry=read_geometry)
            yield chunk
            skip += len(chunk)
            if len(chunk) < rows:
                return
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise LoadError(path, [Problem(0, "file", f"cannot be read as geodata: {exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise LoadError(path, [Problem(0, "encoding", f"not UTF-8: {exc}")]) from exc


def numbered(chunks: Iterator[pd.DataFrame], path: Path,
             limits: Limits) -> Iterator[pd.DataFrame]:
    """Chunks indexed by row number (1 for the first row), refused past ``max_rows``."""
    start = 1
    for chunk in chunks:
        if start - 1 + len(chunk) > limits.max_rows:
            raise too_long(path, limits)
        chunk.index = pd.RangeIndex(start, start + len(chunk), name="row")
        start += len(chunk)
        yield chunk


def table_chunks(path: Path, limits: Limits, rows: int, *,
                 read_geometry: bool = False) -> Iterator[pd.DataFrame]:
    """Any file as numbered chunks of rows: CSV as text cells, others through GDAL."""
    if not path.exists():
        raise LoadError(path, [Problem(0, "file", "no such file")])
    chunks = (csv_chunks(path, limits, rows) if is_csv(path)
              else vector_chunks(path, limits, rows, read_geometry))
    return numbered(chunks, path, limits)
