"""Validating rows into records of regions, places, programmes and partnerships."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Polygon

from geoapp.ingest.problems import Problem
from geoapp.store.models import (
    LANGUAGES,
    LOCATION_PRECISIONS,
    PARTNERSHIP_STATUSES,
    PLACE_KINDS,
    PLACE_STATUSES,
    REGION_LEVELS,
    fold,
)

NAME_COLUMNS = tuple(f"name_{lang}" for lang in LANGUAGES)


def rows_of(frame: pd.DataFrame) -> list[tuple[int, dict]]:
    """Return (row number, cells) pairs; plain dicts are far faster than pandas rows.

    Built column by column: ``to_dict("records")`` boxes every cell of a string column.
    """
    data = pd.DataFrame(frame).drop(columns="geometry", errors="ignore")
    columns = [data[c].to_numpy(dtype=object, na_value=None) for c in data.columns]
    names = list(data.columns)
    cells = [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
    if not names:
        cells = [{} for _ in range(len(data))]
    return list(zip((int(i) for i in frame.index), cells, strict=True))


def text(row: dict, column: str) -> str:
    """Return a cell as stripped text ('' when absent or empty)."""
    value = row.get(column, "")
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def one_of(number: int, row: dict, column: str, allowed: tuple[str, ...], default: str,
           problems: list[Problem]) -> str:
    """Return a cell that must be one of ``allowed``; report anything else."""
    value = text(row, column) or default
    if value not in allowed:
        problems.append(Problem(number, column,
                                f"{value!r} is not one of {', '.join(allowed)}", value))
    return value


class SeenIds:
    """The ids met so far in a file, kept as 64-bit hashes with their rows (12 bytes an id).

    A dict of millions of ids would take hundreds of megabytes. Two different ids share a
    hash with a chance of about n²/2^65 (3 in a million for 10 million rows): then the
    second is reported as a duplicate of a row that holds another id.
    """

    def __init__(self) -> None:
        self.hashes = np.empty(0, dtype=np.uint64)
        self.rows = np.empty(0, dtype=np.int64)

    def first_rows(self, ids: pd.Series) -> pd.Series:
        """For each id, the row where it was first met (earlier or in ``ids``), or 0."""
        hashes = pd.util.hash_pandas_object(ids, index=False).to_numpy()
        where = np.minimum(np.searchsorted(self.hashes, hashes), max(len(self.hashes) - 1, 0))
        earlier = (np.where(self.hashes[where] == hashes, self.rows[where], 0)
                   if len(self.hashes) else np.zeros(len(ids), dtype=np.int64))
        rows = ids.index.to_numpy(dtype=np.int64)
        here = pd.Series(rows, index=ids.index).groupby(hashes).transform("min").to_numpy()
        first = np.where(earlier > 0, earlier, np.where(here < rows, here, 0))
        new = first == 0
        order = np.argsort(np.concatenate([self.hashes, hashes[new]]), kind="stable")
        self.hashes = np.concatenate([self.hashes, hashes[new]])[order]
        self.rows = np.concatenate([self.rows, rows[new]])[order]
        return pd.Series(first, index=ids.index)


def unique_ids(frame: pd.DataFrame, column: str, problems: list[Problem],
               seen: SeenIds) -> pd.Series:
    """Return the id column; blank ids and ids met before in the file become problems."""
    if column not in frame.columns:
        problems.append(Problem(0, column, f"no id column {column!r}; name it with --id-column"))
        return pd.Series(dtype=str)
    ids = frame[column].map(lambda v: "" if v is None else str(v).strip())
    for row in ids.index[ids == ""]:
        problems.append(Problem(int(row), column, "missing id"))
    given = ids[ids != ""]
    first = seen.first_rows(given)
    for row in first.index[first > 0]:
        problems.append(Problem(int(row), column, f"duplicate id {given[row]!r} (first on row "
                                f"{first[row]})", given[row]))
    return ids


def check_lengths(records: list[dict], table, columns: dict[str, str],
                  problems: list[Problem]) -> None:
    """Report values longer than their column holds, named by the file's column.

    PostGIS refuses them and SpatiaLite keeps them whole: checked here, both stores agree.
    """
    limits = {c.name: c.type.length for c in table.columns
              if getattr(c.type, "length", None) and c.name != "geom"}
    for record in records:
        for key, length in limits.items():
            value = record.get(key)
            if isinstance(value, str) and len(value) > length:
                problems.append(Problem(record["row"], columns.get(key, key),
                                        f"{len(value):,} characters where at most {length} "
                                        "fit", value[:200]))


def check_places(gdf: gpd.GeoDataFrame, id_column: str, kind: str | None,
                 problems: list[Problem], seen: SeenIds) -> list[dict]:
    """Return place records from rows; a row with a problem is left out."""
    ids = unique_ids(gdf, id_column, problems, seen).to_dict()
    geoms = gdf.geometry.to_numpy()
    # Rows whose coordinate cells the reader already reported need no second problem.
    located = {p.row for p in problems}
    records = [place_record(number, row, ids.get(number, ""), kind, geom, problems, located)
               for (number, row), geom in zip(rows_of(gdf), geoms, strict=True)]
    return [r for r in records if r["id"]]


def place_record(number: int, row: dict, place_id: str, kind: str | None, geom,
                 problems: list[Problem], located: set[int]) -> dict:
    """Build one place record, reporting what is wrong with the row."""
    if geom is None or geom.geom_type != "Point":
        problems.append(Problem(number, "geometry", "a place needs a point geometry"))
    elif number not in located and (geom.is_empty or not np.isfinite(geom.x + geom.y)):
        problems.append(Problem(number, "geometry", "missing coordinates"))
    name = text(row, "name")
    if not name:
        problems.append(Problem(number, "name", "missing name"))
    kind_value = kind or text(row, "kind")
    if not kind_value:
        problems.append(Problem(number, "kind", "missing kind; give a column or --kind"))
    elif kind_value not in PLACE_KINDS:
        problems.append(Problem(number, "kind",
                                f"{kind_value!r} is not one of {', '.join(PLACE_KINDS)}",
                                kind_value))
    return {
        "row": number, "id": place_id, "kind": kind_value, "type": text(row, "type") or None,
        "name": name,
        "name_folded": fold(name),
        "status": one_of(number, row, "status", PLACE_STATUSES, "operating", problems),
        "website": text(row, "website") or None, "address": text(row, "address") or None,
        "location_precision": one_of(number, row, "location_precision", LOCATION_PRECISIONS,
                                     "exact", problems),
        "note": text(row, "note") or None, "country": text(row, "country") or None,
        "programmes": [c for c in text(row, "programmes").split(";") if c.strip()],
        "point": geom,
    }


def check_regions(gdf: gpd.GeoDataFrame, id_column: str, problems: list[Problem],
                  warnings: list[Problem], seen: SeenIds) -> list[dict]:
    """Return region records; invalid polygons are repaired and listed in ``warnings``."""
    ids = unique_ids(gdf, id_column, problems, seen).to_dict()
    records = []
    for (number, row), geom in zip(rows_of(gdf), gdf.geometry.to_numpy(), strict=True):
        names = {c: text(row, c) or None for c in NAME_COLUMNS}
        names["name_uk"] = names["name_uk"] or text(row, "name") or None
        records.append({"row": number, "code": ids.get(number, ""),
                        "level": one_of(number, row, "level", REGION_LEVELS, "", problems),
                        "parent_code": text(row, "parent_code") or None, **names,
                        # A country may come without its outline (none was found for some).
                        "polygon": None if geom is None and text(row, "level") == "country"
                        else region_polygon(number, geom, problems, warnings)})
    return [r for r in records if r["code"]]


def region_polygon(row: int, geom, problems: list[Problem], warnings: list[Problem]):
    """Return a valid MultiPolygon with an area, repairing invalid ones with make_valid.

    A shape that is not a polygon, has coordinates that are not numbers, or of which
    repair leaves no area (a polygon of zero area) is refused: a region without its
    polygon would place nothing and could never be found on the map.
    """
    if geom is None or geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        kind = "nothing" if geom is None or geom.is_empty else geom.geom_type
        problems.append(Problem(row, "geometry", f"a region needs a polygon, got {kind}"))
        return None
    if not np.isfinite(shapely.get_coordinates(geom)).all():
        problems.append(Problem(row, "geometry", "the polygon has coordinates that are not "
                                "numbers (NaN or infinite)"))
        return None
    reason = None
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        geom = shapely.make_valid(geom)
    parts = [g for g in getattr(geom, "geoms", [geom]) if isinstance(g, Polygon | MultiPolygon)]
    polygon = MultiPolygon([p for g in parts for p in getattr(g, "geoms", [g]) if not p.is_empty])
    if polygon.is_empty or polygon.area == 0:
        why = f" (invalid: {reason})" if reason else ""
        problems.append(Problem(row, "geometry", f"the polygon has no area{why}; nothing of "
                                "it can be stored as a region"))
        return None
    if reason:
        warnings.append(Problem(row, "geometry", f"invalid polygon repaired ({reason})"))
    return polygon


def check_partnerships(frame: pd.DataFrame, id_column: str, problems: list[Problem],
                       seen: SeenIds) -> list[dict]:
    """Return partnership records; whether their places exist is checked against the store."""
    ids = unique_ids(frame, id_column, problems, seen).to_dict()
    records = [partnership_record(number, row, ids.get(number, ""), problems)
               for number, row in rows_of(frame)]
    return [r for r in records if r["id"]]


def partnership_record(number: int, row: dict, partnership_id: str,
                       problems: list[Problem]) -> dict:
    """Build one partnership record, reporting what is wrong with the row."""
    ends = {}
    for column in ("place_a", "place_b"):
        ends[column] = text(row, column)
        if not ends[column]:
            problems.append(Problem(number, column, "missing place id"))
    if ends["place_a"] and ends["place_a"] == ends["place_b"]:
        problems.append(Problem(number, "place_b", "a place cannot partner with itself"))
    return {
        "row": number, "id": partnership_id,
        "place_a_id": ends["place_a"], "place_b_id": ends["place_b"],
        "programme_code": text(row, "programme") or None,
        "status": one_of(number, row, "status", PARTNERSHIP_STATUSES, "active", problems),
        "start_date": parse_date(number, row, "start_date", problems),
        "end_date": parse_date(number, row, "end_date", problems),
        "areas": text(row, "areas") or None, "source": text(row, "source") or None,
        "title": text(row, "title") or None,
    }


def parse_date(number: int, row: dict, column: str, problems: list[Problem]) -> dt.date | None:
    """Return an ISO date cell as a date; report anything else."""
    value = text(row, column)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(Problem(number, column, f"{value!r} is not a date YYYY-MM-DD",
                                value))
        return None


def check_programmes(frame: pd.DataFrame, id_column: str, problems: list[Problem],
                     seen: SeenIds) -> list[dict]:
    """Return programme records."""
    ids = unique_ids(frame, id_column, problems, seen).to_dict()
    return [{"row": number, "code": ids[number], **{c: text(row, c) or None for c in NAME_COLUMNS},
             "url": text(row, "url") or None}
            for number, row in rows_of(frame) if ids.get(number)]
